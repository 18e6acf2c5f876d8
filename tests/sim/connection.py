"""Websocket connection, frame recording, waiting and request plumbing.

SimLink is version-neutral (the 1.6 charger and the 2.0.1 station share it);
SimConnection is the 1.6 flavour with the 1.6 charger's state.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import sys
from collections.abc import Awaitable, Callable, Coroutine
from ssl import SSLContext
from types import TracebackType
from typing import Any, Protocol, Self

from ocpp.charge_point import ChargePoint
from ocpp.v16 import ChargePoint as ChargePoint16
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from .config import NOANSWER, SimConfig

_LOGGER = logging.getLogger("tests.sim")
_MISSING = object()


class _LibraryLogger(logging.LoggerAdapter[logging.Logger]):
    """Logger for the ocpp library: its tracebacks become one-line warnings.

    Malformed CALLs from the central system are expected in tests; the
    library still answers them with a CALLERROR.
    """

    def exception(self, msg: object, *args: object, **kwargs: Any) -> None:
        text = str(msg) % args if args else str(msg)
        self.warning("%s: %r", text, sys.exc_info()[1])


class LinkConfig(Protocol):
    """What SimLink needs from a version's config (SimConfig, SimStationConfig)."""

    url: str
    identity: str | None
    password: str | None
    subprotocols: tuple[str, ...]
    ssl: SSLContext | None
    response_timeout: float
    answers: dict[str, str]


