"""The identity check after the TLS handshake, and naming TLS refusals."""

from __future__ import annotations

import datetime as dt
import ssl

import pytest

from custom_components.ocpp_central.csms.security import (
    CertificateRefusal,
    HandshakeFailure,
    PeerCertificate,
    check_client_certificate,
    peer_certificate,
)
from custom_components.ocpp_central.csms.security.tls import classify_handshake_error

PEER = PeerCertificate("CP1", "Test Operator", 0x1234, dt.datetime(2031, 1, 1))


def never(serial: int) -> bool:
    return False


def test_a_certificate_naming_the_charger_admits_it() -> None:
    verdict = check_client_certificate(PEER, "CP1", never, organization="Test Operator")

    assert verdict.accepted
    assert verdict.serial == 0x1234


@pytest.mark.parametrize(
    ("peer", "identity", "revoked", "organization", "refusal"),
    [
        (None, "CP1", set(), None, CertificateRefusal.MISSING),
        (PEER, "CP2", set(), None, CertificateRefusal.IDENTITY),
        (PEER, "cp1", set(), None, CertificateRefusal.IDENTITY),
        (
            PeerCertificate(None, None, 1, PEER.not_after),
            "CP1",
            set(),
            None,
            CertificateRefusal.IDENTITY,
        ),
        (PEER, "CP1", {0x1234}, None, CertificateRefusal.REVOKED),
        (PEER, "CP1", set(), "Other", CertificateRefusal.ORGANIZATION),
    ],
    ids=["none", "other", "case", "no-cn", "revoked", "organization"],
)
def test_refusals_have_short_reasons(
    peer: PeerCertificate | None,
    identity: str,
    revoked: set[int],
    organization: str | None,
    refusal: CertificateRefusal,
) -> None:
    verdict = check_client_certificate(
        peer, identity, revoked.__contains__, organization=organization
    )

    assert not verdict.accepted
    assert verdict.refusal is refusal
    assert verdict.reason == refusal.value
    assert "CP" not in verdict.reason  # nothing from the certificate itself


class _Transport:
    def __init__(self, ssl_object: object) -> None:
        self._ssl_object = ssl_object

    def get_extra_info(self, name: str, default: object = None) -> object:
        return self._ssl_object if name == "ssl_object" else default


def test_a_connection_without_tls_has_no_peer_certificate() -> None:
    assert peer_certificate(None) is None
    assert peer_certificate(_Transport(None)) is None


def _verify_error(code: int) -> ssl.SSLCertVerificationError:
    error = ssl.SSLCertVerificationError(1, "certificate verify failed")
    error.verify_code = code
    return error


def _ssl_error(reason: str | None) -> ssl.SSLError:
    error = ssl.SSLError(1, "handshake failed")
    error.reason = reason  # type: ignore[misc]
    return error


@pytest.mark.parametrize(
    ("error", "failure"),
    [
        (_verify_error(9), HandshakeFailure.NOT_YET_VALID),
        (_verify_error(10), HandshakeFailure.EXPIRED),
        (_verify_error(20), HandshakeFailure.UNKNOWN_ISSUER),
        (_verify_error(26), HandshakeFailure.BAD_CERTIFICATE),  # wrong purpose
        (
            _ssl_error("PEER_DID_NOT_RETURN_A_CERTIFICATE"),
            HandshakeFailure.NO_CERTIFICATE,
        ),
        (_ssl_error("UNSUPPORTED_PROTOCOL"), HandshakeFailure.PROTOCOL),
        (_ssl_error("HTTP_REQUEST"), HandshakeFailure.OTHER),
        (_ssl_error(None), HandshakeFailure.OTHER),
    ],
)
def test_handshake_errors_are_named_without_detail(
    error: ssl.SSLError, failure: HandshakeFailure
) -> None:
    assert classify_handshake_error(error) is failure
