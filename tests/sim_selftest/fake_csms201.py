"""A throwaway OCPP 2.0.1 CSMS on the ocpp library's server side, for the sim self-test.

Every request is schema-checked by the library in both directions, so the
self-test also proves the simulated station speaks valid 2.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from http import HTTPStatus
from ssl import SSLContext
from typing import Any, Self

from ocpp.exceptions import SecurityError
from ocpp.messages import Call
from ocpp.v201 import ChargePoint, call_result
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.typing import Subprotocol

from tests.sim.handlers import on

from .fake_central import NOW, TIMEOUT, basic_auth

TOKEN_ACTIONS = ("Authorize", "TransactionEvent")


class CsmsSession(ChargePoint):  # type: ignore[misc]  # ocpp ships no types
    """One station's connection as the CSMS sees it."""

    def __init__(self, ws: ServerConnection, central: FakeCsms) -> None:
        assert ws.request is not None
        super().__init__(
            ws.request.path.rsplit("/", 1)[-1], ws, response_timeout=TIMEOUT
        )
        self.ws = ws
        self.central = central
        self.path = ws.request.path
        self.auth = ws.request.headers.get("Authorization")
        self.triggered: set[str] = set()  # actions the CSMS asked for while Pending
        self.received: list[tuple[str, dict[str, Any]]] = []
        self._seen: dict[str, int] = {}  # action -> payloads handed out by expect()
        self._arrived = asyncio.Event()
        self.actions: list[str] = []
        self.refused: list[str] = []  # actions answered with SecurityError

    async def route_message(self, raw_msg: str) -> None:
        msg = json.loads(raw_msg)
        if msg[0] == 2:
            self.actions.append(msg[2])
            self.received.append((msg[2], msg[3]))
            self._arrived.set()
        await super().route_message(raw_msg)

    @property
    def registration(self) -> str | None:
        """The station's registration status; it outlives a reconnect."""
        return self.central.registrations.get(self.id)

    def payloads(self, action: str) -> list[dict[str, Any]]:
        """camelCase payloads of every CALL of `action` so far."""
        return [p for a, p in self.received if a == action]

    async def expect(self, action: str) -> dict[str, Any]:
        """The next CALL of `action` not yet handed out (each action in order)."""
        async with asyncio.timeout(TIMEOUT):
            while True:
                found = self.payloads(action)
                seen = self._seen.get(action, 0)
                if len(found) > seen:
                    self._seen[action] = seen + 1
                    return found[seen]
                self._arrived.clear()
                await self._arrived.wait()

    async def request(self, payload: Any) -> Any:
        """Send an ocpp.v201.call request; return the call_result (OCPPError raised)."""
        if type(payload).__name__ == "TriggerMessage":
            self.triggered.add(str(payload.requested_message))
        return await self.call(payload, suppress=False)

    async def raw_call(self, action: str, payload: dict[str, Any]) -> list[Any]:
        """Send a CALL as-is (no schema check); return the answer frame."""
        message = Call(str(uuid.uuid4()), action, payload)
        await self._send(message.to_json())
        answer = await self._get_specific_response(message.unique_id, TIMEOUT)
        if answer.message_type_id == 3:
            return [3, answer.unique_id, answer.payload]
        return [4, answer.unique_id, answer.error_code, answer.error_description]

    def _gate(self, action: str) -> None:
        """The CSMS side of the boot gate: SecurityError before Accepted."""
        if self.registration == "Accepted" or not self.central.enforce_gate:
            return
        allowed = action == "NotifyReport" or action in self.triggered
        if self.registration == "Pending" and allowed:
            self.triggered.discard(action)
            return
        self.refused.append(action)
        raise SecurityError(details={"cause": f"registration {self.registration}"})

    @on("BootNotification")
    def on_boot(self, **_: Any) -> Any:
        status, interval = self.central.next_boot_answer()
        self.central.registrations[self.id] = status
        self.triggered.discard("BootNotification")
        return _result(
            "BootNotification", current_time=NOW, status=status, interval=interval
        )

    @on("Heartbeat")
    def on_heartbeat(self, **_: Any) -> Any:
        self._gate("Heartbeat")
        return _result("Heartbeat", current_time=NOW)

    @on("TransactionEvent")
    def on_transaction_event(
        self, id_token: dict[str, Any] | None = None, **_: Any
    ) -> Any:
        self._gate("TransactionEvent")
        extra = dict(self.central.transaction_answer)
        if id_token is not None:
            status = self.central.tokens.get(id_token["id_token"], "Accepted")
            extra["id_token_info"] = {"status": status}
        return _result("TransactionEvent", **extra)

    @on("Authorize")
    def on_authorize(self, id_token: dict[str, Any], **_: Any) -> Any:
        self._gate("Authorize")
        status = self.central.tokens.get(id_token["id_token"], "Accepted")
        return _result("Authorize", id_token_info={"status": status})

    @on("NotifyEVChargingNeeds")
    def on_needs(self, **_: Any) -> Any:
        self._gate("NotifyEVChargingNeeds")
        return _result("NotifyEVChargingNeeds", status="Accepted")

    @on("SignCertificate")
    def on_sign(self, **_: Any) -> Any:
        self._gate("SignCertificate")
        return _result("SignCertificate", status="Accepted")


