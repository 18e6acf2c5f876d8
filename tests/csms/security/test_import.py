"""Importing the user's own CA instead of ours."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from custom_components.ocpp_central.csms.security import (
    CertificateAuthority,
    InvalidAuthority,
    KeyType,
)

from .certs import (
    ec_key,
    key_pem,
    leaf,
    make_csr,
    pem_of,
    rsa_key,
    user_ca_certificate,
)


def test_an_imported_root_signs_everything_for_both_key_types() -> None:
    key = rsa_key()
    root = user_ca_certificate(key, "Users Root")

    ca = CertificateAuthority.imported_from(pem_of(root), key_pem(key))
    servers = ca.issue_server_certificates(["10.0.0.2"])
    signed = ca.sign_csr(make_csr(ec_key()), "CP1")

    assert ca.imported
    assert ca.organization == "Users Own"
    assert [a.key_type for a in ca.authorities] == [KeyType.RSA]
    assert [s.key_type for s in servers] == [KeyType.EC, KeyType.RSA]
    for chain in (servers[0].chain_pem, servers[1].chain_pem, signed.certificate_chain):
        leaf(chain).verify_directly_issued_by(root)
    assert ca.root_certificates() == [pem_of(root)]


def test_an_imported_intermediate_is_sent_along_with_what_it_signs() -> None:
    root_key, key = ec_key(), ec_key()
    root = user_ca_certificate(root_key, "Users Root")
    intermediate = user_ca_certificate(key, "Users Sub CA", issuer=(root, root_key))

    ca = CertificateAuthority.imported_from(
        pem_of(intermediate, root), key_pem(key), organization="Mine"
    )
    chain = ca.sign_csr(make_csr(ec_key()), "CP1").certificate_chain

    assert ca.organization == "Mine"
    assert chain.count("BEGIN CERTIFICATE") == 2  # leaf + intermediate, no root
    assert chain.endswith(pem_of(intermediate))
    assert ca.client_trust_pem() == pem_of(intermediate, root)
    restored = CertificateAuthority.from_dict(ca.to_dict())
    assert restored.client_trust_pem() == ca.client_trust_pem()
    assert restored.imported


def test_an_imported_ca_without_organization_gets_the_default() -> None:
    key = ec_key()
    root = user_ca_certificate(key, "Nameless", organization=None)

    ca = CertificateAuthority.imported_from(pem_of(root), key_pem(key))

    assert ca.organization == "Home Assistant"


def _import_error(certificate_pem: str, private_key_pem: str) -> str:
    with pytest.raises(InvalidAuthority) as caught:
        CertificateAuthority.imported_from(certificate_pem, private_key_pem)
    return str(caught.value)


@pytest.mark.parametrize(
    "options",
    [{"ca": False}, {"key_cert_sign": False}, {"basic_constraints": False}],
    ids=["leaf", "no-certificate-signing", "no-basic-constraints"],
)
def test_a_certificate_that_is_not_a_ca_is_refused(options: dict[str, bool]) -> None:
    key = ec_key()
    certificate = user_ca_certificate(key, "Not a CA", **options)

    assert "not a CA" in _import_error(pem_of(certificate), key_pem(key))


def test_a_plain_p384_ca_without_key_usage_or_identifiers_is_usable() -> None:
    key = ec.generate_private_key(ec.SECP384R1())
    root = user_ca_certificate(
        key, "Old tooling", key_usage=False, key_identifiers=False
    )

    ca = CertificateAuthority.imported_from(pem_of(root), key_pem(key))
    certificate = leaf(ca.sign_csr(make_csr(ec_key()), "CP1").certificate_chain)

    certificate.verify_directly_issued_by(root)
    assert certificate.signature_hash_algorithm is not None
    assert certificate.signature_hash_algorithm.name == "sha384"
    identifier = certificate.extensions.get_extension_for_class(
        x509.AuthorityKeyIdentifier
    ).value
    assert identifier == x509.AuthorityKeyIdentifier.from_issuer_public_key(
        key.public_key()
    )


def test_a_key_that_does_not_belong_to_the_ca_is_refused() -> None:
    root = user_ca_certificate(ec_key(), "Root")

    assert "does not belong" in _import_error(pem_of(root), key_pem(ec_key()))


def test_an_expired_or_future_ca_is_refused() -> None:
    key = ec_key()
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    future = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)

    expired = user_ca_certificate(key, "Old", not_before=past, days=1)
    early = user_ca_certificate(key, "Early", not_before=future)

    assert "expired" in _import_error(pem_of(expired), key_pem(key))
    assert "not valid yet" in _import_error(pem_of(early), key_pem(key))


def test_a_weak_ca_key_is_refused() -> None:
    key = ec.generate_private_key(ec.SECP224R1())
    root = user_ca_certificate(key, "Weak")

    assert "P-256" in _import_error(pem_of(root), key_pem(key))


@pytest.mark.parametrize(
    ("certificate", "key"),
    [
        ("garbage", "VALID_KEY"),
        ("é", "VALID_KEY"),
        ("VALID_CERT", "garbage"),
        ("VALID_CERT", "é"),
        ("VALID_CERT", "ED25519"),
    ],
    ids=["certificate", "non-ascii-certificate", "key", "non-ascii-key", "ed25519"],
)
def test_unreadable_pem_is_refused(certificate: str, key: str) -> None:
    private = ec_key()
    valid_cert = pem_of(user_ca_certificate(private, "Root"))
    certificate = valid_cert if certificate == "VALID_CERT" else certificate
    if key == "VALID_KEY":
        key = key_pem(private)
    elif key == "ED25519":
        key = (
            ed25519.Ed25519PrivateKey.generate()
            .private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            .decode()
        )

    assert "readable" in _import_error(certificate, key)


def test_an_encrypted_key_is_refused() -> None:
    private = ec_key()
    encrypted = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"secret"),
    ).decode()

    assert "readable" in _import_error(
        pem_of(user_ca_certificate(private, "Root")), encrypted
    )
