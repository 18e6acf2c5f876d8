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
from .peer import (
    CertificateRefusal,
    CertificateVerdict,
    PeerCertificate,
    check_client_certificate,
    peer_certificate,
)
from .records import (
    IssuedCertificate,
    Revocation,
    ServerCertificate,
    SignedCertificate,
    StoredDataError,
)
from .tls import (
    WHITE_PAPER_CIPHERS,
    HandshakeFailure,
    RenewableContext,
    observe_handshake_failures,
    server_context,
    server_context_from_files,
)

__all__ = [
    "CHARGER_VALIDITY",
    "DEFAULT_ORGANIZATION",
    "RENEWAL_MARGIN",
    "SERVER_VALIDITY",
    "WHITE_PAPER_CIPHERS",
    "Authority",
    "CertificateAuthority",
    "CertificateHashData",
    "CertificateRefusal",
    "CertificateVerdict",
    "CsrRefusal",
    "CsrRejected",
    "HandshakeFailure",
    "HashAlgorithm",
    "InvalidAuthority",
    "IssuedCertificate",
    "KeyType",
    "PeerCertificate",
    "RenewableContext",
    "Revocation",
    "ServerCertificate",
    "SignedCertificate",
    "StoredDataError",
    "certificate_hash_data",
    "check_client_certificate",
    "observe_handshake_failures",
    "peer_certificate",
    "server_context",
    "server_context_from_files",
]
