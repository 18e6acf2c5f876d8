"""The opening handshake: who is connecting, may they, and in which protocol."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus

from .auth import PasswordHash, parse_basic_auth, verify_password
from .identity import InvalidIdentity, identity_from_path

_LOGGER = logging.getLogger(__name__)

SUPPORTED_SUBPROTOCOLS = ("ocpp1.6",)


@dataclass(slots=True, frozen=True)
class Admission:
    """The outcome of checking a handshake request."""

    identity: str | None
    authenticated: bool = False
    status: HTTPStatus | None = None  # an HTTP refusal, when set
    reason: str = ""


def choose_subprotocol(offered: Sequence[str]) -> str | None:
    """Pick the charger's most preferred subprotocol among those we support."""
    for candidate in offered:
        if candidate in SUPPORTED_SUBPROTOCOLS:
            return candidate
    return None


def admit(
    path: str,
    authorization: str | None,
    requires_password: bool,
    stored: PasswordHash | None,
) -> Admission:
    """Decide on a handshake (CPU-bound password check: run in a thread).

    With a security profile that needs passwords, a charger that has a
    password must present it with its identity as username. A charger
    without one yet (a newcomer) may connect to be onboarded: it stays
    unauthenticated, which keeps it pending and unable to displace anybody.
    """
    try:
        identity = identity_from_path(path)
    except InvalidIdentity as err:
        return Admission(None, status=HTTPStatus.BAD_REQUEST, reason=str(err))
    if not requires_password:
        return Admission(identity)
    credentials = parse_basic_auth(authorization)
    if stored is None:
        if credentials is not None and credentials[0] != identity:
            return _unauthorized(identity, "the username is not the identity")
        return Admission(identity)
    if credentials is None:
        return _unauthorized(identity, "no credentials")
    username, password = credentials
    valid = verify_password(password, stored)
    if username != identity or not valid:
        return _unauthorized(identity, "wrong username or password")
    return Admission(identity, authenticated=True)


def _unauthorized(identity: str, reason: str) -> Admission:
    return Admission(identity, status=HTTPStatus.UNAUTHORIZED, reason=reason)
