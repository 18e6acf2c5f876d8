"""One certificate authority: a CA certificate, its private key, and issuing."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from .keys import (
    KeyProblem,
    KeyType,
    PrivateKey,
    PublicKey,
    certificate_pem,
    check_public_key,
    generate_key,
    key_type_of,
    load_certificates,
    load_private_key,
    private_key_pem,
    same_public_key,
    signing_hash,
)

# A root lives as long as the chargers that trust it: replacing it means
# installing a new root on every charger.
CA_VALIDITY = dt.timedelta(days=20 * 365)
# Chargers' clocks drift; a certificate dated a little in the past still
# works on a charger whose clock is slightly behind.
BACKDATE = dt.timedelta(hours=1)


class Usage(Enum):
    """What an issued (end-entity) certificate is for."""

    SERVER = "server"  # the central system's TLS server certificate
    CLIENT = "client"  # a charger's TLS client certificate (profile 3)


class InvalidAuthority(ValueError):
    """A CA certificate and key that cannot be used; the text is safe to log."""


def utcnow() -> dt.datetime:
    """The current time, timezone-aware (UTC)."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, repr=False, eq=False)
class Authority:
    """A CA that signs certificates. Its key never appears in `repr`.

    `chain` holds the issuers above an imported intermediate CA (never our
    own roots): they are sent along with issued certificates.
    """

    certificate: x509.Certificate
    key: PrivateKey
    chain: tuple[x509.Certificate, ...] = ()

    def __repr__(self) -> str:
        """Describe the CA without its key."""
        return (
            f"Authority({self.key_type}, {self.certificate.subject.rfc4514_string()!r}"
            f", not_after={self.not_after.date().isoformat()})"
        )

    # Creating and importing

    @classmethod
    def create(
        cls,
        key_type: KeyType,
        organization: str,
        *,
        validity: dt.timedelta = CA_VALIDITY,
        now: dt.datetime | None = None,
    ) -> Authority:
        """A new self-signed root CA (CPU-bound for RSA: run in an executor)."""
        now = now or utcnow()
        key = generate_key(key_type)
        label = "ECDSA" if key_type is KeyType.EC else "RSA"
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
                x509.NameAttribute(
                    NameOID.COMMON_NAME, f"{organization} OCPP root CA ({label})"[:64]
                ),
            ]
        )
        public_key = key.public_key()
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - BACKDATE)
            .not_valid_after(now + validity)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), True)
            .add_extension(_key_usage(certificate_signing=True), True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), False)
            .sign(key, signing_hash(key))
        )
        return cls(certificate, key)

    @classmethod
    def load(
        cls,
        certificate_pem: str,
        key_pem: str,
        *,
        now: dt.datetime | None = None,
    ) -> Authority:
        """Import a user's CA: the CA certificate first, then its issuers.

        Raises `InvalidAuthority` when the certificate is not a CA, the key
        does not match it or is too weak, or the CA is not valid now.
        """
        authority = cls._parse(certificate_pem, key_pem)
        now = now or utcnow()
        if authority.not_after <= now:
            raise InvalidAuthority("the CA certificate has expired")
        if authority.certificate.not_valid_before_utc > now:
            raise InvalidAuthority("the CA certificate is not valid yet")
        return authority

    @classmethod
    def _parse(cls, certificate_pem: str, key_pem: str) -> Authority:
        try:
            certificates = load_certificates(certificate_pem)
        except ValueError as err:
            raise InvalidAuthority("the CA certificate is not readable PEM") from err
        try:
            key = load_private_key(key_pem)
        except ValueError as err:
            raise InvalidAuthority("the CA key is not a readable PEM key") from err
        certificate, *chain = certificates
        public_key = check_public_key(certificate.public_key())
        if isinstance(public_key, KeyProblem):
            raise InvalidAuthority(public_key.value)
        if not same_public_key(public_key, key.public_key()):
            raise InvalidAuthority("the key does not belong to the CA certificate")
        if not _is_ca(certificate):
            raise InvalidAuthority("the certificate is not a CA certificate")
        return cls(certificate, key, tuple(chain))

    # Properties

    @property
    def key_type(self) -> KeyType:
        """ECDSA or RSA."""
        return key_type_of(self.key)

    @property
    def not_after(self) -> dt.datetime:
        """When the CA certificate expires."""
        return self.certificate.not_valid_after_utc

    @property
    def certificate_pem(self) -> str:
        """The CA certificate alone: what chargers install as their root."""
        return certificate_pem(self.certificate)

    def trust_pem(self) -> str:
        """The CA and its issuers: what the server trusts for client certs."""
        return "".join(certificate_pem(c) for c in (self.certificate, *self.chain))

    def chain_pem(self, leaf: x509.Certificate) -> str:
        """The leaf followed by the intermediates a peer needs, no root."""
        issuers = [self.certificate, *self.chain]
        return "".join(
            certificate_pem(c)
            for c in (leaf, *issuers)
            if c is leaf or c.issuer != c.subject
        )

    # Issuing

    def issue(
        self,
        public_key: PublicKey,
        subject: x509.Name,
        usage: Usage,
        *,
        validity: dt.timedelta,
        hosts: Sequence[str] = (),
        now: dt.datetime | None = None,
    ) -> x509.Certificate:
        """Sign an end-entity certificate; it never outlives the CA.

        `hosts` (host names and IP addresses) become the subject alternative
        names of a server certificate.
        """
        now = now or utcnow()
        not_after = min(now + validity, self.not_after)
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.certificate.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - BACKDATE)
            .not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
            .add_extension(
                _key_usage(key_encipherment=key_type_of(public_key) is KeyType.RSA),
                True,
            )
            .add_extension(
                x509.ExtendedKeyUsage(
                    [
                        ExtendedKeyUsageOID.SERVER_AUTH
                        if usage is Usage.SERVER
                        else ExtendedKeyUsageOID.CLIENT_AUTH
                    ]
                ),
                False,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), False)
            .add_extension(self._authority_key_identifier(), False)
        )
        if hosts:
            builder = builder.add_extension(
                x509.SubjectAlternativeName(list(_general_names(hosts))), False
            )
        return builder.sign(self.key, signing_hash(self.key))

    def _authority_key_identifier(self) -> x509.AuthorityKeyIdentifier:
        try:
            ski = self.certificate.extensions.get_extension_for_class(
                x509.SubjectKeyIdentifier
            ).value
        except x509.ExtensionNotFound:
            return x509.AuthorityKeyIdentifier.from_issuer_public_key(
                self.key.public_key()
            )
        return x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski)

    # Storage

    def to_dict(self) -> dict[str, str]:
        """PEM strings for a private store (holds the private key)."""
        return {
            "certificate": self.certificate_pem,
            "key": private_key_pem(self.key),
            "chain": "".join(certificate_pem(c) for c in self.chain),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Authority:
        """Restore from `to_dict`; raises `InvalidAuthority` when corrupt."""
        try:
            certificate_text = str(data["certificate"]) + str(data.get("chain", ""))
            key_text = str(data["key"])
        except (KeyError, TypeError) as err:
            raise InvalidAuthority("the stored CA is incomplete") from err
        return cls._parse(certificate_text, key_text)


def server_subject(hosts: Sequence[str], organization: str) -> x509.Name:
    """CN = the server's first host name (white paper A00.FR.510), O = ours."""
    if not hosts:
        raise ValueError("a server certificate needs at least one host name")
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, hosts[0]),
        ]
    )


def _general_names(hosts: Iterable[str]) -> Iterable[x509.GeneralName]:
    for host in hosts:
        try:
            yield x509.IPAddress(ipaddress.ip_address(host))
        except ValueError:
            if not host or not host.isascii() or any(c.isspace() for c in host):
                raise ValueError(f"not a host name or IP address: {host!r}") from None
            yield x509.DNSName(host.lower())


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        constraints = certificate.extensions.get_extension_for_class(
            x509.BasicConstraints
        ).value
    except x509.ExtensionNotFound:
        return False
    if not constraints.ca:
        return False
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True
    return usage.key_cert_sign


def _key_usage(
    *, certificate_signing: bool = False, key_encipherment: bool = False
) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=key_encipherment,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=certificate_signing,
        crl_sign=certificate_signing,
        encipher_only=False,
        decipher_only=False,
    )
