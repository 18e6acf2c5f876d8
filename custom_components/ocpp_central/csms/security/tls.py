"""TLS server contexts for security profiles 2 and 3.

Both profiles serve TLS 1.2 and 1.3 only (A00.FR.312/416 allow 1.0/1.1 for
legacy chargers; OCPP 2.0.1 does not, and neither do we). For TLS 1.2 we
offer exactly the AES-GCM suites the white paper names (A00.FR.317/421),
forward-secret ones first, and prefer our order over the charger's:

    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256  (required)
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384  (required)
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256    (forward secrecy for RSA keys)
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
    TLS_RSA_WITH_AES_128_GCM_SHA256          (required; no forward secrecy)
    TLS_RSA_WITH_AES_256_GCM_SHA384          (required)

The ECDSA suites need an ECDSA certificate and the RSA ones an RSA
certificate, so a context takes several certificate/key pairs and OpenSSL
picks the one that fits what the charger offers. TLS 1.3 suites are
OpenSSL's defaults (all AES-GCM or ChaCha20). Compression and
renegotiation are off (A00.FR.320).

Every function that builds a context reads files (`ssl` loads certificates
only from files; PEM strings go through a private temporary folder):
**blocking**, call them in an executor.
"""

from __future__ import annotations

import os
import ssl
import tempfile
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

WHITE_PAPER_CIPHERS = ":".join(
    (
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-RSA-AES256-GCM-SHA384",
        "AES128-GCM-SHA256",
        "AES256-GCM-SHA384",
    )
)

type PemPair = tuple[str, str]  # (certificate chain PEM, private key PEM)
type FilePair = tuple[str | os.PathLike[str], str | os.PathLike[str]]


def server_context_from_files(
    certificates: Sequence[FilePair], client_ca_file: str | None = None
) -> ssl.SSLContext:
    """Build a server context from (certfile, keyfile) pairs. Blocking.

    One pair per key type (an ECDSA and an RSA certificate at once).
    With `client_ca_file` (PEM, may hold several CAs) the context is
    profile 3: a client certificate from one of those CAs is required.
    Raises `OSError` for unreadable files and `ssl.SSLError` for bad
    contents, `ValueError` for an empty list.
    """
    if not certificates:
        raise ValueError("a TLS server needs at least one certificate")
    context = _base_context()
    for certfile, keyfile in certificates:
        context.load_cert_chain(certfile, keyfile)
    if client_ca_file is not None:
        _verify_client_certificates(
            context, Path(client_ca_file).read_text("ascii"), required=True
        )
    return context


def server_context(
    certificates: Sequence[PemPair],
    client_ca_pem: str | None = None,
    *,
    client_certificate_required: bool = True,
) -> ssl.SSLContext:
    """Build a server context from PEM strings. Blocking (temporary files).

    Profile 2 without `client_ca_pem`; profile 3 with it (the CAs whose
    client certificates are accepted). With `client_certificate_required`
    false, one port serves both: a certificate that is presented must
    still verify, but a charger may also come without one and log in with
    its password (profile 2); the websocket handshake then decides per
    charger. The keys are written, for the moment of loading, into a
    folder only this process's user can read, and removed at once.
    Raises `ssl.SSLError` for bad contents.
    """
    if not certificates:
        raise ValueError("a TLS server needs at least one certificate")
    with tempfile.TemporaryDirectory(prefix="ocpp-tls-") as folder:
        pairs: list[FilePair] = []
        for index, (chain_pem, key_pem) in enumerate(certificates):
            certfile = _private_file(folder, f"cert{index}.pem", chain_pem)
            keyfile = _private_file(folder, f"key{index}.pem", key_pem)
            pairs.append((certfile, keyfile))
        context = server_context_from_files(pairs)
    if client_ca_pem is not None:
        _verify_client_certificates(
            context, client_ca_pem, required=client_certificate_required
        )
    return context


def _base_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.set_ciphers(WHITE_PAPER_CIPHERS)
    context.options |= (
        ssl.OP_CIPHER_SERVER_PREFERENCE
        | ssl.OP_NO_COMPRESSION
        | ssl.OP_NO_RENEGOTIATION
    )
    return context


