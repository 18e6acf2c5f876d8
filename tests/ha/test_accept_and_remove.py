"""Accepting with a name and an area; removing chargers and entries leaves nothing."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import area_registry as ar
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.ocpp_central.const import DOMAIN
from tests.sim import SimChargePoint, SimConfig

from .charging import start_session, stop_session
from .conftest import entry_data, mock_entry, ws_url
from .test_onboarding import boot_pending


async def test_the_accept_dialog_names_the_charger_and_puts_it_in_an_area(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    garage = ar.async_get(hass).async_create("Garage")
    config = SimConfig(ws_url(entry), connectors=2)
    async with SimChargePoint(config) as cp:
        flow = await boot_pending(hass, cp)
        assert flow["step_id"] == "accept_charger"
        shown = await hass.config_entries.flow.async_configure(flow["flow_id"])
        assert shown["type"] is FlowResultType.FORM
        assert shown["description_placeholders"]["address"] == "127.0.0.1"
        fields = {str(key.schema) for key in shown["data_schema"].schema}
        assert fields == {"name", "area"}
        result = await hass.config_entries.flow.async_configure(
            flow["flow_id"], {"name": "Driveway", "area": garage.id}
        )
        assert result["reason"] == "charger_accepted"
        await cp.wait_for_call("GetConfiguration")
        for connector in (1, 2):
            await cp.status(connector, "Available")
        await hass.async_block_till_done()
    runtime = entry.runtime_data
    device = runtime.device_entry("CP1")
    assert device is not None
    assert (device.name, device.name_by_user, device.area_id) == (
        "CP1",
        "Driveway",
        garage.id,
    )
    second = runtime.device_entry("CP1", 2)
    assert second is not None
    assert second.via_device_id == device.id
    assert (second.name_by_user, second.area_id) == ("Driveway connector 2", garage.id)
    # Entities are named after the name chosen.
    assert hass.states.get("sensor.driveway_connector_2_status") is not None
    assert hass.states.get("binary_sensor.driveway_connected") is not None


async def test_accepting_with_the_suggested_name_keeps_the_identity(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        flow = await boot_pending(hass, cp)
        result = await hass.config_entries.flow.async_configure(
            flow["flow_id"], {"name": "CP1"}
        )
        assert result["reason"] == "charger_accepted"
        await hass.async_block_till_done()
    device = entry.runtime_data.device_entry("CP1")
    assert device is not None
    assert (device.name_by_user, device.area_id) == (None, None)


async def test_deleting_a_charger_deletes_its_connector_devices(
    hass: HomeAssistant, entry: MockConfigEntry, hass_ws_client: WebSocketGenerator
) -> None:
    assert await async_setup_component(hass, "config", {})
    hass.config_entries.async_update_entry(entry, options={"auto_accept": True})
    async with SimChargePoint(SimConfig(ws_url(entry), connectors=2)) as cp:
        assert await cp.boot() == "Accepted"
        for connector in (1, 2):
            await cp.status(connector, "Available")
        await hass.async_block_till_done()
        devices = dr.async_get(hass)
        assert len(dr.async_entries_for_config_entry(devices, entry.entry_id)) == 3
        main = entry.runtime_data.device_entry("CP1")
        assert main is not None
        client = await hass_ws_client(hass)
        await client.send_json_auto_id(
            {
                "type": "config/device_registry/remove_config_entry",
                "config_entry_id": entry.entry_id,
                "device_id": main.id,
            }
        )
        response = await client.receive_json()
        assert response["success"], response
        assert await cp.wait_closed() == 1008
    await hass.async_block_till_done()
    assert dr.async_entries_for_config_entry(devices, entry.entry_id) == []
    assert entry.runtime_data.device_entry("CP1", 2) is None
    entities = er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    assert entities == []


async def test_removing_the_entry_deletes_its_stores_and_only_its_own(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    hass_storage[f"{DOMAIN}.another-entry.chargers"] = {
        "version": 1,
        "key": f"{DOMAIN}.another-entry.chargers",
        "data": {},
    }
    entry = mock_entry(entry_data(auto_accept=True))
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        tx = await start_session(cp)
        await stop_session(cp, tx, 3000)
        await hass.async_block_till_done()
    await hass.config_entries.async_unload(entry.entry_id)  # writes every store
    prefix = f"{DOMAIN}.{entry.entry_id}."
    written = sorted(key for key in hass_storage if key.startswith(prefix))
    assert written == [f"{prefix}chargers", f"{prefix}sessions", f"{prefix}solar"]
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert [key for key in hass_storage if key.startswith(prefix)] == []
    assert f"{DOMAIN}.another-entry.chargers" in hass_storage
