"""What a dashboard shows after charging stops or pauses is what is true."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from ocpp.v16 import call
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.sim import SimChargePoint, SimConfig

from .charging import sample, send_meter, stamp, start_session
from .conftest import entry_data, wait_for_state, ws_url


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


def value(hass: HomeAssistant, entity_id: str) -> str:
    found = hass.states.get(entity_id)
    assert found is not None, entity_id
    return found.state


def flowing(hass: HomeAssistant) -> list[float]:
    return [float(value(hass, entity_id)) for entity_id in FLOWS]


DRAWING = (
    sample("Energy.Active.Import.Register", 1234.7, "Wh"),
    sample("Power.Active.Import", 3900, "W"),
    sample("Current.Import", 17, "A"),
    sample("Current.Offered", 32, "A"),
    sample("Power.Offered", 7400, "W"),
    sample("SoC", 60, "Percent", location="EV"),
)
SOC = "sensor.cp1_vehicle_state_of_charge"
FLOWS = (
    "sensor.cp1_power",
    "sensor.cp1_current",
    "sensor.cp1_current_offered",
    "sensor.cp1_power_offered",
)


async def test_a_stop_without_a_last_sample_leaves_nothing_flowing(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        tx = await start_session(cp, meter_start=1000)
        await send_meter(cp, *DRAWING, tx=tx)
        await hass.async_block_till_done()
        assert float(value(hass, "sensor.cp1_power")) == 3.9  # kW
        # The charger stops without a power sample at or after the stop.
        await cp.request(
            call.StopTransaction(
                meter_stop=1234,
                timestamp=stamp(),
                transaction_id=tx,
                reason="EVDisconnected",
            )
        )
        await hass.async_block_till_done()
        assert flowing(hass) == [0.0] * 4
        # The session's energy keeps its fraction: it never dips at the stop.
        assert float(value(hass, "sensor.cp1_session_energy")) == pytest.approx(
            234.7 / 1000, abs=1e-4
        )
        assert float(value(hass, "sensor.cp1_energy")) == pytest.approx(0.2347)
        await cp.status(1, "Available")
        await hass.async_block_till_done()
        assert value(hass, SOC) == "unknown"  # the car has gone
        # The next session counts from where the register is, without a jump.
        tx = await start_session(cp, meter_start=1234)
        await send_meter(
            cp, sample("Energy.Active.Import.Register", 1334.7, "Wh"), tx=tx
        )
        await hass.async_block_till_done()
        assert float(value(hass, "sensor.cp1_energy")) == pytest.approx(0.3347)


@pytest.mark.parametrize("status", ["Finishing", "Available", "Faulted"])
async def test_leaving_the_session_by_status_zeroes_what_flowed(
    hass: HomeAssistant, entry: MockConfigEntry, status: str
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        tx = await start_session(cp, meter_start=1000)
        await send_meter(cp, *DRAWING, tx=tx)
        await hass.async_block_till_done()
        await cp.status(1, status)
        await hass.async_block_till_done()
        assert flowing(hass) == [0.0] * 4
        # A newer sample still wins.
        await send_meter(cp, sample("Power.Active.Import", 120, "W"), tx=tx)
        await hass.async_block_till_done()
        assert float(value(hass, "sensor.cp1_power")) == 0.12


async def test_a_car_that_pauses_itself_draws_nothing_but_is_still_offered(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        tx = await start_session(cp, meter_start=1000)
        await send_meter(cp, *DRAWING, tx=tx)
        await hass.async_block_till_done()
        await cp.status(1, "SuspendedEV")
        await hass.async_block_till_done()
        assert flowing(hass) == [0.0, 0.0, 32.0, 7.4]
        assert value(hass, SOC) == "60.0"


async def test_a_pause_shows_as_off_though_the_charger_still_says_charging(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        await cp.wait_for_call("GetLocalListVersion")
        tx = await start_session(cp, meter_start=1000)
        await send_meter(cp, *DRAWING, tx=tx)
        await wait_for_state(hass, "switch.cp1_charging", "on")
        await hass.services.async_call(
            "switch", "turn_off", {"entity_id": "switch.cp1_charging"}, blocking=True
        )
        assert cp.calls[-1][0] == "SetChargingProfile"
        # Many chargers keep reporting Charging at 0 W under a 0 A profile.
        await cp.status(1, "Charging")
        await send_meter(cp, sample("Power.Active.Import", 0, "W"), tx=tx)
        await hass.async_block_till_done()
        assert value(hass, "switch.cp1_charging") == "off"
        assert value(hass, "binary_sensor.cp1_charging") == "off"
        await hass.services.async_call(
            "switch", "turn_on", {"entity_id": "switch.cp1_charging"}, blocking=True
        )
        await send_meter(cp, sample("Power.Active.Import", 3900, "W"), tx=tx)
        await hass.async_block_till_done()
        assert value(hass, "switch.cp1_charging") == "on"
        assert value(hass, "binary_sensor.cp1_charging") == "on"
