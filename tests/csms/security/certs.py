"""Helpers that play the charger's side of the PKI: keys, CSRs, TLS clients."""

from __future__ import annotations

import datetime as dt
import ssl
from collections.abc import Sequence
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import NameOID

type AnyKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey


def ec_key(curve: ec.EllipticCurve | None = None) -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(curve or ec.SECP256R1())


def rsa_key(bits: int = 2048) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def make_csr(
    key: AnyKey,
    common_names: Sequence[str] = ("CP1",),
    *,
    organization: str | None = None,
    extensions: Sequence[x509.ExtensionType] = (),
) -> str:
    """A PEM CSR as a charger would send it in SignCertificate."""
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, cn) for cn in common_names]
    if organization is not None:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    builder = x509.CertificateSigningRequestBuilder().subject_name(
        x509.Name(attributes)
    )
    for extension in extensions:
        builder = builder.add_extension(extension, critical=False)
    algorithm = None if isinstance(key, ed25519.Ed25519PrivateKey) else hashes.SHA256()
    csr = builder.sign(key, algorithm)
    return csr.public_bytes(serialization.Encoding.PEM).decode("ascii")


def tamper_signature(csr_pem: str) -> str:
    """The same CSR with one bit of its signature flipped."""
    der = bytearray(
        x509.load_pem_x509_csr(csr_pem.encode()).public_bytes(
            serialization.Encoding.DER
        )
    )
    der[-3] ^= 0x01
    tampered = x509.load_der_x509_csr(bytes(der))
    return tampered.public_bytes(serialization.Encoding.PEM).decode("ascii")


def key_pem(key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def leaf(pem: str) -> x509.Certificate:
    """The first certificate of a PEM chain."""
    return x509.load_pem_x509_certificates(pem.encode())[0]


def write_pair(folder: Path, name: str, chain_pem: str, key: str) -> tuple[Path, Path]:
    certfile, keyfile = folder / f"{name}.pem", folder / f"{name}.key"
    certfile.write_text(chain_pem)
    keyfile.write_text(key)
    return certfile, keyfile


def charger_context(
    trusted_roots: str,
    client: tuple[Path, Path] | None = None,
    *,
    maximum: ssl.TLSVersion | None = None,
    ciphers: str | None = None,
) -> ssl.SSLContext:
    """A charger's TLS client: trusts our roots, may present a certificate."""
    context = ssl.create_default_context(cadata=trusted_roots)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if maximum is not None:
        context.maximum_version = maximum
    if ciphers is not None:
        context.set_ciphers(ciphers)
    if client is not None:
        context.load_cert_chain(*client)
    return context


def user_ca_certificate(
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
    name: str,
    *,
    issuer: tuple[x509.Certificate, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey]
    | None = None,
    ca: bool = True,
    key_cert_sign: bool = True,
    organization: str | None = "Users Own",
    not_before: dt.datetime | None = None,
    days: int = 3650,
    basic_constraints: bool = True,
    key_usage: bool = True,
    key_identifiers: bool = True,
) -> x509.Certificate:
    """A CA certificate made by someone else's tooling (for import tests)."""
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, name)]
    if organization is not None:
        attributes.insert(
            0, x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization)
        )
    subject = x509.Name(attributes)
    issuer_name, signer = (
        (subject, key) if issuer is None else (issuer[0].subject, issuer[1])
    )
    start = not_before or dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
    )
    if basic_constraints:
        builder = builder.add_extension(
            x509.BasicConstraints(ca=ca, path_length=None), critical=True
        )
    if key_usage:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=key_cert_sign,
                crl_sign=key_cert_sign,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    if key_identifiers:
        builder = builder.add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
        ).add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.public_key()),
            critical=False,
        )
    return builder.sign(signer, hashes.SHA256())


def pem_of(*certificates: x509.Certificate) -> str:
    return "".join(
        c.public_bytes(serialization.Encoding.PEM).decode("ascii") for c in certificates
    )
