"""Key types, key checks and PEM helpers shared by the security modules."""

from __future__ import annotations

from enum import StrEnum

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes

type PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
type PublicKey = ec.EllipticCurvePublicKey | rsa.RSAPublicKey

# The white paper asks for at least 112-bit security (A00.FR.501-503):
# RSA 2048 or more, elliptic curves of 224 bits or more. We take the curves
# every TLS stack on a charger knows, and cap RSA where signing turns slow.
ALLOWED_CURVES = (ec.SECP256R1, ec.SECP384R1)
MIN_RSA_BITS = 2048
MAX_RSA_BITS = 8192
NEW_RSA_BITS = 2048


class KeyType(StrEnum):
    """The two key families the white paper's cipher suites need."""

    EC = "ec"  # ECDSA P-256: TLS_ECDHE_ECDSA_* suites
    RSA = "rsa"  # RSA 2048: TLS_RSA_* and TLS_ECDHE_RSA_* suites


class KeyProblem(StrEnum):
    """Why a public key is not good enough (text safe to log)."""

    TYPE = "the key is neither ECDSA nor RSA"
    CURVE = "the elliptic curve is not P-256 or P-384"
    SIZE = "the RSA key is shorter than 2048 bits or longer than 8192"


def generate_key(key_type: KeyType) -> PrivateKey:
    """A new private key: ECDSA P-256 or RSA 2048 (CPU-bound for RSA)."""
    if key_type is KeyType.EC:
        return ec.generate_private_key(ec.SECP256R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=NEW_RSA_BITS)


def key_type_of(key: PublicKey | PrivateKey) -> KeyType:
    """The family of a public or private key."""
    if isinstance(key, ec.EllipticCurvePublicKey | ec.EllipticCurvePrivateKey):
        return KeyType.EC
    return KeyType.RSA


def check_public_key(key: object) -> PublicKey | KeyProblem:
    """The key itself when it is fit for OCPP use, else what is wrong with it."""
    if isinstance(key, ec.EllipticCurvePublicKey):
        return key if isinstance(key.curve, ALLOWED_CURVES) else KeyProblem.CURVE
    if isinstance(key, rsa.RSAPublicKey):
        if MIN_RSA_BITS <= key.key_size <= MAX_RSA_BITS:
            return key
        return KeyProblem.SIZE
    return KeyProblem.TYPE


def signing_hash(key: PrivateKey) -> hashes.SHA256 | hashes.SHA384:
    """The hash to sign with: SHA-384 for P-384, SHA-256 otherwise."""
    if isinstance(key, ec.EllipticCurvePrivateKey) and isinstance(
        key.curve, ec.SECP384R1
    ):
        return hashes.SHA384()
    return hashes.SHA256()


def private_key_pem(key: PrivateKey) -> str:
    """Unencrypted PKCS#8 PEM (the caller stores it in a private store)."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def load_private_key(pem: str) -> PrivateKey:
    """Parse an unencrypted PEM private key; `ValueError` if unusable."""
    try:
        key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    except (TypeError, UnicodeEncodeError) as err:  # encrypted, or not ASCII
        raise ValueError("the private key is encrypted or not PEM") from err
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise ValueError("the private key is neither ECDSA nor RSA")
    return key


def certificate_pem(certificate: x509.Certificate) -> str:
    """One certificate as PEM text."""
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def load_certificates(pem: str) -> list[x509.Certificate]:
    """Every certificate in a PEM bundle, in order; `ValueError` if none."""
    try:
        certificates = x509.load_pem_x509_certificates(pem.encode("ascii"))
    except UnicodeEncodeError as err:
        raise ValueError("the certificate is not PEM text") from err
    return certificates


def same_public_key(
    first: CertificatePublicKeyTypes, second: CertificatePublicKeyTypes
) -> bool:
    """Whether two public keys are the same key."""
    encoding = serialization.Encoding.DER
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    return first.public_bytes(encoding, spki) == second.public_bytes(encoding, spki)
