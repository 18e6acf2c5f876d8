"""Certificates of chargers: issued on their request, checked at the handshake.

The host hands in a `CertificateAuthority` (created and stored by it); then
a charger that proved who it is (accepted, and authenticated by password or
certificate) may send a CSR and gets a certificate for its own identity,
and a TLS client certificate from that CA admits it without a password
(security profile 3). Without an authority, CSRs are refused.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .logutil import LogLimiter
from .model import Change, Charger, SecurityEvent
from .protocol import Link
from .security import (
    RENEWAL_MARGIN,
    CertificateAuthority,
    CsrRejected,
    PeerCertificate,
    SignedCertificate,
    check_client_certificate,
)
from .timeutil import parse_timestamp, utc_now

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CertificateCheck:
    """What a TLS client certificate says about a handshake."""

    identity_proven: bool  # a valid certificate of ours for this identity
    refusal: str | None  # why a certificate shown must be refused


class Certificates:
    """The central system's certificate authority, as its parts use it."""

    def __init__(self, limiter: LogLimiter) -> None:
        self.authority: CertificateAuthority | None = None
        self._limiter = limiter
        self._waiting: dict[str, asyncio.Future[None]] = {}
        # Called after the authority changed (a certificate signed, revoked).
        self.changed: Callable[[], None] = lambda: None

    def sign(self, identity: str, csr_pem: str) -> SignedCertificate | None:
        """Sign a trusted charger's CSR; None (logged) when it is refused."""
        if self.authority is None:
            self._limiter.info(
                _LOGGER,
                f"csr/{identity}",
                "%s asked for a certificate; no certificate authority is set up",
                identity,
            )
            return None
        try:
            signed = self.authority.sign_csr(csr_pem, identity)
        except CsrRejected as err:
            self._limiter.warning(
                _LOGGER,
                f"csr/{identity}",
                "%s: refused its certificate request: %s",
                identity,
                err,
            )
            return None
        _LOGGER.info(
            "%s: issued a certificate (serial %x, until %s)",
            identity,
            signed.serial,
            signed.not_after.date(),
        )
        self.changed()
        return signed

    def expect(self, identity: str) -> asyncio.Future[None]:
        """A future done once the charger installed a certificate we issued."""
        waiter = self._waiting.get(identity)
        if waiter is None or waiter.done():
            waiter = asyncio.get_running_loop().create_future()
            self._waiting[identity] = waiter
        return waiter

    def delivered(self, identity: str, status: str) -> None:
        """The charger answered the certificate we sent it."""
        if status == "Accepted":
            _LOGGER.info("%s installed its new certificate", identity)
            waiter = self._waiting.pop(identity, None)
            if waiter is not None and not waiter.done():
                waiter.set_result(None)
        else:
            self._limiter.warning(
                _LOGGER,
                f"csr/{identity}",
                "%s refused the certificate it was issued (%s)",
                identity,
                status,
            )

    def revoke(self, identity: str) -> None:
        """Revoke every certificate issued to a charger (its device was deleted)."""
        if self.authority is not None and self.authority.revoke(identity):
            _LOGGER.info("%s: its certificates are revoked", identity)
            self.changed()

    def renewals_due(
        self,
        identities: Iterable[str],
        now: dt.datetime,
        margin: dt.timedelta = RENEWAL_MARGIN,
    ) -> list[str]:
        """Of these chargers, those whose newest certificate from us expires soon.

        A charger that never got one from us is not asked: it logs in with
        its password, or with a certificate someone else manages.
        """
        if self.authority is None:
            return []
        due = []
        for identity in identities:
            issued = self.authority.issued_to(identity)
            if issued and issued[-1].not_after - margin <= now:
                due.append(identity)
        return due

    def check(self, peer: PeerCertificate | None, identity: str) -> CertificateCheck:
        """Judge the client certificate of a handshake (None: none shown)."""
        if peer is None:
            return CertificateCheck(False, None)
        if self.authority is None:
            return CertificateCheck(False, "no certificate authority")
        verdict = check_client_certificate(peer, identity, self.authority.is_revoked)
        if verdict.accepted:
            return CertificateCheck(True, None)
        return CertificateCheck(False, verdict.reason)


def note_security_event(
    link: Link, kind: str, timestamp: str | None, tech_info: str | None
) -> None:
    """Keep a charger's security event and tell the host (never its details)."""
    charger: Charger = link.charger
    charger.last_security_event = SecurityEvent(
        kind, parse_timestamp(timestamp) or utc_now(), tech_info
    )
    _LOGGER.info("%s reported a security event: %s", charger.identity, kind)
    link.notify(Change.SECURITY_EVENT)
