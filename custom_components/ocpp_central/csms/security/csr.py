"""Checking a charger's certificate signing request before we sign it.

What we require (OCPP security white paper A02/A03 and A00.FR.5xx):
- a PEM PKCS#10 request whose signature verifies (the charger holds the key);
- an ECDSA P-256/P-384 or RSA 2048-8192 key;
- exactly one common name, equal to the charger identity;
- no request for a CA certificate (basic constraint CA or certificate signing).

The organization (O) is the CPO name the charger copies from its `CpoName`
(1.6) or `OrganizationName` (2.0.1) setting. Many chargers leave it empty
or keep a factory value, so it is checked only when the caller asks for a
specific value; otherwise it is ignored here and the issued certificate
carries the charger's O, or ours when it sent none.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cryptography import x509
from cryptography.x509.oid import NameOID

from .keys import KeyProblem, PublicKey, check_public_key

# SignCertificate's `csr` is at most 5500 characters in both 1.6 and 2.0.1.
MAX_CSR_CHARS = 5500


class CsrRefusal(StrEnum):
    """Why a CSR is refused. The text says what, never the CSR's content."""

    MALFORMED = "the CSR is not a readable PEM certificate request"
    SIGNATURE = "the CSR signature does not verify"
    KEY_TYPE = "the CSR key is neither ECDSA nor RSA"
    KEY_CURVE = "the CSR key uses an elliptic curve other than P-256 or P-384"
    KEY_SIZE = "the CSR RSA key is shorter than 2048 bits or longer than 8192"
    IDENTITY = "the CSR common name is not the charger identity"
    ORGANIZATION = "the CSR organization is not the expected CPO name"
    CA_REQUESTED = "the CSR asks for a CA certificate"


_KEY_REFUSALS = {
    KeyProblem.TYPE: CsrRefusal.KEY_TYPE,
    KeyProblem.CURVE: CsrRefusal.KEY_CURVE,
    KeyProblem.SIZE: CsrRefusal.KEY_SIZE,
}


class CsrRejected(ValueError):
    """A CSR we will not sign; `str()` and `refusal` are safe to log."""

    def __init__(self, refusal: CsrRefusal) -> None:
        """Keep the reason."""
        super().__init__(refusal.value)
        self.refusal = refusal


@dataclass(frozen=True, slots=True)
class CheckedCsr:
    """What we take from an accepted CSR: its key and organization."""

    public_key: PublicKey
    organization: str | None


def check_csr(
    csr_pem: str, identity: str, *, organization: str | None = None
) -> CheckedCsr:
    """Check a CSR for `identity`; raises `CsrRejected` with the reason."""
    csr = _parse(csr_pem)
    if not csr.is_signature_valid:
        raise CsrRejected(CsrRefusal.SIGNATURE)
    public_key = check_public_key(csr.public_key())
    if isinstance(public_key, KeyProblem):
        raise CsrRejected(_KEY_REFUSALS[public_key])
    common_names = _values(csr.subject, NameOID.COMMON_NAME)
    if common_names != [identity]:
        raise CsrRejected(CsrRefusal.IDENTITY)
    organizations = _values(csr.subject, NameOID.ORGANIZATION_NAME)
    if organization is not None and organizations != [organization]:
        raise CsrRejected(CsrRefusal.ORGANIZATION)
    if _requests_ca(csr):
        raise CsrRejected(CsrRefusal.CA_REQUESTED)
    return CheckedCsr(public_key, organizations[0] if len(organizations) == 1 else None)


def _parse(csr_pem: str) -> x509.CertificateSigningRequest:
    if not isinstance(csr_pem, str) or len(csr_pem) > MAX_CSR_CHARS:
        raise CsrRejected(CsrRefusal.MALFORMED)
    try:
        csr = x509.load_pem_x509_csr(csr_pem.encode("ascii"))
        csr.extensions  # noqa: B018 - parse them now: malformed ones raise
    except (ValueError, UnicodeEncodeError) as err:
        raise CsrRejected(CsrRefusal.MALFORMED) from err
    return csr


def _values(name: x509.Name, oid: x509.ObjectIdentifier) -> list[str]:
    return [
        value if isinstance(value, str) else value.decode("utf-8", "replace")
        for value in (attribute.value for attribute in name.get_attributes_for_oid(oid))
    ]


def _requests_ca(csr: x509.CertificateSigningRequest) -> bool:
    for extension in csr.extensions:
        value = extension.value
        if isinstance(value, x509.BasicConstraints) and value.ca:
            return True
        if isinstance(value, x509.KeyUsage) and (value.key_cert_sign or value.crl_sign):
            return True
    return False