def _result(action: str, **fields: Any) -> Any:
    return getattr(call_result, action)(**fields)


def _empty(action: str) -> Any:
    """An @on handler that checks the gate and answers an empty result."""

    def handler(self: CsmsSession, **_: Any) -> Any:
        self._gate(action)
        return _result(action)

    handler.__name__ = f"on_{action}"
    return on(action)(handler)


for _action in (
    "StatusNotification",
    "MeterValues",
    "NotifyReport",
    "NotifyEvent",
    "SecurityEventNotification",
    "NotifyChargingLimit",
    "FirmwareStatusNotification",
    "LogStatusNotification",
    "ReservationStatusUpdate",
    "ReportChargingProfiles",
    "NotifyDisplayMessages",
):
    setattr(CsmsSession, f"on_{_action}", _empty(_action))


class FakeCsms:
    """Accepts stations on 127.0.0.1:<free port>, answers as a tiny 2.0.1 CSMS."""

    def __init__(
        self,
        password: str | None = None,
        subprotocols: tuple[str, ...] = ("ocpp2.0.1",),
        ssl: SSLContext | None = None,
    ) -> None:
        self.password = password
        self.subprotocols = subprotocols
        self.ssl = ssl
        self.enforce_gate = True
        # (status, interval) for the next BootNotifications; then Accepted/300.
        self.boot_answers: list[tuple[str, int]] = []
        self.registrations: dict[str, str] = {}  # identity -> last boot answer
        self.tokens: dict[str, str] = {}  # idToken -> status (else Accepted)
        self.transaction_answer: dict[str, Any] = {}  # e.g. total_cost
        self.sessions: asyncio.Queue[CsmsSession] = asyncio.Queue()
        self._server: Server | None = None

    def next_boot_answer(self) -> tuple[str, int]:
        return self.boot_answers.pop(0) if self.boot_answers else ("Accepted", 300)

    async def __aenter__(self) -> Self:
        self._server = await serve(
            self._handler,
            "127.0.0.1",
            0,
            subprotocols=[Subprotocol(p) for p in self.subprotocols],
            process_request=self._check_auth,
            ssl=self.ssl,
        )
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    def url(self, identity: str) -> str:
        assert self._server is not None
        port = next(iter(self._server.sockets)).getsockname()[1]
        scheme = "wss" if self.ssl else "ws"
        return f"{scheme}://127.0.0.1:{port}/{identity}"

    async def next_session(self) -> CsmsSession:
        async with asyncio.timeout(TIMEOUT):
            return await self.sessions.get()

    def _check_auth(self, ws: ServerConnection, request: Request) -> Response | None:
        if self.password is None:
            return None
        identity = request.path.rsplit("/", 1)[-1]
        if request.headers.get("Authorization") == basic_auth(identity, self.password):
            return None
        return ws.respond(HTTPStatus.UNAUTHORIZED, "Unauthorized\n")

    async def _handler(self, ws: ServerConnection) -> None:
        session = CsmsSession(ws, self)
        self.sessions.put_nowait(session)
        with contextlib.suppress(ConnectionClosed):
            await session.start()
