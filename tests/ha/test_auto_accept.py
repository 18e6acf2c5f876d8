"""Auto-accept, restarts and device removal through Home Assistant."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.ocpp_central.const import DOMAIN
from tests.sim import SimChargePoint, SimConfig

from .charging import start_session, stop_session
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
        tx = await start_session(cp)
        await stop_session(cp, tx, 2000)
        await hass.async_block_till_done()
        assert len(entry.runtime_data.history.query("CP1", None, None)) == 1
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
    assert entry.runtime_data.history.query("CP1", None, None) == []
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Pending"


async def test_a_second_connector_moves_the_first_to_its_own_device(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    config = SimConfig(ws_url(entry), connectors=1)
    async with SimChargePoint(config) as cp:
        assert await cp.boot() == "Accepted"
        await cp.status(1, "Available")
        await hass.async_block_till_done()
        registry = er.async_get(hass)
        status_1 = registry.async_get_entity_id("sensor", DOMAIN, "CP1_1_status")
        assert status_1 is not None
        devices = dr.async_get(hass)
        main = devices.async_get_device(identifiers={(DOMAIN, "CP1")})
        assert main is not None
        assert registry.async_get(status_1).device_id == main.id
        await cp.status(2, "Available")
        await hass.async_block_till_done()
        first = devices.async_get_device(identifiers={(DOMAIN, "CP1_1")})
        second = devices.async_get_device(identifiers={(DOMAIN, "CP1_2")})
        assert first is not None and second is not None
        assert first.via_device_id == main.id
        # Moved, and named as if the charger had said two from the start.
        moved = registry.async_get_entity_id("sensor", DOMAIN, "CP1_1_status")
        assert moved == "sensor.cp1_connector_1_status"
        assert registry.async_get(moved).device_id == first.id
        assert hass.states.get(status_1) is None
        await wait_for_state(hass, moved, "available")
        status_2 = registry.async_get_entity_id("sensor", DOMAIN, "CP1_2_status")
        assert registry.async_get(status_2).device_id == second.id


async def test_a_live_connector_device_cannot_be_deleted_alone(
    hass: HomeAssistant, entry: MockConfigEntry, hass_ws_client: WebSocketGenerator
) -> None:
    assert await async_setup_component(hass, "config", {})
    async with SimChargePoint(SimConfig(ws_url(entry), connectors=2)) as cp:
        assert await cp.boot() == "Accepted"
        await cp.status(1, "Available")
        await cp.status(2, "Available")
        await hass.async_block_till_done()
        device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, "CP1_2")})
        assert device is not None
        client = await hass_ws_client(hass)
        await client.send_json_auto_id(
            {
                "type": "config/device_registry/remove_config_entry",
                "config_entry_id": entry.entry_id,
                "device_id": device.id,
            }
        )
        response = await client.receive_json()
        assert not response["success"]
        # Once the charger no longer has that connector, the device may go.
        del entry.runtime_data.system.chargers["CP1"].connectors[2]
        await client.send_json_auto_id(
            {
                "type": "config/device_registry/remove_config_entry",
                "config_entry_id": entry.entry_id,
                "device_id": device.id,
            }
        )
        response = await client.receive_json()
        assert response["success"], response
    assert entry.runtime_data.system.chargers["CP1"].accepted


async def test_an_entity_id_the_user_chose_is_kept_when_its_connector_moves(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry), connectors=1)) as cp:
        assert await cp.boot() == "Accepted"
        await cp.status(1, "Available")
        await wait_for_state(hass, "sensor.cp1_status", "available")
        registry = er.async_get(hass)
        registry.async_update_entity(
            "sensor.cp1_status", new_entity_id="sensor.garage_outlet"
        )
        await cp.status(2, "Available")
        await wait_for_state(hass, "sensor.cp1_connector_2_status", "available")
        first = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, "CP1_1")})
        assert first is not None
        moved = registry.async_get("sensor.garage_outlet")
        assert moved is not None and moved.device_id == first.id
        await wait_for_state(hass, "sensor.garage_outlet", "available")


async def test_a_charger_that_boots_again_keeps_its_connector_devices_and_names(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry), connectors=2)) as cp:
        assert await cp.boot() == "Accepted"
        for connector in (1, 2):
            await cp.status(connector, "Available")
        await hass.async_block_till_done()
        devices = dr.async_get(hass)
        second = devices.async_get_device(identifiers={(DOMAIN, "CP1_2")})
        assert second is not None
        devices.async_update_device(second.id, name_by_user="Left outlet")
        assert await cp.boot() == "Accepted"  # a reboot after a power cut
        await hass.async_block_till_done()
    mine = dr.async_entries_for_config_entry(devices, entry.entry_id)
    assert len(mine) == 3
    again = devices.async_get(second.id)
    assert again is not None and again.name_by_user == "Left outlet"
    assert again.via_device_id == entry.runtime_data.devices.ids["CP1"]


async def test_leftover_devices_that_name_no_charger_of_ours_can_be_deleted(
    hass: HomeAssistant, entry: MockConfigEntry, hass_ws_client: WebSocketGenerator
) -> None:
    # Left in the registry by an older install whose chargers are gone, or
    # linked to this entry by something else: nothing of ours keeps them.
    assert await async_setup_component(hass, "config", {})
    devices = dr.async_get(hass)
    leftovers = [
        devices.async_get_or_create(
            config_entry_id=entry.entry_id, identifiers={identifier}
        )
        for identifier in ((DOMAIN, "GONE"), (DOMAIN, "GONE_2"), ("elsewhere", "x"))
    ]
    client = await hass_ws_client(hass)
    for device in leftovers:
        await client.send_json_auto_id(
            {
                "type": "config/device_registry/remove_config_entry",
                "config_entry_id": entry.entry_id,
                "device_id": device.id,
            }
        )
        response = await client.receive_json()
        assert response["success"], response
    assert dr.async_entries_for_config_entry(devices, entry.entry_id) == []
