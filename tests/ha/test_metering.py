"""Meter entities: created when first reported, Energy-dashboard ready, restored."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.components.sensor import ATTR_STATE_CLASS, SensorStateClass
from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ocpp_central.const import DOMAIN
from tests.sim import SimChargePoint, SimConfig

from .charging import sample, send_meter, start_session, stop_session
from .conftest import entry_data, ws_url


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


def state(hass: HomeAssistant, entity_id: str) -> str:
    found = hass.states.get(entity_id)
    assert found is not None, entity_id
    return found.state


async def test_meter_entities_appear_with_their_first_values(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        await cp.status(1, "Available")
        await hass.async_block_till_done()
        assert hass.states.get("sensor.cp1_power") is None  # no placeholders
        assert state(hass, "binary_sensor.cp1_plugged_in") == "off"

        tx = await start_session(cp, meter_start=1000)
        await send_meter(
            cp,
            sample("Energy.Active.Import.Register", 1.5, "kWh"),
            sample("Power.Active.Import", 7.2, "kW"),
            *(
                sample("Current.Import", 10 + i, "A", phase)
                for i, phase in enumerate(("L1", "L2", "L3"))
            ),
            *(
                sample("Voltage", 230 + i, "V", f"{phase}-N")
                for i, phase in enumerate(("L1", "L2", "L3"))
            ),
            sample("Current.Offered", 16, "A"),
            sample("Power.Offered", 11, "kW"),
            sample("SoC", 57, "Percent", location="EV"),
            sample("Temperature", 300.15, "K", location="Body"),
            sample("Frequency", 50, "Hertz"),
            tx=tx,
        )
        await hass.async_block_till_done()
        assert float(state(hass, "sensor.cp1_power")) == 7.2  # kW, the suggested unit
        assert (
            float(state(hass, "sensor.cp1_energy")) == 0.5
        )  # counted from the first register
        assert float(state(hass, "sensor.cp1_session_energy")) == 0.5
        assert float(state(hass, "sensor.cp1_current")) == 12.0
        assert float(state(hass, "sensor.cp1_current_offered")) == 16.0
        assert float(state(hass, "sensor.cp1_power_offered")) == 11.0
        assert float(state(hass, "sensor.cp1_vehicle_state_of_charge")) == 57.0
        assert float(state(hass, "sensor.cp1_temperature")) == 27.0
        assert state(hass, "binary_sensor.cp1_plugged_in") == "on"
        assert state(hass, "binary_sensor.cp1_car_charging") == "on"
        assert state(hass, "sensor.cp1_last_tag") == "TAG1"
        energy = hass.states.get("sensor.cp1_energy")
        assert energy is not None
        assert energy.attributes[ATTR_STATE_CLASS] == SensorStateClass.TOTAL_INCREASING
        assert energy.attributes[ATTR_UNIT_OF_MEASUREMENT] == "kWh"
        registry = er.async_get(hass)
        for key in ("current_l1", "voltage_l3", "frequency"):
            entity_id = registry.async_get_entity_id("sensor", DOMAIN, f"CP1_1_{key}")
            assert entity_id is not None
            entry_ = registry.async_get(entity_id)
            assert entry_ is not None and entry_.disabled_by is not None

        await stop_session(cp, tx, 2600)
        await hass.async_block_till_done()
        assert float(state(hass, "sensor.cp1_session_energy")) == 1.6
        assert float(state(hass, "sensor.cp1_energy")) == 1.6
        assert state(hass, "binary_sensor.cp1_car_charging") == "off"


async def test_a_register_reset_never_moves_energy_backwards(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        seen: list[float] = []
        for register in (10_000, 12_000, 0, 500, 1500):  # reset to 0 after 12 kWh
            await send_meter(
                cp, sample("Energy.Active.Import.Register", register, "Wh")
            )
            await hass.async_block_till_done()
            seen.append(float(state(hass, "sensor.cp1_energy")))
        assert seen == [0.0, 2.0, 2.0, 2.5, 3.5]


async def test_energy_continues_without_a_jump_after_a_restart_mid_session(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        tx = await start_session(cp, meter_start=5000)
        await send_meter(cp, sample("Energy.Active.Import.Register", 6000, "Wh"), tx=tx)
        await hass.async_block_till_done()
        assert float(state(hass, "sensor.cp1_energy")) == 1.0
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        await send_meter(cp, sample("Energy.Active.Import.Register", 6500, "Wh"), tx=tx)
        await hass.async_block_till_done()
        assert float(state(hass, "sensor.cp1_energy")) == 1.5
        assert float(state(hass, "sensor.cp1_session_energy")) == 1.5
        connector = entry.runtime_data.system.chargers["CP1"].connectors[1]
        assert connector.transaction is not None and connector.transaction.id == tx
