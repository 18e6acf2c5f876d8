"""A throwaway OCPP 1.6J central system on raw JSON frames, for the sim self-test."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
from http import HTTPStatus
from typing import Any, Self

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.typing import Subprotocol

NOW = "2025-01-01T00:00:00Z"
TIMEOUT = 5
ACCEPTED = {"status": "Accepted"}


def basic_auth(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class Session:
    """One charger connection as seen by the central system."""

    def __init__(self, ws: ServerConnection, central: FakeCentral) -> None:
        self.ws = ws
        self.central = central
        assert ws.request is not None
        self.path = ws.request.path
        self.auth = ws.request.headers.get("Authorization")
        self.incoming: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()
        self.raw: asyncio.Queue[str] = asyncio.Queue()  # frames that are not JSON
        self.actions: list[str] = []  # every CALL action received, in order
        self.received: list[tuple[str, dict[str, Any]]] = []  # (action, payload)
        self._pending: dict[str, asyncio.Future[list[Any]]] = {}
        self._ids = itertools.count(1)

    async def serve(self) -> None:
        async for raw in self.ws:
            assert isinstance(raw, str)
            try:
                msg = json.loads(raw)
            except ValueError:
                self.raw.put_nowait(raw)
                continue
            if msg[0] == 2:
                _, unique_id, action, payload = msg
                answer = self.central.answer(action)
                await self.ws.send(json.dumps([3, unique_id, answer]))
                self.actions.append(action)
                self.received.append((action, payload))
                self.incoming.put_nowait((action, payload))
            elif (future := self._pending.pop(msg[1], None)) is not None:
                future.set_result(msg)

    async def send_call(
        self, action: str, payload: dict[str, Any] | None = None
    ) -> asyncio.Future[list[Any]]:
        """Send a CALL; the future gets the CALLRESULT/CALLERROR frame."""
        unique_id = f"cs-{next(self._ids)}"
        future = asyncio.get_running_loop().create_future()
        self._pending[unique_id] = future
        await self.ws.send(json.dumps([2, unique_id, action, payload or {}]))
        return future

    async def call(self, action: str, payload: dict[str, Any] | None = None) -> Any:
        """Send a CALL and return the answer frame."""
        future = await self.send_call(action, payload)
        async with asyncio.timeout(TIMEOUT):
            return await future

    async def expect(self, action: str) -> dict[str, Any]:
        """Return the payload of the next CALL of `action` (skipping others)."""
        async with asyncio.timeout(TIMEOUT):
            while True:
                got, payload = await self.incoming.get()
                if got == action:
                    return payload


class FakeCentral:
    """Accepts chargers on 127.0.0.1:<free port> and answers their CALLs."""

    def __init__(self, password: str | None = None) -> None:
        self.password = password
        # (status, interval) for the next BootNotifications; then Accepted/300.
        self.boot_answers: list[tuple[str, int]] = []
        self.transactions = 0  # the last transactionId handed out
        self.sessions: asyncio.Queue[Session] = asyncio.Queue()
        self._server: Server | None = None

    async def __aenter__(self) -> Self:
        self._server = await serve(
            self._handler,
            "127.0.0.1",
            0,
            subprotocols=[Subprotocol("ocpp1.6")],
            process_request=self._check_auth,
        )
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    def url(self, identity: str) -> str:
        assert self._server is not None
        port = next(iter(self._server.sockets)).getsockname()[1]
        return f"ws://127.0.0.1:{port}/{identity}"

    async def next_session(self) -> Session:
        async with asyncio.timeout(TIMEOUT):
            return await self.sessions.get()

    def answer(self, action: str) -> dict[str, Any]:
        if action == "BootNotification":
            status, interval = (
                self.boot_answers.pop(0) if self.boot_answers else ("Accepted", 300)
            )
            return {"status": status, "currentTime": NOW, "interval": interval}
        if action == "Heartbeat":
            return {"currentTime": NOW}
        if action == "StartTransaction":
            self.transactions += 1
            return {"transactionId": self.transactions, "idTagInfo": ACCEPTED}
        if action == "Authorize":
            return {"idTagInfo": ACCEPTED}
        return {}

    def _check_auth(self, ws: ServerConnection, request: Request) -> Response | None:
        if self.password is None:
            return None
        identity = request.path.rsplit("/", 1)[-1]
        if request.headers.get("Authorization") == basic_auth(identity, self.password):
            return None
        return ws.respond(HTTPStatus.UNAUTHORIZED, "Unauthorized\n")

    async def _handler(self, ws: ServerConnection) -> None:
        session = Session(ws, self)
        self.sessions.put_nowait(session)
        with contextlib.suppress(ConnectionClosed):
            await session.serve()
