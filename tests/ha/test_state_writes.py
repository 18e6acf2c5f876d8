"""Entities are written when their state changes, not on every message."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.const import EVENT_STATE_CHANGED, EVENT_STATE_REPORTED
from homeassistant.core import Event, HomeAssistant, callback
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.sim import SimChargePoint, SimConfig

from .charging import sample, send_meter, start_session
from .conftest import entry_data, ws_url


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
            "binary_sensor.cp1_charging",
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
