"""What the certificate authority remembers, as values that round-trip JSON.

Server certificates, the charger certificates we issued, and revocations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from cryptography import x509

from .keys import (
    KeyType,
    load_certificates,
    load_private_key,
    same_public_key,
)


class StoredDataError(ValueError):
    """Stored certificate authority data that cannot be read back."""


@dataclass(frozen=True, slots=True)
class ServerCertificate:
    """The central system's TLS certificate of one key type, with its key."""

    key_type: KeyType
    chain_pem: str  # the leaf, then any intermediates (never the root)
    key_pem: str = field(repr=False)  # private: never logged
    hosts: tuple[str, ...]
    serial: int
    not_after: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form (holds the private key)."""
        return {
            "key_type": self.key_type.value,
            "certificate": self.chain_pem,
            "key": self.key_pem,
            "hosts": list(self.hosts),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ServerCertificate:
        """Restore from `to_dict`; raises `StoredDataError` when corrupt."""
        try:
            chain_pem, key_pem = str(data["certificate"]), str(data["key"])
            leaf = load_certificates(chain_pem)[0]
            key = load_private_key(key_pem)
            hosts = tuple(str(host) for host in data["hosts"])
            key_type = KeyType(data["key_type"])
        except (KeyError, TypeError, ValueError) as err:
            raise StoredDataError("a stored server certificate is damaged") from err
        if not same_public_key(leaf.public_key(), key.public_key()):
            raise StoredDataError("a stored server key does not match its certificate")
        return cls(key_type, chain_pem, key_pem, hosts, *_serial_and_expiry(leaf))


@dataclass(frozen=True, slots=True)
class IssuedCertificate:
    """A charger certificate we signed: what the caller stores per charger."""

    identity: str
    serial: int
    not_after: dt.datetime
    key_type: KeyType

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return {
            "identity": self.identity,
            "serial": serial_text(self.serial),
            "not_after": self.not_after.isoformat(),
            "key_type": self.key_type.value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IssuedCertificate:
        """Restore from `to_dict`; raises `StoredDataError` when corrupt."""
        try:
            return cls(
                str(data["identity"]),
                parse_serial(data["serial"]),
                _parse_time(data["not_after"]),
                KeyType(data["key_type"]),
            )
        except (KeyError, TypeError, ValueError) as err:
            raise StoredDataError("a stored certificate record is damaged") from err


@dataclass(frozen=True, slots=True)
class SignedCertificate:
    """The answer to a CSR: the chain for CertificateSigned and its record."""

    certificate_chain: str  # PEM: the leaf first, then any intermediates
    issued: IssuedCertificate

    @property
    def serial(self) -> int:
        """The new certificate's serial number."""
        return self.issued.serial

    @property
    def not_after(self) -> dt.datetime:
        """When the new certificate expires."""
        return self.issued.not_after


@dataclass(frozen=True, slots=True)
class Revocation:
    """A revoked serial; kept until the certificate would have expired."""

    serial: int
    identity: str
    revoked_at: dt.datetime
    not_after: dt.datetime | None  # None: unknown, kept for good

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return {
            "serial": serial_text(self.serial),
            "identity": self.identity,
            "revoked_at": self.revoked_at.isoformat(),
            "not_after": None if self.not_after is None else self.not_after.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Revocation:
        """Restore from `to_dict`; raises `StoredDataError` when corrupt."""
        try:
            not_after = data["not_after"]
            return cls(
                parse_serial(data["serial"]),
                str(data["identity"]),
                _parse_time(data["revoked_at"]),
                None if not_after is None else _parse_time(not_after),
            )
        except (KeyError, TypeError, ValueError) as err:
            raise StoredDataError("a stored revocation is damaged") from err


def serial_text(serial: int) -> str:
    """A serial number as OCPP writes it: upper-case hex, no leading zeros."""
    return f"{serial:X}"


def parse_serial(text: object) -> int:
    """Read `serial_text` back (any case); `ValueError` when not hex."""
    if not isinstance(text, str) or not text:
        raise ValueError("a serial number is a hexadecimal string")
    return int(text, 16)


def _parse_time(text: object) -> dt.datetime:
    if not isinstance(text, str):
        raise TypeError("a time is an ISO 8601 string")
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError("a stored time has no time zone")
    return value


def _serial_and_expiry(certificate: x509.Certificate) -> tuple[int, dt.datetime]:
    return certificate.serial_number, certificate.not_valid_after_utc