def _verify_client_certificates(
    context: ssl.SSLContext, ca_pem: str, *, required: bool
) -> None:
    context.verify_mode = ssl.CERT_REQUIRED if required else ssl.CERT_OPTIONAL
    context.load_verify_locations(cadata=ca_pem)
    # An imported CA may be an intermediate whose root we were not given:
    # trust it as the anchor. Only our CAs are in this store.
    context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN


def _private_file(folder: str, name: str, text: str) -> str:
    path = os.path.join(folder, name)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(text)
    return path


# Renewing certificates while serving


class RenewableContext:
    """A server context whose certificates can be replaced while serving.

    Give `context` to the server once. `renew()` takes a context built
    like the first (same profile: `server_context` with or without client
    CAs) and makes every later handshake use its certificates and trusted
    CAs; open connections are untouched. The switch happens in OpenSSL's
    server-name callback, which runs for every handshake, with or without
    SNI (chargers connecting to an IP address send none).
    """

    def __init__(self, context: ssl.SSLContext) -> None:
        """Serve `context` until renewed."""
        self.context = context
        self._current = context
        context.sni_callback = self._select

    def renew(self, context: ssl.SSLContext) -> None:
        """Use `context` for new handshakes (safe from the event loop)."""
        self._current = context

    def _select(
        self, ssl_object: ssl.SSLObject, server_name: str | None, _: ssl.SSLContext
    ) -> None:
        if ssl_object.context is not self._current:
            ssl_object.context = self._current


# Seeing refusals at the TLS handshake


class HandshakeFailure(StrEnum):
    """Why a TLS handshake failed, in words safe to log."""

    NO_CERTIFICATE = "no client certificate"
    UNKNOWN_ISSUER = "client certificate from an unknown CA"
    EXPIRED = "client certificate expired"
    NOT_YET_VALID = "client certificate not valid yet"
    BAD_CERTIFICATE = "client certificate refused"
    PROTOCOL = "TLS version or cipher suite not accepted"
    OTHER = "TLS handshake failed"


# OpenSSL X509_V_ERR_* codes.
_VERIFY_FAILURES = {
    9: HandshakeFailure.NOT_YET_VALID,
    10: HandshakeFailure.EXPIRED,
    18: HandshakeFailure.UNKNOWN_ISSUER,
    19: HandshakeFailure.UNKNOWN_ISSUER,
    20: HandshakeFailure.UNKNOWN_ISSUER,
    21: HandshakeFailure.UNKNOWN_ISSUER,
}
_PROTOCOL_REASONS = (
    "NO_SHARED_CIPHER",
    "UNSUPPORTED_PROTOCOL",
    "VERSION_TOO_LOW",
    "WRONG_VERSION_NUMBER",
    "NO_PROTOCOLS_AVAILABLE",
)


def classify_handshake_error(error: ssl.SSLError) -> HandshakeFailure:
    """Map an OpenSSL handshake error to a short, loggable reason."""
    if isinstance(error, ssl.SSLCertVerificationError):
        return _VERIFY_FAILURES.get(error.verify_code, HandshakeFailure.BAD_CERTIFICATE)
    reason = error.reason or ""
    if reason == "PEER_DID_NOT_RETURN_A_CERTIFICATE":
        return HandshakeFailure.NO_CERTIFICATE
    if reason in _PROTOCOL_REASONS:
        return HandshakeFailure.PROTOCOL
    return HandshakeFailure.OTHER


def observe_handshake_failures(
    context: ssl.SSLContext, callback: Callable[[HandshakeFailure], None]
) -> None:
    """Call `callback` for every TLS handshake this server context refuses.

    asyncio drops failed handshakes silently (it logs them only in debug
    mode), so a charger refused for its certificate would leave no trace.
    The callback runs on the event loop; it gets no address (TLS does not
    know it) and should rate-limit what it logs.
    """

    class ObservedSSLObject(ssl.SSLObject):
        def do_handshake(self) -> None:
            try:
                super().do_handshake()
            except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
                raise
            except ssl.SSLError as error:
                callback(classify_handshake_error(error))
                raise

    context.sslobject_class = ObservedSSLObject


def negotiated(ssl_object: Any) -> tuple[str, str] | None:
    """(TLS version, cipher suite) of a connection's `ssl_object`, if any."""
    if not isinstance(ssl_object, ssl.SSLObject | ssl.SSLSocket):
        return None
    cipher = ssl_object.cipher()
    return None if cipher is None else (cipher[1], cipher[0])
