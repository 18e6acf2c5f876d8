"""A websockets server on 127.0.0.1 wired the way the central system will be."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from http import HTTPStatus

from websockets.asyncio.server import Response, ServerConnection, serve
from websockets.http11 import Request

from custom_components.ocpp_central.csms.security import (
    CertificateVerdict,
    HandshakeFailure,
    check_client_certificate,
    observe_handshake_failures,
    peer_certificate,
)


@dataclass
class Served:
    """What the server saw: verdicts at the websocket handshake, TLS refusals."""

    port: int
    verdicts: list[CertificateVerdict] = field(default_factory=list)
    failures: list[HandshakeFailure] = field(default_factory=list)

    def url(self, identity: str = "CP1") -> str:
        return f"wss://127.0.0.1:{self.port}/ocpp/{identity}"


@asynccontextmanager
async def serving(
    context: ssl.SSLContext,
    is_revoked: Callable[[int], bool] | None = None,
    *,
    organization: str | None = None,
) -> AsyncIterator[Served]:
    """Serve `context`; with `is_revoked`, check client certificates (profile 3)."""
    served = Served(port=0)
    observe_handshake_failures(context, served.failures.append)

    async def process_request(
        connection: ServerConnection, request: Request
    ) -> Response | None:
        if is_revoked is None:
            return None
        identity = request.path.rsplit("/", 1)[-1]
        verdict = check_client_certificate(
            peer_certificate(connection.transport),
            identity,
            is_revoked,
            organization=organization,
        )
        served.verdicts.append(verdict)
        if verdict.accepted:
            return None
        return connection.respond(HTTPStatus.FORBIDDEN, verdict.reason + "\n")

    async def handler(websocket: ServerConnection) -> None:
        await websocket.send("welcome")
        await websocket.wait_closed()

    async with serve(
        handler, "127.0.0.1", 0, ssl=context, process_request=process_request
    ) as server:
        served.port = next(iter(server.sockets)).getsockname()[1]
        yield served