class SimLink(ChargePoint):  # type: ignore[misc]  # ocpp ships no types
    """Connection handling and recording for any OCPP version.

    A subclass picks the version by also deriving from ocpp.v16.ChargePoint
    or ocpp.v201.ChargePoint; handlers and run() live in further subclasses.
    """

    def __init__(self, config: LinkConfig) -> None:
        assert config.identity is not None  # set by the config's __post_init__
        super().__init__(
            config.identity, None, response_timeout=config.response_timeout
        )
        self.logger = _LibraryLogger(_LOGGER)
        self.config = config
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.frames_in: list[str] = []
        self.boot_status: str | None = None
        self.heartbeat_interval: int | None = None
        self._connection: ClientConnection | None = None
        self._closed: asyncio.Future[None] | None = None
        self._reader: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        # Replaced by a fresh Event each time something changed (see wake()).
        self._changed = asyncio.Event()
        self._booted = asyncio.Event()  # set whenever a BootNotification is answered
        # Work to start once the answer to the CALL being handled went out.
        self._followups: list[tuple[Callable[[], Coroutine[Any, Any, Any]], str]] = []
        self._reconnect_wanted = False

    # -- connection ---------------------------------------------------------

    @property
    def connected(self) -> bool:
        """Whether the websocket is open (as far as the receive loop knows)."""
        return self._closed is not None and not self._closed.done()

    async def connect(self) -> None:
        """Open the websocket and start receiving; raises on a refused handshake."""
        if self.connected:
            raise RuntimeError(f"{self.id}: already connected")
        headers: dict[str, str] = {}
        if self.config.password is not None:
            token = f"{self.id}:{self.config.password}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(token).decode()
        extra: dict[str, Any] = {}
        if self.config.ssl is not None:
            extra["ssl"] = self.config.ssl
        conn = await connect(
            self.config.url,
            subprotocols=[Subprotocol(p) for p in self.config.subprotocols] or None,
            additional_headers=headers,
            open_timeout=self.config.response_timeout,
            compression=None,  # cheaper with hundreds of chargers; rare on chargers
            **extra,
        )
        self._connection = conn
        self._closed = asyncio.get_running_loop().create_future()
        # Forget answers meant for an earlier connection.
        self._response_queue: asyncio.Queue[Any] = asyncio.Queue()
        self._reader = asyncio.create_task(self.start(), name=f"sim {self.id} recv")
        _LOGGER.debug("%s: connected to %s", self.id, self.config.url)

    async def close(self, code: int = 1000) -> None:
        """Close the websocket and cancel background tasks; idempotent."""
        self._reconnect_wanted = False
        current = asyncio.current_task()
        tasks = [t for t in self._tasks if t is not current]
        for task in tasks:
            task.cancel()
        if self._connection is not None:
            await self._connection.close(code)
        if self._reader is not None and self._reader is not current:
            await asyncio.gather(self._reader, return_exceptions=True)
        await asyncio.gather(*tasks, return_exceptions=True)

    async def __aenter__(self) -> Self:
        await self.connect()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def wait_closed(self, timeout: float = 10) -> int | None:
        """Wait until the connection is closed and return its close code.

        Returns None when never connected; raises TimeoutError on timeout.
        """
        if self._closed is None or self._connection is None:
            return None
        conn = self._connection
        await asyncio.wait_for(asyncio.shield(self._closed), timeout)
        return conn.close_code

    # -- receiving ------------------------------------------------------------

    async def start(self) -> None:
        """Receive loop for the current connection (runs in a background task)."""
        conn, closed = self._connection, self._closed
        assert conn is not None and closed is not None
        try:
            while True:
                raw = await conn.recv()
                text = raw if isinstance(raw, str) else raw.decode("utf-8", "replace")
                _LOGGER.debug("%s: <- %s", self.id, text)
                try:
                    await self.route_message(text)
                except ConnectionClosed:
                    raise
                except Exception:
                    _LOGGER.exception("%s: failed to handle %s", self.id, text)
        except ConnectionClosed as exc:
            _LOGGER.debug("%s: connection closed: %s", self.id, exc)
        finally:
            if not closed.done():
                closed.set_result(None)

    async def route_message(self, raw_msg: str) -> None:
        """Record the frame (and CALL), wake waiters, then let the library answer."""
        self.frames_in.append(raw_msg)
        try:
            frame = json.loads(raw_msg)
        except ValueError:
            frame = raw_msg
        is_call = isinstance(frame, list) and len(frame) >= 3 and frame[0] == 2
        if is_call:
            payload = frame[3] if len(frame) > 3 and isinstance(frame[3], dict) else {}
            self.calls.append((str(frame[2]), payload))
        self.wake()
        if not isinstance(frame, list):
            # The library would log a traceback and not answer either.
            _LOGGER.warning("%s: ignoring non-OCPP frame %.200r", self.id, raw_msg)
        elif is_call and self.config.answers.get(str(frame[2])) == NOANSWER:
            _LOGGER.debug("%s: not answering %s", self.id, frame[2])
        else:
            await super().route_message(raw_msg)
            # The answer went out: start what the handler scheduled after it.
            followups, self._followups = self._followups, []
            for factory, what in followups:
                self._spawn(factory(), what)
            # Wake waiters again: the handler may have changed the state.
            self.wake()

    def wake(self) -> None:
        """Let every waiter check again: a frame came or the state changed."""
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    async def _wait_until(
        self, find: Callable[[], Any], timeout: float, what: str
    ) -> Any:
        try:
            async with asyncio.timeout(timeout):
                while (found := find()) is _MISSING:
                    await self._changed.wait()
        except TimeoutError:
            raise TimeoutError(f"{self.id}: no {what} within {timeout}s") from None
        return found

    async def wait_until(
        self, check: Callable[[], bool], timeout: float = 10, what: str = "condition"
    ) -> None:
        """Wait until check() is true; it is re-checked after every frame."""
        await self._wait_until(lambda: True if check() else _MISSING, timeout, what)

    async def wait_for_frame(
        self, predicate: Callable[[Any], bool], timeout: float = 10, *, start: int = 0
    ) -> Any:
        """Return the first received frame (from index `start`) matching predicate.

        The predicate gets json.loads(frame), or the raw string when it is not
        JSON; LookupError/TypeError/AttributeError in it count as "no match".
        """
        cursor = start

        def find() -> Any:
            nonlocal cursor
            while cursor < len(self.frames_in):
                raw = self.frames_in[cursor]
                cursor += 1
                try:
                    frame = json.loads(raw)
                except ValueError:
                    frame = raw
                try:
                    if predicate(frame):
                        return frame
                except (LookupError, TypeError, AttributeError):
                    pass
            return _MISSING

        return await self._wait_until(find, timeout, "matching frame")

    async def wait_for_call(
        self, action: str, timeout: float = 10, count: int = 1
    ) -> dict[str, Any]:
        """Wait for the `count`-th received CALL of `action`; return its payload."""

        def find() -> Any:
            payloads = [p for a, p in self.calls if a == action]
            return payloads[count - 1] if len(payloads) >= count else _MISSING

        result: dict[str, Any] = await self._wait_until(
            find, timeout, f"{action} call #{count}"
        )
        return result

    # -- sending --------------------------------------------------------------

    async def _send(self, message: str) -> None:
        if self._connection is None:
            raise RuntimeError(f"{self.id}: not connected")
        _LOGGER.debug("%s: -> %s", self.id, message)
        await self._connection.send(message)

    async def send_raw(self, text: str) -> None:
        """Send any text frame as-is."""
        await self._send(text)

    async def request(self, payload: Any) -> Any:
        """Send a CALL (an ocpp.vNN.call dataclass) and return the call_result.

        Raises OCPPError for a CALLERROR, TimeoutError after response_timeout,
        and websockets' ConnectionClosed when the link goes down meanwhile.
        """
        conn, closed = self._connection, self._closed
        if conn is None or closed is None:
            raise RuntimeError(f"{self.id}: not connected")
        if closed.done():
            raise conn.protocol.close_exc
        pending = asyncio.ensure_future(self.call(payload, suppress=False))
        try:
            await asyncio.wait([pending, closed], return_when=asyncio.FIRST_COMPLETED)
        finally:
            if not pending.done():
                pending.cancel()
                await asyncio.gather(pending, return_exceptions=True)
        if pending.cancelled():
            raise conn.protocol.close_exc
        return pending.result()

    def after_reply(
        self, factory: Callable[[], Coroutine[Any, Any, Any]], what: str
    ) -> None:
        """From a handler: run factory() in the background once the answer is sent."""
        self._followups.append((factory, what))

    def _spawn(self, coro: Coroutine[Any, Any, Any], what: str) -> None:
        """Run coro in a background task that close() cancels; log failures."""
        task = asyncio.create_task(coro, name=f"sim {self.id} {what}")
        self._tasks.add(task)

        def done(task: asyncio.Task[Any]) -> None:
            self._tasks.discard(task)
            self.wake()  # background work may have changed the state
            if task.cancelled():
                return
            exc = task.exception()
            if exc is not None and not isinstance(exc, ConnectionClosed):
                _LOGGER.error("%s: %s failed: %r", self.id, what, exc)

        task.add_done_callback(done)

    # -- helpers for run() loops ----------------------------------------------

    async def _tolerate_timeout(self, request: Awaitable[object], what: str) -> None:
        """Await a request; an unanswered one is logged, not fatal."""
        try:
            await request
        except TimeoutError:
            _LOGGER.warning("%s: no answer to %s", self.id, what)

    async def _pause(self, delay: float | None, *events: asyncio.Event) -> None:
        """Wait for `delay` seconds, one of `events`, or the connection closing."""
        waiters: list[asyncio.Future[Any]] = [
            asyncio.ensure_future(event.wait()) for event in events
        ]
        if self._closed is not None:
            waiters.append(asyncio.shield(self._closed))
        try:
            await asyncio.wait(
                waiters, timeout=delay, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            for waiter in waiters:
                waiter.cancel()
            await asyncio.gather(*waiters, return_exceptions=True)


class SimConnection(SimLink, ChargePoint16):  # type: ignore[misc]
    """The 1.6 link, with the 1.6 charger's own state."""

    config: SimConfig

    def __init__(self, config: SimConfig) -> None:
        super().__init__(config)
        # The local authorization list (SendLocalList), by idTag.
        self.local_list: dict[str, dict[str, Any]] = {}
        self.local_list_version = 0
        self.connector_status: dict[int, str] = {}
