"""Security profile 2: TLS 1.2+ from the configured files, plus passwords."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from websockets.exceptions import InvalidStatus

from custom_components.ocpp_central.const import CONF_SSL_CERTFILE
from tests.sim import SimChargePoint, SimConfig
from tests.tls import client_context, make_certificate

from .conftest import entry_data, ws_url


@pytest.fixture
def config(tmp_path: Path) -> dict[str, Any]:
    certfile, keyfile = make_certificate(tmp_path)
    return entry_data(
        security_profile=2,
        ssl_certfile=str(certfile),
        ssl_keyfile=str(keyfile),
        auto_accept=True,
    )


async def test_tls_charger_is_onboarded_and_then_needs_its_password(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    url = ws_url(entry).replace("ws://", "wss://")
    context = client_context(Path(entry.data[CONF_SSL_CERTFILE]))
    async with SimChargePoint(SimConfig(url, ssl=context)) as cp:
        assert await cp.boot() == "Accepted"
        frame = await cp.wait_for_frame(
            lambda f: f[2] == "ChangeConfiguration"
            and f[3]["key"] == "AuthorizationKey"
        )
        key = frame[3]
    with pytest.raises(InvalidStatus) as refused:
        await SimChargePoint(SimConfig(url, ssl=context)).connect()
    assert refused.value.response.status_code == 401
    async with SimChargePoint(SimConfig(url, ssl=context, password=key["value"])) as cp:
        assert await cp.heartbeat()
