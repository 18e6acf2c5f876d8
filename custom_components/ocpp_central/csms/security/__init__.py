"""Security building blocks: a local CA, CSR signing, TLS contexts, ids.

Pure Python on `cryptography` and `ssl`; no Home Assistant, no OCPP
messages. Functions that create keys, sign or build TLS contexts are
blocking (CPU or files): the caller runs them in an executor.
"""

from .authority import Authority, InvalidAuthority
from .ca import (
    CHARGER_VALIDITY,
    DEFAULT_ORGANIZATION,
    RENEWAL_MARGIN,
    SERVER_VALIDITY,
    CertificateAuthority,
)
from .csr import CsrRefusal, CsrRejected
from .hashdata import (
    CertificateHashData,
    HashAlgorithm,
    certificate_hash_data,
)
from .keys import KeyType
from .records import (
    IssuedCertificate,
    Revocation,
    ServerCertificate,
    SignedCertificate,
    StoredDataError,
)

__all__ = [
    "CHARGER_VALIDITY",
    "DEFAULT_ORGANIZATION",
    "RENEWAL_MARGIN",
    "SERVER_VALIDITY",
    "Authority",
    "CertificateAuthority",
    "CertificateHashData",
    "CsrRefusal",
    "CsrRejected",
    "HashAlgorithm",
    "InvalidAuthority",
    "IssuedCertificate",
    "KeyType",
    "Revocation",
    "ServerCertificate",
    "SignedCertificate",
    "StoredDataError",
    "certificate_hash_data",
]
