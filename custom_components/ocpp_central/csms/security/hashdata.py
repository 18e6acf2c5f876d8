"""Certificate ids: OCPP's CertificateHashDataType, same in 1.6 and 2.0.1.

Used by DeleteCertificate and returned by GetInstalledCertificateIds (and,
in 2.0.1, inside CertificateHashDataChainType). The fields follow OCSP's
CertID (RFC 6960), as the 1.6 white paper edition 3 clarified:
- issuerNameHash: hash of the DER-encoded issuer name of the certificate;
- issuerKeyHash: hash of the issuer's public key bits (the BIT STRING
  value of subjectPublicKey, without tag and length);
- serialNumber: hexadecimal, no leading zeros, no "0x" (4095 is "FFF").
All three are case-insensitive strings; we write hashes in lower case and
serials in upper case, and compare case-insensitively.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509 import ocsp

from .keys import load_certificates
from .records import parse_serial, serial_text


class HashAlgorithm(StrEnum):
    """OCPP's HashAlgorithmEnumType."""

    SHA256 = "SHA256"
    SHA384 = "SHA384"
    SHA512 = "SHA512"


_HASHES: dict[HashAlgorithm, type[hashes.SHA256 | hashes.SHA384 | hashes.SHA512]] = {
    HashAlgorithm.SHA256: hashes.SHA256,
    HashAlgorithm.SHA384: hashes.SHA384,
    HashAlgorithm.SHA512: hashes.SHA512,
}


@dataclass(frozen=True, slots=True)
class CertificateHashData:
    """One certificate id, normalised so that equal ids compare equal."""

    hash_algorithm: HashAlgorithm
    issuer_name_hash: str
    issuer_key_hash: str
    serial_number: str

    def __post_init__(self) -> None:
        """Normalise case and leading zeros; `ValueError` for non-hex."""
        for name in ("issuer_name_hash", "issuer_key_hash"):
            value = getattr(self, name)
            bytes.fromhex(value)  # raises ValueError when not hex
            object.__setattr__(self, name, value.lower())
        object.__setattr__(
            self, "serial_number", serial_text(parse_serial(self.serial_number))
        )

    def to_ocpp(self) -> dict[str, str]:
        """The OCPP payload object (both versions use these field names)."""
        return {
            "hashAlgorithm": self.hash_algorithm.value,
            "issuerNameHash": self.issuer_name_hash,
            "issuerKeyHash": self.issuer_key_hash,
            "serialNumber": self.serial_number,
        }

    @classmethod
    def from_ocpp(cls, data: Mapping[str, object]) -> CertificateHashData:
        """Read a charger's CertificateHashDataType; `ValueError` if invalid."""
        try:
            algorithm = HashAlgorithm(str(data["hashAlgorithm"]).upper())
            return cls(
                algorithm,
                _text(data["issuerNameHash"]),
                _text(data["issuerKeyHash"]),
                _text(data["serialNumber"]),
            )
        except KeyError as err:
            raise ValueError(f"certificate hash data lacks {err}") from err


def certificate_hash_data(
    certificate_pem: str,
    issuer_pem: str | None = None,
    algorithm: HashAlgorithm = HashAlgorithm.SHA256,
) -> CertificateHashData:
    """The id of the first certificate in `certificate_pem`.

    The issuer's certificate is needed for its key; a root is its own
    issuer, so `issuer_pem` may be left out for one (our CAs). Raises
    `ValueError` for unreadable PEM or an issuer that does not match.
    """
    certificate = load_certificates(certificate_pem)[0]
    issuer = certificate if issuer_pem is None else load_certificates(issuer_pem)[0]
    if issuer.subject != certificate.issuer:
        raise ValueError("the issuer certificate did not issue this certificate")
    return hash_data_of(certificate, issuer, algorithm)


def hash_data_of(
    certificate: x509.Certificate,
    issuer: x509.Certificate,
    algorithm: HashAlgorithm = HashAlgorithm.SHA256,
) -> CertificateHashData:
    """The id of a parsed certificate, given its issuer's certificate."""
    request = (
        ocsp.OCSPRequestBuilder()
        .add_certificate(certificate, issuer, _HASHES[algorithm]())
        .build()
    )
    return CertificateHashData(
        algorithm,
        request.issuer_name_hash.hex(),
        request.issuer_key_hash.hex(),
        serial_text(request.serial_number),
    )


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("certificate hash data fields are strings")
    return value
