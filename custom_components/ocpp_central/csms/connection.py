"""One OCPP-J connection: frames in, answers out, and calls to the charger.

Incoming CALLs are handled one at a time, in order, by the `dispatch`
callback, whose answer is sent before the next frame is read. A handler may
return follow-up work; it runs as a task after the answer went out, so a
handler never waits for a call to its own charger. Calls to the charger go
out one at a time with a timeout, and fail at once when the connection drops.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from websockets.exceptions import ConnectionClosed

from .errors import (
    ChargerNotSupported,
    ChargerOffline,
    ChargerRejected,
    ChargerTimeout,
    InvalidRequest,
)
from .redact import redact_frame
from .rpc import (
    Call,
    CallError,
    CallErrorFrame,
    CallResult,
    ErrorCode,
    call_frame,
    error_frame,
    parse_frame,
    result_frame,
)
from .schemas import validate

_LOGGER = logging.getLogger(__name__)
RECENT_FRAMES = 20

type FollowUp = Callable[[], Awaitable[None]]
type Dispatch = Callable[[Call], Awaitable[tuple[dict[str, Any], FollowUp | None]]]


class WebSocket(Protocol):
    """The part of a websockets connection we use."""

    def __aiter__(self) -> Any: ...
    async def send(self, message: str) -> None: ...
    async def close(self, code: int = 1000, reason: str = "") -> None: ...


class RpcConnection:
    """The OCPP-J request/response layer over one websocket."""

    def __init__(
        self,
        websocket: WebSocket,
        identity: str,
        version: str,
        dispatch: Dispatch,
        call_timeout: float = 30,
    ) -> None:
        self.websocket = websocket
        self.identity = identity
        self.version = version
        self.call_timeout = call_timeout
        self.recent_frames: deque[tuple[str, str]] = deque(maxlen=RECENT_FRAMES)
        self._dispatch = dispatch
        self._call_lock = asyncio.Lock()
        self._pending: tuple[str, asyncio.Future[CallResult | CallErrorFrame]] | None
        self._pending = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.closed = False

    async def serve(self) -> None:
        """Read frames until the connection closes."""
        try:
            async for message in self.websocket:
                await self._on_message(message)
        finally:
            self.closed = True
            self._fail_pending()
            for task in self._tasks:
                task.cancel()

    def _log(self, direction: str, text: str | bytes) -> None:
        shown = text if isinstance(text, str) else text.decode("utf-8", "replace")
        self.recent_frames.append((direction, shown[:2000]))
        if _LOGGER.isEnabledFor(logging.DEBUG):
            _LOGGER.debug("%s %s %s", self.identity, direction, redact_frame(text))

    async def _on_message(self, message: str | bytes) -> None:
        self._log("<", message)
        try:
            frame = parse_frame(message)
        except CallError as err:
            if self._looks_like_response(message):
                _LOGGER.debug("%s: dropped a malformed response", self.identity)
                return
            _LOGGER.warning("%s: malformed frame: %s", self.identity, err.description)
            await self._send(error_frame(err))
            return
        if isinstance(frame, Call):
            await self._on_call(frame)
        else:
            self._on_response(frame)

    @staticmethod
    def _looks_like_response(message: str | bytes) -> bool:
        head = (
            message[:8] if isinstance(message, str) else message[:8].decode("latin-1")
        )
        return head.lstrip(" \t\r\n[").startswith(("3", "4"))

    async def _on_call(self, call: Call) -> None:
        follow_up: FollowUp | None = None
        try:
            payload, follow_up = await self._dispatch(call)
        except CallError as err:
            err.message_id = call.message_id
            if err.code not in (ErrorCode.NOT_IMPLEMENTED, ErrorCode.NOT_SUPPORTED):
                _LOGGER.warning(
                    "%s: %s refused: %s %s",
                    self.identity,
                    call.action,
                    err.code,
                    err.description,
                )
            await self._send(error_frame(err))
            return
        except Exception:
            _LOGGER.exception("%s: error handling %s", self.identity, call.action)
            await self._send(
                error_frame(
                    CallError(
                        ErrorCode.INTERNAL_ERROR,
                        "the central system failed to handle this message",
                        call.message_id,
                    )
                )
            )
            return
        await self._send(result_frame(call.message_id, payload))
        if follow_up is not None:
            self.spawn(follow_up())

    def spawn(self, work: Awaitable[object]) -> None:
        """Run follow-up work in the background; cancelled when the connection ends."""

        async def guarded() -> None:
            try:
                await work
            except ChargerOffline:
                pass
            except Exception:
                _LOGGER.exception("%s: background work failed", self.identity)

        task = asyncio.create_task(guarded())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _on_response(self, frame: CallResult | CallErrorFrame) -> None:
        pending = self._pending
        if pending is None or pending[0] != frame.message_id or pending[1].done():
            _LOGGER.debug("%s: dropped a response nobody waits for", self.identity)
            return
        pending[1].set_result(frame)

    def _fail_pending(self) -> None:
        if self._pending is not None and not self._pending[1].done():
            future = self._pending[1]
            future.set_exception(ChargerOffline(self.identity))
            # The waiting call may be cancelled before it looks; mark it seen.
            future.exception()

    async def _send(self, text: str) -> None:
        self._log(">", text)
        await self.websocket.send(text)

    async def call(
        self, action: str, payload: dict[str, Any], timeout: float | None = None
    ) -> dict[str, Any]:
        """Send a CALL and return the charger's answer payload.

        Raises `ChargerOffline`, `ChargerTimeout`, `ChargerNotSupported` for a
        NotSupported/NotImplemented CALLERROR, and `ChargerRejected` for any
        other CALLERROR.
        """
        try:
            validate(self.version, action, payload)
        except CallError as err:
            raise InvalidRequest(f"{action}: {err.description}") from err
        async with self._call_lock:
            if self.closed:
                raise ChargerOffline(self.identity)
            message_id = str(uuid.uuid4())
            future: asyncio.Future[CallResult | CallErrorFrame]
            future = asyncio.get_running_loop().create_future()
            self._pending = (message_id, future)
            try:
                await self._send(call_frame(message_id, action, payload))
                async with asyncio.timeout(timeout or self.call_timeout):
                    answer = await future
            except TimeoutError as err:
                raise ChargerTimeout(f"{self.identity}: no answer to {action}") from err
            except ConnectionClosed as err:
                raise ChargerOffline(self.identity) from err
            finally:
                self._pending = None
        if isinstance(answer, CallErrorFrame):
            if answer.code in (ErrorCode.NOT_SUPPORTED, ErrorCode.NOT_IMPLEMENTED):
                raise ChargerNotSupported(answer.code, answer.description)
            raise ChargerRejected(answer.code, answer.description)
        if not isinstance(answer.payload, dict):
            raise ChargerRejected(
                ErrorCode.FORMATION_VIOLATION, "answer is not an object"
            )
        try:
            validate(self.version, action, answer.payload, response=True)
        except CallError as err:
            _LOGGER.warning(
                "%s: %s answer does not match the schema (%s); using it anyway",
                self.identity,
                action,
                err.description,
            )
        return answer.payload

    async def close(self, code: int = 1000, reason: str = "") -> None:
        """Close the websocket."""
        await self.websocket.close(code, reason)
