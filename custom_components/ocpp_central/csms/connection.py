"""One OCPP-J connection: frames in, answers out, and calls to the charger.

Incoming CALLs are handled one at a time, in order, by the `dispatch`
callback, whose answer is sent before the next frame is read. A handler may
return follow-up work; it runs as a task after the answer went out, so a
handler never waits for a call to its own charger. A CALL repeated with the
same message id (a charger retrying after a lost answer) gets the same answer
again without being handled twice.

Calls to the charger go out one at a time (control before housekeeping),
each within its timeout from the moment it is asked for, and fail at once
when the connection drops. What chargers do every day (dropped links,
garbage frames) is logged in one line, rate-limited, never as a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol

from websockets.exceptions import ConnectionClosed

from .callslot import CallSlot, Priority
from .errors import (
    ChargerBadAnswer,
    ChargerError,
    ChargerNotSupported,
    ChargerOffline,
    ChargerRejected,
    ChargerRestarted,
    ChargerTimeout,
    InvalidRequest,
)
from .logutil import LogLimiter
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
from .schemas import check_answer, validate

_LOGGER = logging.getLogger(__name__)
RECENT_FRAMES = 20
# Answers kept to repeat for a CALL sent again with the same message id.
ANSWERS_KEPT = 8
REPEAT_WINDOW = 300.0  # s: a repeat later than this is handled as new

type FollowUp = Callable[[], Awaitable[None]]
# The call waiting for its answer: message id, action, the answer to come.
type _Pending = tuple[str, str, asyncio.Future[CallResult | CallErrorFrame]]
type Dispatch = Callable[[Call], Awaitable[tuple[dict[str, Any], FollowUp | None]]]


class WebSocket(Protocol):
    """The part of a websockets connection we use."""

    transport: asyncio.Transport

    def __aiter__(self) -> Any: ...
    async def ping(self) -> Awaitable[float]: ...
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
        limiter: LogLimiter | None = None,
        error_codes: Mapping[str, str] | None = None,
    ) -> None:
        self.websocket = websocket
        self.identity = identity
        self.version = version
        self.call_timeout = call_timeout
        self.limiter = limiter or LogLimiter()
        # How this protocol version spells the CALLERROR codes we send.
        self._codes = error_codes or {}
        self.recent_frames: deque[tuple[str, str]] = deque(maxlen=RECENT_FRAMES)
        self._dispatch = dispatch
        self._slot = CallSlot()
        self._pending: _Pending | None = None
        self._answered: OrderedDict[str, tuple[int, float, str]] = OrderedDict()
        self._tasks: set[asyncio.Task[None]] = set()
        self.closed = False
        self.close_code: int | None = None
        self.close_reason = ""

    async def serve(self) -> None:
        """Read frames until the connection closes (never raises for a drop)."""
        try:
            async for message in self.websocket:
                await self._on_message(message)
        except ConnectionClosed as err:
            # A reset, a keepalive timeout, an oversized frame (1009) or bad
            # UTF-8 (1007): the charger reconnects; one line is logged above.
            received = err.rcvd or err.sent
            self.close_code = received.code if received else 1006
            self.close_reason = received.reason if received else ""
        else:
            received = getattr(self.websocket, "close_code", None)
            self.close_code = received if isinstance(received, int) else 1000
        finally:
            self.closed = True
            self.forget_pending(ChargerOffline(self.identity))
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
            self.limiter.warning(
                _LOGGER,
                self.identity,
                "%s: malformed frame answered with %s: %s",
                self.identity,
                err.code,
                err.description,
            )
            await self._send(self._error(err))
            return
        if isinstance(frame, Call):
            if not await self._repeat_answer(frame, message):
                await self._on_call(frame, message)
        else:
            self._on_response(frame)

    async def _repeat_answer(self, call: Call, message: str | bytes) -> bool:
        """Answer a CALL seen before (same id, same text) as it was answered."""
        seen = self._answered.get(call.message_id)
        if seen is None:
            return False
        fingerprint, answered_at, answer = seen
        if fingerprint != hash(message) or time.monotonic() - answered_at > (
            REPEAT_WINDOW
        ):
            return False
        self.limiter.info(
            _LOGGER,
            f"{self.identity}/repeat",
            "%s: %s %s arrived again; answered as before, not handled twice",
            self.identity,
            call.action,
            call.message_id,
        )
        await self._send(answer)
        return True

    def _keep_answer(self, call: Call, message: str | bytes, answer: str) -> None:
        if not call.payload:
            # Nothing in it to count twice (a heartbeat), and some chargers
            # send those with one id over and over.
            return
        self._answered[call.message_id] = (hash(message), time.monotonic(), answer)
        self._answered.move_to_end(call.message_id)
        while len(self._answered) > ANSWERS_KEPT:
            self._answered.popitem(last=False)

    @staticmethod
    def _looks_like_response(message: str | bytes) -> bool:
        head = (
            message[:8] if isinstance(message, str) else message[:8].decode("latin-1")
        )
        return head.lstrip(" \t\r\n[").startswith(("3", "4"))

    async def _on_call(self, call: Call, message: str | bytes) -> None:
        follow_up: FollowUp | None = None
        try:
            payload, follow_up = await self._dispatch(call)
        except CallError as err:
            err.message_id = call.message_id
            if err.code not in (ErrorCode.NOT_IMPLEMENTED, ErrorCode.NOT_SUPPORTED):
                self.limiter.warning(
                    _LOGGER,
                    self.identity,
                    "%s: %s refused: %s %s",
                    self.identity,
                    call.action,
                    err.code,
                    err.description,
                )
            await self._send(self._error(err))
            return
        except Exception:
            _LOGGER.exception("%s: error handling %s", self.identity, call.action)
            await self._send(
                self._error(
                    CallError(
                        ErrorCode.INTERNAL_ERROR,
                        "the central system failed to handle this message",
                        call.message_id,
                    )
                )
            )
            return
        answer = result_frame(call.message_id, payload)
        self._keep_answer(call, message, answer)
        await self._send(answer)
        if follow_up is not None:
            self.spawn(follow_up())

    def _error(self, err: CallError) -> str:
        err.code = self._codes.get(err.code, err.code)
        return error_frame(err)

    def spawn(self, work: Awaitable[object]) -> None:
        """Run follow-up work in the background; cancelled when the connection ends.

        A charger that is gone, refuses or does not answer is logged in one
        warning line; only a fault of our own is logged with a traceback.
        """

        async def guarded() -> None:
            try:
                await work
            except ChargerOffline:
                pass
            except ChargerError as err:
                self.limiter.warning(
                    _LOGGER,
                    f"{self.identity}/background",
                    "%s: a follow-up call failed: %s",
                    self.identity,
                    err or type(err).__name__,
                )
            except Exception:
                _LOGGER.exception("%s: background work failed", self.identity)

        task = asyncio.create_task(guarded())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _on_response(self, frame: CallResult | CallErrorFrame) -> None:
        pending = self._pending
        if pending is None or pending[0] != frame.message_id or pending[2].done():
            _LOGGER.debug("%s: dropped a response nobody waits for", self.identity)
            return
        pending[2].set_result(frame)

    def forget_pending(self, error: ChargerError) -> None:
        """Fail the call waiting for an answer.

        Used when the connection ends and when the charger boots again: a
        charger that restarted will not answer what it was asked before.
        """
        pending = self._pending
        if pending is None or pending[2].done():
            return
        pending[2].set_exception(error)
        # The waiting call may be cancelled before it looks; mark it seen.
        pending[2].exception()

    def charger_restarted(self) -> None:
        """The charger booted again on this connection: void what it was asked."""
        self.forget_pending(ChargerRestarted(self.identity))

    async def _send(self, text: str) -> None:
        self._log(">", text)
        await self.websocket.send(text)

    async def call(
        self,
        action: str,
        payload: dict[str, Any],
        timeout: float | None = None,
        priority: Priority = Priority.CONTROL,
    ) -> dict[str, Any]:
        """Send a CALL and return the charger's answer payload.

        The timeout runs from this call on: waiting for the call slot and
        sending the frame count too. Raises `ChargerOffline` (also when the
        charger restarted meanwhile), `ChargerTimeout`, `ChargerNotSupported`
        for a NotSupported/NotImplemented CALLERROR, `ChargerRejected` for any
        other CALLERROR and `ChargerBadAnswer` for an answer we cannot read.
        """
        try:
            validate(self.version, action, payload)
        except CallError as err:
            raise InvalidRequest(f"{action}: {err.description}") from err
        writing = False
        try:
            async with asyncio.timeout(timeout or self.call_timeout):
                await self._slot.acquire(priority)
                try:
                    if self.closed:
                        raise ChargerOffline(self.identity)
                    message_id = str(uuid.uuid4())
                    future: asyncio.Future[CallResult | CallErrorFrame]
                    future = asyncio.get_running_loop().create_future()
                    self._pending = (message_id, action, future)
                    try:
                        writing = True
                        await self._send(call_frame(message_id, action, payload))
                        writing = False
                        answer = await future
                    finally:
                        self._pending = None
                finally:
                    self._slot.release()
        except TimeoutError as err:
            if writing and not self.closed:
                self._give_up_on_writer()
            raise ChargerTimeout(f"{self.identity}: no answer to {action}") from err
        except ConnectionClosed as err:
            raise ChargerOffline(self.identity) from err
        return self._read_answer(action, answer)

    def _give_up_on_writer(self) -> None:
        # Time ran out while the frame was still being written: the charger
        # stopped reading (its receive window is full).
        _LOGGER.warning(
            "%s: the charger stopped reading what we send; closing the connection",
            self.identity,
        )
        self.websocket.transport.abort()

    def _read_answer(
        self, action: str, answer: CallResult | CallErrorFrame
    ) -> dict[str, Any]:
        if isinstance(answer, CallErrorFrame):
            if answer.code in (ErrorCode.NOT_SUPPORTED, ErrorCode.NOT_IMPLEMENTED):
                raise ChargerNotSupported(answer.code, answer.description)
            raise ChargerRejected(answer.code, answer.description)
        if not isinstance(answer.payload, dict):
            raise ChargerBadAnswer(f"the answer to {action} is not an object")
        problem = check_answer(self.version, action, answer.payload)
        if problem is not None:
            usable, description = problem
            self.limiter.warning(
                _LOGGER,
                f"{self.identity}/answer",
                "%s: the %s answer does not follow the protocol (%s)%s",
                self.identity,
                action,
                description,
                "; using it anyway" if usable else "",
            )
            if not usable:
                raise ChargerBadAnswer(f"{action}: {description}")
        return answer.payload

    async def close(self, code: int = 1000, reason: str = "") -> None:
        """Close the websocket."""
        await self.websocket.close(code, reason)
