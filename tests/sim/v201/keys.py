"""The station's own key: real CSRs, and a TLS client with the certificate issued."""

from __future__ import annotations

import ssl
import tempfile
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


class StationKey:
    """An ECDSA P-256 key, made when first needed."""

    def __init__(self) -> None:
        self._key: ec.EllipticCurvePrivateKey | None = None

    @property
    def key(self) -> ec.EllipticCurvePrivateKey:
        if self._key is None:
            self._key = ec.generate_private_key(ec.SECP256R1())
        return self._key

    def csr(self, identity: str, organization: str | None = None) -> str:
        """A CSR with CN = the identity (and O = the CPO name when set)."""
        names = [x509.NameAttribute(NameOID.COMMON_NAME, identity)]
        if organization:
            names.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
        request = (
            x509.CertificateSigningRequestBuilder()
            .subject_name(x509.Name(names))
            .sign(self.key, hashes.SHA256())
        )
        return request.public_bytes(serialization.Encoding.PEM).decode("ascii")

    def client_context(self, chain_pem: str, trusted_roots: str) -> ssl.SSLContext:
        """A TLS client presenting the issued certificate, trusting the roots."""
        context = ssl.create_default_context(cadata=trusted_roots)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        key_pem = self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        with tempfile.TemporaryDirectory() as folder:
            certfile, keyfile = Path(folder, "cert.pem"), Path(folder, "key.pem")
            certfile.write_text(chain_pem)
            keyfile.write_bytes(key_pem)
            context.load_cert_chain(certfile, keyfile)
        return context
