"""Profile 2 over real TLS: the white paper's suites, ECDSA and RSA at once."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidMessage

from custom_components.ocpp_central.csms import server_ssl_context
from custom_components.ocpp_central.csms.security import (
    CertificateAuthority,
    HandshakeFailure,
    server_context,
    server_context_from_files,
)
from custom_components.ocpp_central.csms.security.tls import negotiated

from .certs import charger_context, write_pair
from .tls_server import serving

SUITES = {
    # OpenSSL name: (IANA name, the server certificate's key type)
    "ECDHE-ECDSA-AES128-GCM-SHA256": ec.EllipticCurvePublicKey,
    "ECDHE-ECDSA-AES256-GCM-SHA384": ec.EllipticCurvePublicKey,
    "ECDHE-RSA-AES128-GCM-SHA256": rsa.RSAPublicKey,
    "ECDHE-RSA-AES256-GCM-SHA384": rsa.RSAPublicKey,
    "AES128-GCM-SHA256": rsa.RSAPublicKey,  # TLS_RSA_WITH_AES_128_GCM_SHA256
    "AES256-GCM-SHA384": rsa.RSAPublicKey,  # TLS_RSA_WITH_AES_256_GCM_SHA384
}


def profile2(ca: CertificateAuthority) -> ssl.SSLContext:
    return server_context([(s.chain_pem, s.key_pem) for s in ca.server_certificates])


def _roots(ca: CertificateAuthority) -> str:
    return "".join(ca.root_certificates())


def _server_key(websocket: ClientConnection) -> object:
    ssl_object = websocket.transport.get_extra_info("ssl_object")
    return x509.load_der_x509_certificate(ssl_object.getpeercert(True)).public_key()


@pytest.mark.parametrize("suite", list(SUITES))
async def test_each_white_paper_suite_is_served_with_the_matching_certificate(
    ca: CertificateAuthority, suite: str
) -> None:
    context = charger_context(_roots(ca), maximum=ssl.TLSVersion.TLSv1_2, ciphers=suite)

    async with (
        serving(profile2(ca)) as served,
        connect(served.url(), ssl=context) as websocket,
    ):
        assert await websocket.recv() == "welcome"
        ssl_object = websocket.transport.get_extra_info("ssl_object")
        assert negotiated(ssl_object) == ("TLSv1.2", suite)
        assert isinstance(_server_key(websocket), SUITES[suite])


async def test_forward_secret_suites_are_preferred_over_the_chargers_order(
    ca: CertificateAuthority,
) -> None:
    context = charger_context(
        _roots(ca),
        maximum=ssl.TLSVersion.TLSv1_2,
        ciphers="AES256-GCM-SHA384:AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256",
    )

    async with (
        serving(profile2(ca)) as served,
        connect(served.url(), ssl=context) as websocket,
    ):
        ssl_object = websocket.transport.get_extra_info("ssl_object")
        assert negotiated(ssl_object) == ("TLSv1.2", "ECDHE-ECDSA-AES128-GCM-SHA256")


async def test_tls_1_3_is_served_and_no_client_certificate_is_asked_for(
    ca: CertificateAuthority,
) -> None:
    context = charger_context(_roots(ca))

    async with (
        serving(profile2(ca)) as served,
        connect(served.url(), ssl=context) as websocket,
    ):
        version, suite = negotiated(
            websocket.transport.get_extra_info("ssl_object")
        ) or ("", "")
        assert version == "TLSv1.3"
        assert "GCM" in suite or "CHACHA20" in suite


@pytest.mark.parametrize(
    "suite", ["ECDHE-RSA-AES128-SHA", "AES128-SHA", "ECDHE-ECDSA-AES128-SHA256"]
)
async def test_suites_outside_the_white_paper_are_refused(
    ca: CertificateAuthority, suite: str
) -> None:
    context = charger_context(_roots(ca), maximum=ssl.TLSVersion.TLSv1_2, ciphers=suite)

    async with serving(profile2(ca)) as served:
        with pytest.raises((OSError, InvalidMessage)):
            async with connect(served.url(), ssl=context):
                pass

    assert served.failures == [HandshakeFailure.PROTOCOL]


async def test_the_existing_profile_2_setting_serves_the_white_paper_suites(
    ca: CertificateAuthority, tmp_path: Path
) -> None:
    rsa_server = ca.server_certificates[1]
    certfile, keyfile = write_pair(
        tmp_path, "server", rsa_server.chain_pem, rsa_server.key_pem
    )
    context = charger_context(
        _roots(ca), maximum=ssl.TLSVersion.TLSv1_2, ciphers="AES128-GCM-SHA256"
    )

    async with (
        serving(server_ssl_context(str(certfile), str(keyfile))) as served,
        connect(served.url(), ssl=context) as websocket,
    ):
        ssl_object = websocket.transport.get_extra_info("ssl_object")
        assert negotiated(ssl_object) == ("TLSv1.2", "AES128-GCM-SHA256")


async def test_an_ecdsa_and_an_rsa_certificate_can_come_from_files(
    ca: CertificateAuthority, tmp_path: Path
) -> None:
    pairs = [
        write_pair(tmp_path, s.key_type, s.chain_pem, s.key_pem)
        for s in ca.server_certificates
    ]
    server = server_context_from_files(pairs)

    for suite, kind in (
        ("ECDHE-ECDSA-AES256-GCM-SHA384", ec.EllipticCurvePublicKey),
        ("AES256-GCM-SHA384", rsa.RSAPublicKey),
    ):
        context = charger_context(
            _roots(ca), maximum=ssl.TLSVersion.TLSv1_2, ciphers=suite
        )
        async with (
            serving(server) as served,
            connect(served.url(), ssl=context) as websocket,
        ):
            assert isinstance(_server_key(websocket), kind)


def test_a_server_needs_a_certificate() -> None:
    with pytest.raises(ValueError):
        server_context([])
    with pytest.raises(ValueError):
        server_context_from_files([])


def test_a_key_that_does_not_match_its_certificate_is_refused(
    ca: CertificateAuthority,
) -> None:
    ec_server, rsa_server = ca.server_certificates

    with pytest.raises(ssl.SSLError):
        server_context([(ec_server.chain_pem, rsa_server.key_pem)])


def test_negotiated_is_none_without_tls() -> None:
    assert negotiated(None) is None
