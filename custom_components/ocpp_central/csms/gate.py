"""The websocket handshake: who may connect, and with which OCPP version.

Before a websocket opens, a request is checked in this order: it is an
upgrade, its path names a valid identity, the identity and address are not
throttled after failed logins, an unknown identity finds room among the
chargers waiting to be accepted, and its client certificate or password
admits it. The subprotocol is chosen among the versions we speak. What was
decided travels to the connection handler as an `Admission`.
"""

from __future__ import annotations

import asyncio
import logging
import math
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import replace
from http import HTTPStatus
from typing import Any, Protocol

from websockets.asyncio.server import ServerConnection
from websockets.http11 import Request, Response

from .certificates import Certificates
from .guard import Throttle
from .handshake import UNAUTHORIZED, Admission, admit
from .identity import InvalidIdentity, identity_from_path
from .logutil import LogLimiter
from .model import Charger
from .security import peer_certificate
from .settings import Settings
from .versions import SUBPROTOCOLS, choose_subprotocol

_LOGGER = logging.getLogger(__name__)
# Unaccepted chargers (each with a "new charger" card in Home Assistant) kept
# at once; the oldest offline ones are forgotten first, and when all of them
# are online, new identities are turned away until one is accepted or leaves.
MAX_WAITING = 50
CERTIFICATE_PROFILE = 3  # security profile of a charger with a client certificate


class Host(Protocol):
    """What the gate reads of its central system."""

    settings: Settings
    chargers: dict[str, Charger]
    throttle: Throttle
    limiter: LogLimiter
    certificates: Certificates

    @property
    def sessions(self) -> Mapping[str, object]:
        """The chargers online now, by identity."""

    @property
    def requires_password(self) -> bool:
        """Whether chargers authenticate with HTTP Basic."""

    def protocol_refused(self, identity: str, offered: list[str]) -> None:
        """A charger offered no OCPP version we speak."""


class Gate:
    """Admits or refuses websocket handshakes for a central system."""

    def __init__(self, system: Host) -> None:
        self.system = system
        # Per handshake; gone with the connection object, whatever happens.
        self._admissions: weakref.WeakKeyDictionary[ServerConnection, Admission]
        self._admissions = weakref.WeakKeyDictionary()

    def admission_of(self, connection: ServerConnection) -> Admission:
        """What the handshake decided for this connection (once).

        websockets serves a connection only after `process_request` let its
        handshake through, which is where its admission is kept.
        """
        return self._admissions.pop(connection)

    async def process_request(
        self, connection: ServerConnection, request: Request
    ) -> Response | None:
        address = connection.remote_address[0] if connection.remote_address else "?"
        if request.headers.get("Upgrade", "").lower() != "websocket":
            _LOGGER.debug("%s sent a request that is not a websocket upgrade", address)
            return connection.respond(
                HTTPStatus.UPGRADE_REQUIRED, "This is an OCPP websocket endpoint.\n"
            )
        try:
            identity = identity_from_path(request.path)
        except InvalidIdentity as err:
            self.system.limiter.info(
                _LOGGER,
                address,
                "Refused a connection to %r from %s: %s",
                request.path,
                address,
                err,
            )
            return connection.respond(HTTPStatus.BAD_REQUEST, f"{err}\n")
        wait = self.system.throttle.wait_for(identity, address)
        if wait > 0:
            self.system.limiter.warning(
                _LOGGER,
                address,
                "Throttled %s from %s after failed logins; next try in %d s",
                identity,
                address,
                math.ceil(wait),
            )
            return self._too_many(connection, wait)
        known = self.system.chargers.get(identity)
        if (
            known is None
            and not self.system.settings.auto_accept
            and not self._room_for(identity, address)
        ):
            return self._too_many(connection, 60.0)
        admission = await self._admit(connection, request, identity, address, known)
        if admission.status is not None:
            self.system.limiter.warning(
                _LOGGER,
                address,
                "Refused %s from %s: %s",
                identity,
                address,
                admission.detail or admission.reason,
            )
            response = connection.respond(admission.status, admission.reason + "\n")
            if admission.status == HTTPStatus.UNAUTHORIZED:
                response.headers["WWW-Authenticate"] = 'Basic realm="OCPP"'
            return response
        self._admissions[connection] = admission
        return None

    async def _admit(
        self,
        connection: ServerConnection,
        request: Request,
        identity: str,
        address: str,
        known: Charger | None,
    ) -> Admission:
        certificate = self.system.certificates.check(
            peer_certificate(connection.transport), identity
        )
        if certificate.refusal is not None:
            # A certificate was shown and it is not good for this identity:
            # never fall back to a password.
            return Admission(
                identity,
                status=HTTPStatus.FORBIDDEN,
                reason="the client certificate is not accepted",
                detail=certificate.refusal,
            )
        if certificate.identity_proven:
            return Admission(identity, authenticated=True, certificate=True, tls=True)
        if known is not None and known.security_profile >= CERTIFICATE_PROFILE:
            # It reached profile 3: a password alone would be a downgrade.
            return Admission(
                identity,
                status=HTTPStatus.UNAUTHORIZED,
                reason=UNAUTHORIZED,
                detail="a client certificate is required",
            )
        authorization = request.headers.get("Authorization")
        if not self.system.requires_password:
            return admit(identity, authorization, False, None)
        stored = known.password if known else None
        admission = await asyncio.to_thread(
            admit, identity, authorization, True, stored
        )
        if _is_tls(connection):
            admission = replace(admission, tls=True)
        if admission.failed_login:
            self.system.throttle.failed(identity, address)
        elif admission.authenticated:
            self.system.throttle.succeeded(identity)
        return admission

    def _room_for(self, identity: str, address: str) -> bool:
        """Whether an unknown identity may connect from this address now."""
        waiting_online = sum(
            1
            for charger in self.system.chargers.values()
            if not charger.accepted and charger.identity in self.system.sessions
        )
        if waiting_online >= MAX_WAITING:
            self.system.limiter.warning(
                _LOGGER,
                "waiting",
                "Turned away %s from %s: %s chargers already wait to be accepted",
                identity,
                address,
                waiting_online,
            )
            return False
        if not self.system.throttle.admit_newcomer(address):
            self.system.limiter.warning(
                _LOGGER,
                address,
                "Turned away %s from %s: too many new identities from one address",
                identity,
                address,
            )
            return False
        return True

    @staticmethod
    def _too_many(connection: ServerConnection, wait: float) -> Response:
        response = connection.respond(
            HTTPStatus.TOO_MANY_REQUESTS, "Too many attempts; try again later.\n"
        )
        response.headers["Retry-After"] = str(math.ceil(wait))
        return response

    def select_subprotocol(
        self, connection: ServerConnection, offered: Sequence[str]
    ) -> Any:
        chosen = choose_subprotocol(offered)
        if chosen is None:
            # Asked only after `process_request` admitted the handshake.
            identity = self._admissions[connection].identity
            self.system.limiter.warning(
                _LOGGER,
                f"protocol/{identity}",
                "%s offered %s; this central system speaks %s",
                identity,
                ", ".join(offered) or "no OCPP version",
                ", ".join(SUBPROTOCOLS),
            )
            self.system.protocol_refused(identity, list(offered))
        return chosen


def _is_tls(connection: ServerConnection) -> bool:
    return connection.transport.get_extra_info("ssl_object") is not None
