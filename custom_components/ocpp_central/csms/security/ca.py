"""The central system's certificate authority and what it has issued.

Two roots by default, one per key family, because a charger that only
speaks RSA (the white paper's TLS_RSA_* suites) must be able to verify the
whole chain it is shown with RSA, and an ECDSA-only charger likewise with
ECDSA; a single root would sign one family's certificates with the other
family's algorithm. The white paper says as much (A00.FR.317): two server
certificates, and client certificates for both algorithms. Each root signs
the server certificate and the charger certificates of its own family.
A user's imported CA replaces both and signs everything.

Every method that creates keys or signs is CPU-bound (RSA key generation
takes a noticeable fraction of a second): call them in an executor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from cryptography import x509
from cryptography.x509.oid import NameOID

from .authority import (
    Authority,
    InvalidAuthority,
    Usage,
    server_subject,
    utcnow,
)
from .csr import check_csr
from .keys import KeyType, generate_key, key_type_of, private_key_pem
from .records import (
    IssuedCertificate,
    Revocation,
    ServerCertificate,
    SignedCertificate,
    StoredDataError,
)

DEFAULT_ORGANIZATION = "Home Assistant"
SERVER_VALIDITY = dt.timedelta(days=365)
CHARGER_VALIDITY = dt.timedelta(days=365)
# Chargers renew their own certificate a month before it expires (A03); we
# renew ours, and warn about theirs, with the same margin.
RENEWAL_MARGIN = dt.timedelta(days=30)
STORAGE_VERSION = 1


class CertificateAuthority:
    """Our CA(s), the server certificates, issued and revoked certificates."""

    def __init__(
        self,
        authorities: Sequence[Authority],
        organization: str = DEFAULT_ORGANIZATION,
        *,
        imported: bool = False,
    ) -> None:
        """Hold `authorities` (one per key type, or one imported CA)."""
        if not authorities:
            raise ValueError("a certificate authority needs at least one CA")
        self._authorities = tuple(authorities)
        self.organization = organization
        self.imported = imported
        self._server: dict[KeyType, ServerCertificate] = {}
        self._issued: dict[int, IssuedCertificate] = {}
        self._revoked: dict[int, Revocation] = {}

    def __repr__(self) -> str:
        """Summarise without any key."""
        return (
            f"CertificateAuthority({self.organization!r}, "
            f"{', '.join(a.key_type for a in self._authorities)}, "
            f"imported={self.imported}, issued={len(self._issued)}, "
            f"revoked={len(self._revoked)})"
        )

    @classmethod
    def create(
        cls,
        organization: str = DEFAULT_ORGANIZATION,
        *,
        key_types: Sequence[KeyType] = (KeyType.EC, KeyType.RSA),
        now: dt.datetime | None = None,
    ) -> CertificateAuthority:
        """New roots, ECDSA P-256 first (CPU-bound: run in an executor)."""
        return cls(
            [Authority.create(k, organization, now=now) for k in key_types],
            organization,
        )

    @classmethod
    def imported_from(
        cls,
        certificate_pem: str,
        key_pem: str,
        *,
        organization: str | None = None,
        now: dt.datetime | None = None,
    ) -> CertificateAuthority:
        """The user's own CA (certificate, then its issuers; and its key).

        Raises `InvalidAuthority` with a reason safe to show the user.
        """
        authority = Authority.load(certificate_pem, key_pem, now=now)
        if organization is None:
            names = authority.certificate.subject.get_attributes_for_oid(
                NameOID.ORGANIZATION_NAME
            )
            organization = str(names[0].value) if names else DEFAULT_ORGANIZATION
        return cls([authority], organization, imported=True)

    # The roots

    @property
    def authorities(self) -> tuple[Authority, ...]:
        """Our CAs, ECDSA first when we made them."""
        return self._authorities

    def authority_for(self, key_type: KeyType) -> Authority:
        """The CA that signs certificates with keys of `key_type`."""
        for authority in self._authorities:
            if authority.key_type is key_type:
                return authority
        return self._authorities[0]

    def root_certificates(self) -> list[str]:
        """PEM of each CA, for InstallCertificate on the chargers."""
        return [authority.certificate_pem for authority in self._authorities]

    def client_trust_pem(self) -> str:
        """The CAs a profile-3 server trusts for client certificates."""
        return "".join(authority.trust_pem() for authority in self._authorities)

    @property
    def expires(self) -> dt.datetime:
        """When the first of our CAs expires."""
        return min(authority.not_after for authority in self._authorities)

    # The central system's own certificates

    @property
    def server_certificates(self) -> tuple[ServerCertificate, ...]:
        """The TLS server certificates, ECDSA first."""
        return tuple(self._server[k] for k in KeyType if k in self._server)

    def issue_server_certificates(
        self,
        hosts: Sequence[str],
        *,
        key_types: Iterable[KeyType] = (KeyType.EC, KeyType.RSA),
        validity: dt.timedelta = SERVER_VALIDITY,
        now: dt.datetime | None = None,
    ) -> tuple[ServerCertificate, ...]:
        """(Re)issue the server certificates for `hosts` (names and IPs).

        The first host is the common name (the white paper wants the FQDN
        there); all of them are subject alternative names, which TLS
        clients check, IP addresses included. Raises `ValueError` for an
        empty list or a host that is neither a name nor an address.
        """
        hosts = tuple(hosts)
        subject = server_subject(hosts, self.organization)
        for key_type in key_types:
            key = generate_key(key_type)
            authority = self.authority_for(key_type)
            leaf = authority.issue(
                key.public_key(),
                subject,
                Usage.SERVER,
                validity=validity,
                hosts=hosts,
                now=now,
            )
            self._server[key_type] = ServerCertificate(
                key_type,
                authority.chain_pem(leaf),
                private_key_pem(key),
                hosts,
                leaf.serial_number,
                leaf.not_valid_after_utc,
            )
        return self.server_certificates

    def server_renewal_due(
        self,
        hosts: Sequence[str],
        *,
        now: dt.datetime | None = None,
        margin: dt.timedelta = RENEWAL_MARGIN,
    ) -> bool:
        """Whether the server certificates are missing, stale or expiring."""
        now = now or utcnow()
        current = self.server_certificates
        return (
            len(current) < len(KeyType)
            or any(c.hosts != tuple(hosts) for c in current)
            or any(c.not_after - margin <= now for c in current)
        )

    # Chargers' certificates

    def sign_csr(
        self,
        csr_pem: str,
        identity: str,
        *,
        organization: str | None = None,
        validity: dt.timedelta = CHARGER_VALIDITY,
        now: dt.datetime | None = None,
    ) -> SignedCertificate:
        """Check a charger's CSR and sign it (SignCertificate).

        Raises `CsrRejected` (its text is safe to log). `organization`, when
        given, must be the CSR's O; otherwise the charger's O is kept, or
        ours is used when it sent none. The CA of the CSR key's family
        signs, so an RSA charger gets an all-RSA chain.
        """
        checked = check_csr(csr_pem, identity, organization=organization)
        key_type = key_type_of(checked.public_key)
        subject = x509.Name(
            [
                x509.NameAttribute(
                    NameOID.ORGANIZATION_NAME,
                    checked.organization or self.organization,
                ),
                x509.NameAttribute(NameOID.COMMON_NAME, identity),
            ]
        )
        authority = self.authority_for(key_type)
        leaf = authority.issue(
            checked.public_key, subject, Usage.CLIENT, validity=validity, now=now
        )
        issued = IssuedCertificate(
            identity, leaf.serial_number, leaf.not_valid_after_utc, key_type
        )
        self._issued[issued.serial] = issued
        return SignedCertificate(authority.chain_pem(leaf), issued)

    def issued_to(self, identity: str) -> list[IssuedCertificate]:
        """The unrevoked certificates we issued to a charger, oldest first."""
        return sorted(
            (c for c in self._issued.values() if c.identity == identity),
            key=lambda c: c.not_after,
        )

    def revoke(self, identity: str, *, now: dt.datetime | None = None) -> list[int]:
        """Revoke every certificate we issued to `identity` (device deleted)."""
        serials = [c.serial for c in self.issued_to(identity)]
        for serial in serials:
            self.revoke_serial(serial, now=now)
        return serials

    def revoke_serial(
        self,
        serial: int,
        *,
        identity: str = "",
        not_after: dt.datetime | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        """Revoke one serial, ours or one seen on a charger's certificate."""
        issued = self._issued.pop(serial, None)
        if issued is not None:
            identity, not_after = issued.identity, issued.not_after
        if serial not in self._revoked:
            self._revoked[serial] = Revocation(
                serial, identity, now or utcnow(), not_after
            )

    def is_revoked(self, serial: int) -> bool:
        """Whether a certificate serial was revoked."""
        return serial in self._revoked

    @property
    def revocations(self) -> tuple[Revocation, ...]:
        """The revocation list."""
        return tuple(self._revoked.values())

    def prune(self, *, now: dt.datetime | None = None) -> int:
        """Forget expired certificates and their revocations; count them."""
        now = now or utcnow()
        expired = [s for s, c in self._issued.items() if c.not_after < now]
        lapsed = [
            s
            for s, r in self._revoked.items()
            if r.not_after is not None and r.not_after < now
        ]
        for serial in expired:
            del self._issued[serial]
        for serial in lapsed:
            del self._revoked[serial]
        return len(expired) + len(lapsed)

    # Storage

    def to_dict(self) -> dict[str, Any]:
        """Everything as JSON-friendly PEM strings (holds private keys)."""
        return {
            "version": STORAGE_VERSION,
            "organization": self.organization,
            "imported": self.imported,
            "authorities": [a.to_dict() for a in self._authorities],
            "server": [c.to_dict() for c in self.server_certificates],
            "issued": [c.to_dict() for c in self._issued.values()],
            "revoked": [r.to_dict() for r in self._revoked.values()],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CertificateAuthority:
        """Restore from `to_dict`; raises `StoredDataError` when corrupt."""
        if not isinstance(data, dict) or data.get("version") != STORAGE_VERSION:
            raise StoredDataError("unknown certificate authority data version")
        try:
            ca = cls(
                [Authority.from_dict(a) for a in data["authorities"]],
                str(data["organization"]),
                imported=bool(data["imported"]),
            )
            servers = [ServerCertificate.from_dict(c) for c in data["server"]]
            issued = [IssuedCertificate.from_dict(c) for c in data["issued"]]
            revoked = [Revocation.from_dict(r) for r in data["revoked"]]
        except InvalidAuthority as err:
            raise StoredDataError(str(err)) from err
        except StoredDataError:
            raise
        except (KeyError, TypeError, ValueError) as err:
            raise StoredDataError(
                "the stored certificate authority is damaged"
            ) from err
        ca._server = {c.key_type: c for c in servers}
        ca._issued = {c.serial: c for c in issued}
        ca._revoked = {r.serial: r for r in revoked}
        return ca
