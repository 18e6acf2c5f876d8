"""Security profile 2 serves TLS 1.2 or newer only."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest
from websockets.asyncio.client import connect

from custom_components.ocpp_central.csms import (
    CentralSystem,
    SecurityProfile,
    Settings,
    server_ssl_context,
)
from tests.tls import client_context, make_certificate

from .conftest import url


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
