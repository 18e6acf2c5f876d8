"""What a new device shows by default: one status, no last resorts, no
solar settings before solar charging is set up."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ocpp_central.const import DOMAIN
from tests.sim import SimChargePoint, SimConfig

from .conftest import entry_data, wait_for_state, ws_url


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


def registered(hass: HomeAssistant, platform: str, key: str) -> er.RegistryEntry | None:
    registry = er.async_get(hass)
    entity_id = registry.async_get_entity_id(platform, DOMAIN, key)
    return registry.async_get(entity_id) if entity_id else None


async def test_a_one_outlet_charger_shows_one_status_and_hides_the_hard_restart(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        await cp.status(0, "Available")
        await cp.status(1, "Available")
        await wait_for_state(hass, "sensor.cp1_status", "available")
        # The charger's own status would repeat its only outlet's.
        assert registered(hass, "sensor", "CP1_0_status") is None
        assert registered(hass, "sensor", "CP1_0_error_code") is None
        hard = registered(hass, "button", "CP1_0_hard_reset")
        assert hard is not None
        assert hard.disabled_by is er.RegistryEntryDisabler.INTEGRATION
        restart = registered(hass, "button", "CP1_0_reset")
        assert restart is not None and restart.disabled_by is None
        # The charging switch and the charging state are told apart by name.
        assert hass.states.get("switch.cp1_charging") is not None
        assert hass.states.get("binary_sensor.cp1_car_charging") is not None


async def test_the_charger_status_comes_when_a_second_outlet_appears(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry), connectors=1)) as cp:
        assert await cp.boot() == "Accepted"
        await cp.status(0, "Available")
        await cp.status(1, "Available")
        await wait_for_state(hass, "sensor.cp1_status", "available")
        await cp.status(2, "Available")
        await wait_for_state(hass, "sensor.cp1_connector_2_status", "available")
        await cp.status(0, "Unavailable")
        await wait_for_state(hass, "sensor.cp1_charger_status", "unavailable")
        assert hass.states.get("sensor.cp1_charger_error_code") is not None


async def test_solar_entities_exist_only_while_a_grid_meter_is_chosen(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        await cp.status(1, "Available")
        await wait_for_state(hass, "sensor.cp1_status", "available")
        # The charge mode stays: it is how solar charging is found.
        assert hass.states.get("select.cp1_charge_mode") is not None
        assert registered(hass, "number", "CP1_1_solar_min_current") is None
        assert registered(hass, "sensor", "CP1_1_surplus_power") is None
        hass.states.async_set("sensor.grid", "0", {"unit_of_measurement": "W"})
        hass.config_entries.async_update_entry(
            entry, options={**entry.options, "solar": {"grid_sensor": "sensor.grid"}}
        )
        await hass.async_block_till_done()
        assert registered(hass, "number", "CP1_1_solar_min_current") is not None
        assert registered(hass, "sensor", "CP1_1_surplus_power") is not None
        options = {k: v for k, v in entry.options.items() if k != "solar"}
        hass.config_entries.async_update_entry(entry, options=options)
        await hass.async_block_till_done()
        assert registered(hass, "number", "CP1_1_solar_min_current") is None
        assert registered(hass, "sensor", "CP1_1_surplus_power") is None
