"""Who is on the other end of a profile-3 connection, and may they connect.

OpenSSL has already refused missing, expired and foreign certificates at
the TLS handshake. What is left for the websocket handshake (websockets'
`process_request`, where the URL identity is known): the certificate must
name this charger, must not be revoked, and, when asked, must carry our
organization (white paper A00.FR.404/405).
"""

from __future__ import annotations

import datetime as dt
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from cryptography import x509
from cryptography.x509.oid import NameOID


class _HasExtraInfo(Protocol):
    def get_extra_info(self, name: str, default: object = None) -> object: ...


@dataclass(frozen=True, slots=True)
class PeerCertificate:
    """What we read from a charger's TLS client certificate."""

    common_name: str | None
    organization: str | None
    serial: int
    not_after: dt.datetime


class CertificateRefusal(StrEnum):
    """Why a verified client certificate is still refused (safe to log)."""

    MISSING = "no client certificate"
    IDENTITY = "the certificate is not for this charger"
    ORGANIZATION = "the certificate is not from this operator"
    REVOKED = "the certificate was revoked"


@dataclass(frozen=True, slots=True)
class CertificateVerdict:
    """The outcome of `check_client_certificate`."""

    refusal: CertificateRefusal | None
    serial: int | None = None

    @property
    def accepted(self) -> bool:
        """Whether the charger may connect."""
        return self.refusal is None

    @property
    def reason(self) -> str:
        """Short text for the log and the HTTP answer ("" when accepted)."""
        return "" if self.refusal is None else self.refusal.value


def peer_certificate(transport: _HasExtraInfo | None) -> PeerCertificate | None:
    """The client certificate of a TLS connection, or None.

    Pass the websockets connection's `transport`; None when the
    connection is not TLS or the client sent no certificate.
    """
    if transport is None:
        return None
    ssl_object = transport.get_extra_info("ssl_object")
    if not isinstance(ssl_object, ssl.SSLObject | ssl.SSLSocket):
        return None
    der = ssl_object.getpeercert(binary_form=True)
    if not der:
        return None
    certificate = x509.load_der_x509_certificate(der)
    return PeerCertificate(
        _single(certificate.subject, NameOID.COMMON_NAME),
        _single(certificate.subject, NameOID.ORGANIZATION_NAME),
        certificate.serial_number,
        certificate.not_valid_after_utc,
    )


def check_client_certificate(
    peer: PeerCertificate | None,
    identity: str,
    is_revoked: Callable[[int], bool],
    *,
    organization: str | None = None,
) -> CertificateVerdict:
    """Decide whether the certificate admits the charger `identity`.

    The common name must equal the URL identity exactly (A00.FR.405: the
    charger's unique serial number, which is its identity). The serial
    must not be revoked. `organization`, when given, must be the O.
    """
    if peer is None:
        return CertificateVerdict(CertificateRefusal.MISSING)
    if peer.common_name != identity:
        return CertificateVerdict(CertificateRefusal.IDENTITY, peer.serial)
    if organization is not None and peer.organization != organization:
        return CertificateVerdict(CertificateRefusal.ORGANIZATION, peer.serial)
    if is_revoked(peer.serial):
        return CertificateVerdict(CertificateRefusal.REVOKED, peer.serial)
    return CertificateVerdict(None, peer.serial)


def _single(name: x509.Name, oid: x509.ObjectIdentifier) -> str | None:
    values = [a.value for a in name.get_attributes_for_oid(oid)]
    texts = [value for value in values if isinstance(value, str)]
    return texts[0] if len(values) == len(texts) == 1 else None
