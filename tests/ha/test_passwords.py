"""Profile 1 onboarding through the accept flow."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.sim import SimChargePoint, SimConfig

from .conftest import entry_data, ws_url
from .test_onboarding import boot_pending


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(security_profile=1)


async def test_accept_shows_the_password_once_when_the_charger_cannot_take_it(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    config = SimConfig(ws_url(entry), answers={"ChangeConfiguration": "NotSupported"})
    async with SimChargePoint(config) as cp:
        flow = await boot_pending(hass, cp)
        result = await hass.config_entries.flow.async_configure(flow["flow_id"], {})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "charger_accepted_password"
    password = result["description_placeholders"]["password"]
    async with SimChargePoint(SimConfig(ws_url(entry), password=password)) as cp:
        assert await cp.boot() == "Accepted"
