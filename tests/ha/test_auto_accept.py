"""Auto-accept, restarts and device removal through Home Assistant."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.ocpp_central.const import DOMAIN
from tests.sim import SimChargePoint, SimConfig

from .conftest import entry_data, wait_for_state, ws_url
from .test_onboarding import discovered_flows


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


async def test_auto_accept_creates_the_charger_at_once_and_offline_is_unavailable(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry), connectors=2)) as cp:
        assert await cp.boot() == "Accepted"
        for connector in (0, 1, 2):
            await cp.status(connector, "Available")
        await cp.wait_for_call("GetConfiguration")
        await hass.async_block_till_done()
        devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
        names = sorted(device.name or "" for device in devices)
        assert names == ["CP1", "CP1 connector 1", "CP1 connector 2"]
        assert hass.states.get("sensor.cp1_connector_2_status").state == "available"
    await wait_for_state(hass, "binary_sensor.cp1_connected", "off")
    assert hass.states.get("sensor.cp1_connector_2_status").state == STATE_UNAVAILABLE
    async with SimChargePoint(SimConfig(ws_url(entry), connectors=2)) as cp:
        await cp.status(2, "Charging")
        await wait_for_state(hass, "sensor.cp1_connector_2_status", "charging")


async def test_accepted_chargers_survive_a_restart(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    entry.runtime_data.system.settings.auto_accept = False
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
    assert discovered_flows(hass) == []


async def test_deleting_the_device_revokes_the_charger(
    hass: HomeAssistant, entry: MockConfigEntry, hass_ws_client: WebSocketGenerator
) -> None:
    assert await async_setup_component(hass, "config", {})
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        await hass.async_block_till_done()
        device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, "CP1")})
        assert device is not None
        entry.runtime_data.system.settings.auto_accept = False
        client = await hass_ws_client(hass)
        await client.send_json_auto_id(
            {
                "type": "config/device_registry/remove_config_entry",
                "config_entry_id": entry.entry_id,
                "device_id": device.id,
            }
        )
        response = await client.receive_json()
        assert response["success"], response
        assert await cp.wait_closed() == 1008
    assert dr.async_get(hass).async_get_device(identifiers={(DOMAIN, "CP1")}) is None
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Pending"
