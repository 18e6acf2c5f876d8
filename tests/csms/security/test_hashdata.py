"""Certificate ids (CertificateHashDataType) for Install/Delete/GetInstalled."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
import ocpp
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from custom_components.ocpp_central.csms.security import (
    CertificateAuthority,
    CertificateHashData,
    HashAlgorithm,
    certificate_hash_data,
)

from .certs import ec_key, leaf, make_csr

SCHEMAS = Path(ocpp.__file__).parent


def _key_bits(key: object) -> bytes:
    """The subjectPublicKey BIT STRING value, as OCSP hashes it."""
    if isinstance(key, ec.EllipticCurvePublicKey):
        return key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    assert isinstance(key, rsa.RSAPublicKey)
    return key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.PKCS1
    )


@pytest.mark.parametrize("index", [0, 1], ids=["ecdsa-root", "rsa-root"])
def test_a_root_is_identified_by_its_own_name_and_key(
    ca: CertificateAuthority, index: int
) -> None:
    root = ca.authorities[index].certificate

    data = certificate_hash_data(ca.root_certificates()[index])

    assert data.hash_algorithm is HashAlgorithm.SHA256
    assert (
        data.issuer_name_hash == hashlib.sha256(root.issuer.public_bytes()).hexdigest()
    )
    assert (
        data.issuer_key_hash == hashlib.sha256(_key_bits(root.public_key())).hexdigest()
    )
    assert data.serial_number == f"{root.serial_number:X}"


def test_a_charger_certificate_is_identified_by_its_issuer(
    ca: CertificateAuthority,
) -> None:
    signed = ca.sign_csr(make_csr(ec_key()), "CP1")
    root = ca.authorities[0].certificate

    data = certificate_hash_data(
        signed.certificate_chain, ca.root_certificates()[0], HashAlgorithm.SHA384
    )

    assert (
        data.issuer_name_hash == hashlib.sha384(root.subject.public_bytes()).hexdigest()
    )
    assert (
        data.issuer_key_hash == hashlib.sha384(_key_bits(root.public_key())).hexdigest()
    )
    assert data.serial_number == f"{leaf(signed.certificate_chain).serial_number:X}"


def test_a_leaf_needs_the_certificate_that_issued_it(
    ca: CertificateAuthority,
) -> None:
    chain = ca.sign_csr(make_csr(ec_key()), "CP1").certificate_chain

    with pytest.raises(ValueError):
        certificate_hash_data(chain)  # not self-issued
    with pytest.raises(ValueError):
        certificate_hash_data(chain, ca.root_certificates()[1])  # the RSA root


@pytest.mark.parametrize(
    "schema",
    [
        "v16/schemas/DeleteCertificate.json",
        "v201/schemas/DeleteCertificateRequest.json",
    ],
)
def test_the_ids_fit_both_versions_schemas(
    ca: CertificateAuthority, schema: str
) -> None:
    payload = {
        "certificateHashData": certificate_hash_data(
            ca.root_certificates()[0], algorithm=HashAlgorithm.SHA512
        ).to_ocpp()
    }

    jsonschema.validate(payload, json.loads((SCHEMAS / schema).read_text()))


def test_ids_from_chargers_compare_regardless_of_case_and_leading_zeros(
    ca: CertificateAuthority,
) -> None:
    ours = certificate_hash_data(ca.root_certificates()[0])
    theirs = {
        "hashAlgorithm": "sha256",
        "issuerNameHash": ours.issuer_name_hash.upper(),
        "issuerKeyHash": ours.issuer_key_hash.upper(),
        "serialNumber": "000" + ours.serial_number.lower(),
    }

    assert CertificateHashData.from_ocpp(theirs) == ours
    assert CertificateHashData.from_ocpp(ours.to_ocpp()) == ours


def test_the_serial_has_no_leading_zeros_like_the_white_paper_example() -> None:
    data = CertificateHashData(HashAlgorithm.SHA256, "ab", "CD", "0FFF")

    assert data.serial_number == "FFF"
    assert data.to_ocpp() == {
        "hashAlgorithm": "SHA256",
        "issuerNameHash": "ab",
        "issuerKeyHash": "cd",
        "serialNumber": "FFF",
    }


@pytest.mark.parametrize(
    "data",
    [
        {
            "hashAlgorithm": "MD5",
            "issuerNameHash": "ab",
            "issuerKeyHash": "cd",
            "serialNumber": "1",
        },
        {
            "hashAlgorithm": "SHA256",
            "issuerNameHash": "xyz",
            "issuerKeyHash": "cd",
            "serialNumber": "1",
        },
        {
            "hashAlgorithm": "SHA256",
            "issuerNameHash": "ab",
            "issuerKeyHash": "cd",
            "serialNumber": "0x1G",
        },
        {
            "hashAlgorithm": "SHA256",
            "issuerNameHash": "ab",
            "issuerKeyHash": 12,
            "serialNumber": "1",
        },
        {"hashAlgorithm": "SHA256", "issuerNameHash": "ab", "serialNumber": "1"},
        {
            "hashAlgorithm": "SHA256",
            "issuerNameHash": "ab",
            "issuerKeyHash": "cd",
            "serialNumber": "",
        },
    ],
    ids=[
        "algorithm",
        "name-hash",
        "serial",
        "key-hash-type",
        "missing",
        "empty-serial",
    ],
)
def test_invalid_ids_from_chargers_are_refused(data: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        CertificateHashData.from_ocpp(data)
