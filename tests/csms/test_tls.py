"""Security profile 2 serves TLS 1.2 or newer only."""

from __future__ import annotations

import logging
import socket
import ssl
from pathlib import Path

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidMessage

from custom_components.ocpp_central.csms import (
    CentralSystem,
    SecurityProfile,
    Settings,
    server_ssl_context,
)
from tests.tls import client_context, make_certificate

from .conftest import Recorder, url


@pytest.fixture
def certfile(tmp_path: Path) -> Path:
    return make_certificate(tmp_path)[0]


@pytest.fixture
def settings(certfile: Path) -> Settings:
    return Settings(
        host="127.0.0.1",
        port=0,
        security_profile=SecurityProfile.TLS_BASIC_AUTH,
        ssl_context=server_ssl_context(str(certfile), str(certfile.parent / "key.pem")),
    )


async def test_tls_1_2_connects(central: CentralSystem, certfile: Path) -> None:
    context = client_context(certfile)
    context.maximum_version = ssl.TLSVersion.TLSv1_2
    async with connect(
        url(central, scheme="wss"), subprotocols=["ocpp1.6"], ssl=context
    ) as ws:
        assert ws.subprotocol == "ocpp1.6"


async def test_tls_older_than_1_2_is_refused(
    central: CentralSystem, certfile: Path
) -> None:
    context = client_context(certfile)
    context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
    context.maximum_version = ssl.TLSVersion.TLSv1_1
    with pytest.raises((ssl.SSLError, OSError)):
        async with connect(
            url(central, scheme="wss"), subprotocols=["ocpp1.6"], ssl=context
        ):
            pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_taken_tls_port_frees_the_plain_port_for_the_next_try(
    certfile: Path, recorder: Recorder
) -> None:
    context = server_ssl_context(str(certfile), str(certfile.parent / "key.pem"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        tls_port = int(taken.getsockname()[1])
        plain_port = _free_port()
        settings = Settings(
            host="127.0.0.1", port=plain_port, tls_port=tls_port, tls_context=context
        )
        system = CentralSystem(settings, recorder)
        with pytest.raises(OSError):
            await system.start()
    # Not listening: the ports it was given, and the plain one is free again
    # (Home Assistant retries the setup).
    assert (system.port, system.tls_port) == (plain_port, tls_port)
    with socket.socket() as again:
        again.bind(("127.0.0.1", plain_port))


async def test_plain_websocket_traffic_on_the_tls_port_is_only_an_info_line(
    central: CentralSystem, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    with pytest.raises((InvalidMessage, OSError)):
        async with connect(url(central), subprotocols=["ocpp1.6"], open_timeout=5):
            pass
    refused = [r for r in caplog.records if "Refused a TLS connection" in r.message]
    assert [r.levelname for r in refused] == ["INFO"], refused
