"""SignCertificate: which CSRs we sign, and what we sign them into."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from custom_components.ocpp_central.csms.security import (
    CertificateAuthority,
    CsrRefusal,
    CsrRejected,
    KeyType,
)
from custom_components.ocpp_central.csms.security.csr import MAX_CSR_CHARS

from .certs import ec_key, leaf, make_csr, rsa_key, tamper_signature


def _refusal(ca: CertificateAuthority, csr: str, **kwargs: object) -> CsrRefusal:
    with pytest.raises(CsrRejected) as caught:
        ca.sign_csr(csr, "CP1", **kwargs)  # type: ignore[arg-type]
    assert str(caught.value) == caught.value.refusal.value
    return caught.value.refusal


def _issuer_of(ca: CertificateAuthority, certificate: x509.Certificate) -> KeyType:
    for authority in ca.authorities:
        try:
            certificate.verify_directly_issued_by(authority.certificate)
        except (ValueError, TypeError, InvalidSignature):
            continue
        return authority.key_type
    raise AssertionError("no root of ours issued this certificate")


@pytest.mark.parametrize(
    ("key", "family"),
    [
        (ec_key(), KeyType.EC),
        (ec_key(ec.SECP384R1()), KeyType.EC),
        (rsa_key(2048), KeyType.RSA),
    ],
    ids=["p256", "p384", "rsa2048"],
)
def test_a_good_csr_is_signed_by_the_root_of_its_key_family(
    ca: CertificateAuthority,
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
    family: KeyType,
) -> None:
    signed = ca.sign_csr(make_csr(key, organization="Test Operator"), "CP1")

    certificate = leaf(signed.certificate_chain)
    assert _issuer_of(ca, certificate) is family
    assert certificate.public_key() == key.public_key()
    assert certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == (
        "CP1"
    )
    assert signed.serial == certificate.serial_number
    assert signed.not_after == certificate.not_valid_after_utc
    assert signed.issued.key_type is family
    usage = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert list(usage.value) == [ExtendedKeyUsageOID.CLIENT_AUTH]
    constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.value.ca is False
    # Our roots are self-signed: the chain is the leaf alone.
    assert signed.certificate_chain.count("BEGIN CERTIFICATE") == 1


def test_the_charger_keeps_its_organization_or_gets_ours(
    ca: CertificateAuthority,
) -> None:
    own = leaf(
        ca.sign_csr(make_csr(ec_key(), organization="Acme"), "CP1").certificate_chain
    )
    none = leaf(ca.sign_csr(make_csr(ec_key()), "CP1").certificate_chain)

    def organization(certificate: x509.Certificate) -> object:
        return certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[
            0
        ].value

    assert organization(own) == "Acme"
    assert organization(none) == "Test Operator"


def test_validity_is_configurable_and_the_expiry_is_returned(
    ca: CertificateAuthority,
) -> None:
    now = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)

    signed = ca.sign_csr(
        make_csr(ec_key()), "CP1", validity=dt.timedelta(days=90), now=now
    )

    assert signed.not_after == now + dt.timedelta(days=90)
    assert leaf(signed.certificate_chain).not_valid_before_utc < now


def test_a_certificate_never_outlives_its_root(ca: CertificateAuthority) -> None:
    signed = ca.sign_csr(make_csr(ec_key()), "CP1", validity=dt.timedelta(days=99999))

    assert signed.not_after == ca.authority_for(KeyType.EC).not_after


def test_signed_certificates_are_remembered_per_charger(
    ca: CertificateAuthority,
) -> None:
    first = ca.sign_csr(make_csr(ec_key()), "CP1").issued
    second = ca.sign_csr(make_csr(rsa_key(), ("CP2",)), "CP2").issued

    assert ca.issued_to("CP1") == [first]
    assert ca.issued_to("CP2") == [second]
    assert ca.issued_to("CP3") == []


def test_another_identity_in_the_common_name_is_refused(
    ca: CertificateAuthority,
) -> None:
    assert _refusal(ca, make_csr(ec_key(), ("CP2",))) is CsrRefusal.IDENTITY


def test_no_common_name_or_two_of_them_are_refused(ca: CertificateAuthority) -> None:
    assert _refusal(ca, make_csr(ec_key(), ())) is CsrRefusal.IDENTITY
    assert _refusal(ca, make_csr(ec_key(), ("CP1", "CP1"))) is CsrRefusal.IDENTITY


def test_the_identity_is_compared_exactly(ca: CertificateAuthority) -> None:
    assert _refusal(ca, make_csr(ec_key(), ("cp1",))) is CsrRefusal.IDENTITY
    assert _refusal(ca, make_csr(ec_key(), ("CP1 ",))) is CsrRefusal.IDENTITY


def test_a_forged_signature_is_refused(ca: CertificateAuthority) -> None:
    csr = tamper_signature(make_csr(ec_key()))

    assert _refusal(ca, csr) is CsrRefusal.SIGNATURE


@pytest.mark.parametrize(
    ("key", "refusal"),
    [
        (rsa_key(1024), CsrRefusal.KEY_SIZE),
        (ec_key(ec.SECP224R1()), CsrRefusal.KEY_CURVE),
        (ec_key(ec.SECP521R1()), CsrRefusal.KEY_CURVE),
        (ed25519.Ed25519PrivateKey.generate(), CsrRefusal.KEY_TYPE),
    ],
    ids=["rsa1024", "p224", "p521", "ed25519"],
)
def test_weak_or_unusual_keys_are_refused(
    ca: CertificateAuthority,
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey,
    refusal: CsrRefusal,
) -> None:
    assert _refusal(ca, make_csr(key)) is refusal


@pytest.mark.parametrize(
    "extension",
    [
        x509.BasicConstraints(ca=True, path_length=None),
        x509.KeyUsage(
            digital_signature=True,
            content_commitment=False,
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            key_cert_sign=True,
            crl_sign=False,
            encipher_only=False,
            decipher_only=False,
        ),
    ],
    ids=["basic-constraints", "key-cert-sign"],
)
def test_a_request_for_a_ca_certificate_is_refused(
    ca: CertificateAuthority, extension: x509.ExtensionType
) -> None:
    csr = make_csr(ec_key(), extensions=[extension])

    assert _refusal(ca, csr) is CsrRefusal.CA_REQUESTED


def test_harmless_requested_extensions_are_ignored(ca: CertificateAuthority) -> None:
    csr = make_csr(
        ec_key(),
        extensions=[
            x509.BasicConstraints(ca=False, path_length=None),
            x509.SubjectAlternativeName([x509.DNSName("evil.example")]),
        ],
    )

    certificate = leaf(ca.sign_csr(csr, "CP1").certificate_chain)

    with pytest.raises(x509.ExtensionNotFound):
        certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)


@pytest.mark.parametrize(
    "csr",
    [
        "",
        "not a CSR",
        "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
        "é" * 10,
        "A" * (MAX_CSR_CHARS + 1),
    ],
    ids=["empty", "text", "bad-base64", "non-ascii", "too-long"],
)
def test_unreadable_csrs_are_refused(ca: CertificateAuthority, csr: str) -> None:
    assert _refusal(ca, csr) is CsrRefusal.MALFORMED


def test_the_organization_is_checked_only_when_asked(
    ca: CertificateAuthority,
) -> None:
    csr = make_csr(ec_key(), organization="Acme")

    assert ca.sign_csr(csr, "CP1").serial
    assert ca.sign_csr(csr, "CP1", organization="Acme").serial
    assert _refusal(ca, csr, organization="Test Operator") is CsrRefusal.ORGANIZATION
    assert (
        _refusal(ca, make_csr(ec_key()), organization="Acme") is CsrRefusal.ORGANIZATION
    )


def test_a_refused_csr_leaves_nothing_behind(ca: CertificateAuthority) -> None:
    _refusal(ca, make_csr(ec_key(), ("CP2",)))

    assert ca.issued_to("CP1") == []
    assert ca.issued_to("CP2") == []


def test_the_refusal_never_repeats_the_csr_content(ca: CertificateAuthority) -> None:
    with pytest.raises(CsrRejected) as caught:
        ca.sign_csr(make_csr(ec_key(), ("<script>secret</script>",)), "CP1")

    assert "secret" not in str(caught.value)
