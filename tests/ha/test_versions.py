"""The same Home Assistant surface for a 1.6 charger and a 2.0.1 station.

Each test here runs twice, against a simulated 1.6 charger and a simulated
2.0.1 station, through the version-neutral Station driver.
"""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.ocpp_central.const import DOMAIN
from tests.sim.fixtures import StationFactory

from .conftest import entry_data, wait_for_state, ws_url


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


def value(hass: HomeAssistant, entity_id: str) -> str:
    found = hass.states.get(entity_id)
    assert found is not None, entity_id
    return found.state


async def press(hass: HomeAssistant, domain: str, service: str, **data: Any) -> None:
    await hass.services.async_call(domain, service, data, blocking=True)


async def test_a_session_meters_pauses_resumes_is_limited_and_stops(
    hass: HomeAssistant, entry: MockConfigEntry, station_factory: StationFactory
) -> None:
    station = station_factory(ws_url(entry, "CP1"))
    async with station:
        assert await station.boot() == "Accepted"
        await station.wait_for_request(
            "local_list_version"
        )  # the last step after a boot
        await station.status(1, "Available")
        tx = await station.start_session(1, "TAG1", meter_start_wh=1000)
        await station.meter(1, 1500, power_w=7400, currents=(10.7, 10.7, 10.7))
        await wait_for_state(hass, "sensor.cp1_status", "charging")
        assert float(value(hass, "sensor.cp1_power")) == 7.4
        assert float(value(hass, "sensor.cp1_session_energy")) == 0.5
        assert value(hass, "switch.cp1_charging") == "on"

        await press(hass, "switch", "turn_off", entity_id="switch.cp1_charging")
        await station.wait_for_limit(1, 0)
        assert value(hass, "switch.cp1_charging") == "off"
        await press(
            hass, "number", "set_value", entity_id="number.cp1_current_limit", value=9
        )
        assert station.limit_a(1) == 0  # kept for the resume
        await press(hass, "switch", "turn_on", entity_id="switch.cp1_charging")
        await station.wait_for_limit(1, 9)

        await station.meter(1, 2000, power_w=6200)
        await station.stop_session(1, 2100)
        await wait_for_state(hass, "sensor.cp1_power", "0.0")
        assert float(value(hass, "sensor.cp1_session_energy")) == 1.1
        assert float(value(hass, "sensor.cp1_energy")) == 1.1
        sessions = entry.runtime_data.history.query("CP1", None, None)
        assert [(str(s["transaction_id"]), s["energy_wh"]) for s in sessions] == [
            (str(tx), 1100)
        ]


async def test_the_same_entities_with_the_same_unique_ids(
    hass: HomeAssistant, entry: MockConfigEntry, station_factory: StationFactory
) -> None:
    station = station_factory(ws_url(entry, "CP1"), outlets=2)
    async with station:
        assert await station.boot() == "Accepted"
        await station.wait_for_request("local_list_version")
        for outlet in (1, 2):
            await station.status(outlet, "Available")
        await station.start_session(2, "TAG1", meter_start_wh=0)
        await station.meter(2, 100, power_w=3000)
        await hass.async_block_till_done()
        registry = er.async_get(hass)
        for key in (
            "CP1_1_status",
            "CP1_2_status",
            "CP1_2_power",
            "CP1_2_energy",
            "CP1_2_session_energy",
            "CP1_2_plugged_in",
            "CP1_2_charging",
            "CP1_1_current_limit",
            "CP1_2_available",
            "CP1_0_reset",
        ):
            domain = {
                "plugged_in": "binary_sensor",
                "charging": "switch",
                "current_limit": "number",
                "available": "switch",
                "reset": "button",
            }.get(key.split("_", 2)[2], "sensor")
            assert registry.async_get_entity_id(domain, DOMAIN, key), key


async def test_sessions_are_costed_from_a_price_sensor(
    hass: HomeAssistant, station_factory: StationFactory
) -> None:
    hass.config.currency = "EUR"
    hass.states.async_set("sensor.price", "0.30", {"unit_of_measurement": "EUR/kWh"})
    entry = MockConfigEntry(
        domain=DOMAIN,
        data=entry_data(auto_accept=True),
        options={"price_sensor": "sensor.price"},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    stopped = async_capture_events(hass, "ocpp_central_session_stopped")
    station = station_factory(ws_url(entry, "CP1"))
    async with station:
        assert await station.boot() == "Accepted"
        await station.wait_for_request("local_list_version")
        await station.status(1, "Available")
        await station.start_session(1, "TAG1", meter_start_wh=0)
        await station.meter(1, 1000, power_w=7000)
        await wait_for_state(hass, "sensor.cp1_session_cost", "0.3")
        cost = hass.states.get("sensor.cp1_session_cost")
        assert cost is not None and cost.attributes["unit_of_measurement"] == "EUR"
        hass.states.async_set("sensor.price", "100", {"unit_of_measurement": "EUR/MWh"})
        await station.stop_session(1, 2000)
        await hass.async_block_till_done()
    assert stopped[-1].data["cost"] == 0.4
    assert entry.runtime_data.history.query("CP1", None, None)[-1]["cost"] == 0.4
    await hass.config_entries.async_unload(entry.entry_id)
