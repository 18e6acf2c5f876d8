"""The opening handshake: who is connecting, and may they."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from http import HTTPStatus

from .auth import PasswordHash, parse_basic_auth, verify_password

_LOGGER = logging.getLogger(__name__)

# One answer for every failed login: it tells nobody whether the identity
# exists or what was wrong.
UNAUTHORIZED = "authentication failed"


@dataclass(slots=True, frozen=True)
class Admission:
    """The outcome of checking a handshake request."""

    identity: str
    authenticated: bool = False
    status: HTTPStatus | None = None  # an HTTP refusal, when set
    reason: str = ""  # what the HTTP answer says
    detail: str = ""  # what our log says (for the owner, not the caller)
    # Credentials were presented and checked, and did not match.
    failed_login: bool = False
    # The identity was proven by a TLS client certificate (profile 3).
    certificate: bool = False
    tls: bool = False  # the connection is encrypted


def admit(
    identity: str,
    authorization: str | None,
    requires_password: bool,
    stored: PasswordHash | None,
) -> Admission:
    """Decide on a handshake of a valid identity (CPU-bound: run in a thread).

    With a security profile that needs passwords, a charger that has a
    password must present it with its identity as username. A charger
    without one yet (a newcomer) may connect to be onboarded: it stays
    unauthenticated, which keeps it pending and unable to displace anybody.
    """
    if not requires_password:
        return Admission(identity)
    credentials = parse_basic_auth(authorization)
    if stored is None:
        if credentials is not None and credentials.username != identity:
            verify_password(credentials.password, None)  # the same cost as a check
            return _unauthorized(identity, "the username is not the identity")
        return Admission(identity)
    if credentials is None:
        return _unauthorized(identity, "no credentials", failed=False)
    valid = any(
        verify_password(candidate, stored) for candidate in credentials.candidates()
    )
    if credentials.username != identity or not valid:
        return _unauthorized(identity, "wrong username or password")
    return Admission(identity, authenticated=True)


def _unauthorized(identity: str, detail: str, failed: bool = True) -> Admission:
    return Admission(
        identity,
        status=HTTPStatus.UNAUTHORIZED,
        reason=UNAUTHORIZED,
        detail=detail,
        failed_login=failed,
    )
