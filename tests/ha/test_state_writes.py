"""Entities are written when their state changes, not on every message."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.const import EVENT_STATE_CHANGED, EVENT_STATE_REPORTED
from homeassistant.core import Event, HomeAssistant, callback
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.sim import SimChargePoint, SimConfig
from tests.sim.v201 import SimChargingStation, SimStationConfig

from .charging import sample, send_meter, start_session
from .conftest import entry_data, wait_for_state, ws_url


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


def _writes(hass: HomeAssistant) -> list[str]:
    """Entity ids written from now on (changed or reported unchanged)."""
    written: list[str] = []

    @callback
    def seen(event: Event[Any]) -> None:
        written.append(event.data["entity_id"])

    hass.bus.async_listen(EVENT_STATE_CHANGED, seen)
    hass.bus.async_listen(
        EVENT_STATE_REPORTED, seen, event_filter=callback(lambda data: True)
    )
    return written


async def test_a_meter_message_writes_only_the_entities_whose_state_changed(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        tx = await start_session(cp, meter_start=1000)
        steady = (
            sample("Power.Active.Import", 7200, "W"),
            sample("Current.Import", 10, "A", "L1"),
            sample("SoC", 57, "Percent", location="EV"),
        )
        await send_meter(
            cp, sample("Energy.Active.Import.Register", 1500, "Wh"), *steady, tx=tx
        )
        await hass.async_block_till_done()
        written = _writes(hass)

        await send_meter(
            cp, sample("Energy.Active.Import.Register", 1600, "Wh"), *steady, tx=tx
        )
        await hass.async_block_till_done()

        assert "sensor.cp1_energy" in written
        assert "sensor.cp1_session_energy" in written
        for unchanged in (
            "sensor.cp1_power",
            "sensor.cp1_current",
            "sensor.cp1_vehicle_state_of_charge",
            "sensor.cp1_status",
            "binary_sensor.cp1_car_charging",
            "switch.cp1_charging",
            "number.cp1_current_limit",
            "button.cp1_unlock_connector",
        ):
            assert hass.states.get(unchanged) is not None, unchanged
            assert unchanged not in written, unchanged


async def test_a_changed_value_and_a_lost_connection_are_still_written(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        tx = await start_session(cp, meter_start=1000)
        await send_meter(cp, sample("Power.Active.Import", 7200, "W"), tx=tx)
        await hass.async_block_till_done()
        written = _writes(hass)
        await send_meter(cp, sample("Power.Active.Import", 3600, "W"), tx=tx)
        await hass.async_block_till_done()
        assert written.count("sensor.cp1_power") == 1
        power = hass.states.get("sensor.cp1_power")
        assert power is not None and float(power.state) == 3.6
    await hass.async_block_till_done()
    for entity_id in ("sensor.cp1_power", "sensor.cp1_status", "switch.cp1_charging"):
        found = hass.states.get(entity_id)
        assert found is not None and found.state == "unavailable", entity_id


async def test_identical_meter_values_are_not_written_again_until_one_changes(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        tx = await start_session(cp, meter_start=1000)
        same = (
            sample("Energy.Active.Import.Register", 1500, "Wh"),
            sample("Power.Active.Import", 7200, "W"),
            sample("Current.Import", 10, "A", "L1"),
            sample("Voltage", 230, "V", "L1-N"),
        )
        await send_meter(cp, *same, tx=tx)
        await hass.async_block_till_done()
        before = hass.states.get("sensor.cp1_power")
        assert before is not None and float(before.state) == 7.2
        written = _writes(hass)

        for _ in range(5):
            await send_meter(cp, *same, tx=tx)
        await hass.async_block_till_done()

        # The session's duration follows the clock, not the readings.
        assert [e for e in written if e != "sensor.cp1_session_duration"] == []
        after = hass.states.get("sensor.cp1_power")
        assert after is not None
        assert after.last_reported == before.last_reported
        assert after.last_updated == before.last_updated

        changed = (same[0], sample("Power.Active.Import", 3600, "W"), *same[2:])
        await send_meter(cp, *changed, tx=tx)
        await hass.async_block_till_done()
        assert [e for e in written if e != "sensor.cp1_session_duration"] == [
            "sensor.cp1_power"
        ]
        power = hass.states.get("sensor.cp1_power")
        assert power is not None and float(power.state) == 3.6
        assert power.last_updated > before.last_updated


async def test_a_changed_attribute_is_written_though_the_state_stays_the_same(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    cs = SimChargingStation(SimStationConfig(ws_url(entry, "CS1")))
    async with cs:
        assert await cs.boot() == "Accepted"
        await cs.after_accepted()
        await cs.wait_for_call("GetLocalListVersion")
        await cs.notify_event("EVSE", "Problem", "true", evse=1, tech_info="RCD")
        await wait_for_state(hass, "binary_sensor.cs1_problem", "on")
        before = hass.states.get("binary_sensor.cs1_problem")
        assert before is not None
        written = _writes(hass)

        await cs.notify_event(
            "Connector", "Problem", "true", evse=1, tech_info="Locked", event_id=2
        )
        await hass.async_block_till_done()

        assert written.count("binary_sensor.cs1_problem") == 1
        after = hass.states.get("binary_sensor.cs1_problem")
        assert after is not None and after.state == "on"
        assert sorted(p["info"] for p in after.attributes["problems"]) == [
            "Locked",
            "RCD",
        ]
        assert after.last_changed == before.last_changed
        assert after.last_updated > before.last_updated
