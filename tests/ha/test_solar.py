"""Solar charging end to end: selects, numbers, sensors, sharing, hand override."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.ocpp_central.const import DOMAIN
from custom_components.ocpp_central.solar import COUNTS_SAVED_EVERY, SAVE_DELAY
from custom_components.ocpp_central.solar_site import read_number, read_power
from tests.sim import SimChargePoint, SimConfig

from .charging import sample, send_meter, start_session
from .conftest import entry_data, wait_for_state, ws_url
from .test_control import limits, press, ready
from .test_quirks import set_quirks

GRID = "sensor.grid_power"


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


@pytest.fixture
async def solar_entry(hass: HomeAssistant) -> AsyncIterator[MockConfigEntry]:
    """A central system whose options name the grid sensor."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        data=entry_data(auto_accept=True),
        options={"solar": {"grid_sensor": GRID, "grid_invert": False}},
        title="OCPP Central",
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    yield entry
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


def set_grid(hass: HomeAssistant, watts: float) -> None:
    hass.states.async_set(GRID, str(watts), {"unit_of_measurement": "W"})


async def tick(hass: HomeAssistant) -> None:
    """Let the solar manager take one control step now."""
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=1))
    await hass.async_block_till_done()


async def set_number(hass: HomeAssistant, entity_id: str, value: float) -> None:
    await press(hass, "number", "set_value", entity_id, value=value)


async def select(hass: HomeAssistant, entity_id: str, option: str) -> None:
    await press(hass, "select", "select_option", entity_id, option=option)


async def draw(cp: SimChargePoint, tx: int, amps: float) -> None:
    """The car draws `amps` on three phases (as the charger reports it)."""
    await send_meter(
        cp,
        *(sample("Current.Import", amps, "A", phase) for phase in ("L1", "L2", "L3")),
        tx=tx,
    )


async def charging_in_solar_mode(
    hass: HomeAssistant, cp: SimChargePoint, prefix: str = "cp1"
) -> int:
    await ready(hass, cp)
    tx = await start_session(cp)
    await wait_for_state(hass, f"sensor.{prefix}_solar_controller", "manual")
    await set_number(hass, f"number.{prefix}_solar_start_delay", 0)
    await select(hass, f"select.{prefix}_charge_mode", "solar")
    return tx


async def test_solar_mode_follows_the_grid_sensor_and_sends_only_on_change(
    hass: HomeAssistant, solar_entry: MockConfigEntry
) -> None:
    set_grid(hass, -5000)
    async with SimChargePoint(SimConfig(ws_url(solar_entry))) as cp:
        tx = await charging_in_solar_mode(hass, cp)
        await tick(hass)
        await wait_for_state(hass, "sensor.cp1_solar_controller", "charging")
        # 5,000 W exported, 50 W kept as margin, over 3 x 230 V: 7.2 A.
        assert hass.states.get("sensor.cp1_surplus_power").state == "4950"
        assert hass.states.get("sensor.cp1_target_current").state == "7.2"
        await cp.wait_for_call("SetChargingProfile")
        assert limits(cp) == [("TxDefaultProfile", 7.2)]

        # The car takes it; the grid settles at the margin: nothing to send.
        await draw(cp, tx, 7.2)
        for _ in range(3):
            set_grid(hass, -50)
            await tick(hass)
        assert limits(cp) == [("TxDefaultProfile", 7.2)]
        assert hass.states.get("sensor.cp1_solar_share").state == "100.0"

        # A cloud: 1,000 W import. The current drops at once, to the minimum.
        set_grid(hass, 1000)
        await tick(hass)
        await wait_for_state(hass, "sensor.cp1_target_current", "6.0")
        await cp.wait_for_call("SetChargingProfile", count=2)
        assert limits(cp)[-1] == ("TxDefaultProfile", 6.0)

        await select(hass, "select.cp1_charge_mode", "off")
        await tick(hass)
        await wait_for_state(hass, "sensor.cp1_solar_controller", "off")
        await cp.wait_for_call("SetChargingProfile", count=3)
        assert limits(cp)[-1] == ("TxDefaultProfile", 0)


async def test_a_person_changing_the_switch_wins(
    hass: HomeAssistant,
    solar_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    set_grid(hass, -5000)
    async with SimChargePoint(SimConfig(ws_url(solar_entry))) as cp:
        await charging_in_solar_mode(hass, cp)
        await tick(hass)
        await wait_for_state(hass, "sensor.cp1_solar_controller", "charging")
        with caplog.at_level(logging.INFO):
            await press(hass, "switch", "turn_off", "switch.cp1_charging")
        assert hass.states.get("select.cp1_charge_mode").state == "manual"
        assert "changed by hand" in caplog.text
        sent = len(limits(cp))
        set_grid(hass, -9000)
        await tick(hass)
        await tick(hass)
        assert len(limits(cp)) == sent  # the controller keeps its hands off
        assert hass.states.get("sensor.cp1_solar_controller").state == "manual"

        await select(hass, "select.cp1_charge_mode", "solar")
        await set_number(hass, "number.cp1_current_limit", 8)
        assert hass.states.get("select.cp1_charge_mode").state == "manual"


async def test_two_chargers_share_the_surplus_by_priority(
    hass: HomeAssistant, solar_entry: MockConfigEntry
) -> None:
    set_grid(hass, -5000)
    async with (
        SimChargePoint(SimConfig(ws_url(solar_entry, "CP1"))) as low,
        SimChargePoint(SimConfig(ws_url(solar_entry, "CP2"))) as high,
    ):
        # CP2 has its priority before CP1 joins, so the result is the same
        # whether or not the 1 s tick runs in between (it runs on real time).
        await charging_in_solar_mode(hass, high, "cp2")
        await set_number(hass, "number.cp2_solar_priority", 5)
        await charging_in_solar_mode(hass, low, "cp1")
        await tick(hass)
        await wait_for_state(hass, "sensor.cp2_solar_controller", "charging")
        await high.wait_for_call("SetChargingProfile")
        assert limits(high) == [("TxDefaultProfile", 7.2)]
        # 7.2 A x 690 W/A = 4,968 W are promised to CP2: CP1 sees none left.
        await wait_for_state(hass, "sensor.cp1_solar_controller", "waiting")
        assert hass.states.get("sensor.cp1_surplus_power").state == "-18"
        # CP1 was charging by hand; with no surplus left for it, it pauses.
        await low.wait_for_call("SetChargingProfile")
        assert limits(low) == [("TxDefaultProfile", 0)]
        assert limits(high) == [("TxDefaultProfile", 7.2)]  # CP2 kept its share


async def test_solar_modes_need_a_grid_sensor(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        await ready(hass, cp)
        await wait_for_state(hass, "select.cp1_charge_mode", "manual")
        with pytest.raises(ServiceValidationError) as err:
            await select(hass, "select.cp1_charge_mode", "solar")
        assert err.value.translation_key == "no_grid_sensor"
        await select(hass, "select.cp1_charge_mode", "fast")  # needs no meter
        assert hass.states.get("select.cp1_charge_mode").state == "fast"


async def test_a_minimum_above_the_maximum_is_refused(
    hass: HomeAssistant, solar_entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(solar_entry))) as cp:
        await ready(hass, cp)
        with pytest.raises(ServiceValidationError) as err:
            await set_number(hass, "number.cp1_solar_minimum_current", 20)
        assert err.value.translation_key == "min_above_max"


async def test_modes_and_settings_survive_a_restart(
    hass: HomeAssistant, solar_entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(solar_entry))) as cp:
        await ready(hass, cp)
        await wait_for_state(hass, "select.cp1_charge_mode", "manual")
        await select(hass, "select.cp1_charge_mode", "min_solar")
        await set_number(hass, "number.cp1_solar_stop_delay", 240)
    assert await hass.config_entries.async_reload(solar_entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get("select.cp1_charge_mode").state == "min_solar"
    assert hass.states.get("number.cp1_solar_stop_delay").state == "240.0"


async def test_phase_mode_for_a_charger_that_switches_phases(
    hass: HomeAssistant,
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        data=entry_data(auto_accept=True),
        options={
            "solar": {"grid_sensor": GRID},
            "quirks": {"CP1": {"phase_switching": True}},
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    set_grid(hass, -2000)
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        await ready(hass, cp)
        await start_session(cp)
        await wait_for_state(hass, "select.cp1_phase_mode", "auto")
        await select(hass, "select.cp1_phase_mode", "1p")
        await set_number(hass, "number.cp1_solar_start_delay", 0)
        await select(hass, "select.cp1_charge_mode", "solar")
        await tick(hass)
        payload = await cp.wait_for_call("SetChargingProfile")
        period = payload["csChargingProfiles"]["chargingSchedule"][
            "chargingSchedulePeriod"
        ][0]
        # 1,950 W on one phase at 230 V: 8.5 A, and the charger is told 1 phase.
        assert (period["limit"], period["numberPhases"]) == (8.5, 1)
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


async def test_the_solar_share_is_saved_while_charging(
    hass: HomeAssistant,
    solar_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
) -> None:
    key = f"{DOMAIN}.{solar_entry.entry_id}.solar"

    async def saved() -> dict[str, Any]:
        freezer.tick(timedelta(seconds=SAVE_DELAY))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
        data: dict[str, Any] = hass_storage[key]["data"]["CP1/1"]
        return data

    set_grid(hass, -1700)
    async with SimChargePoint(SimConfig(ws_url(solar_entry))) as cp:
        tx = await charging_in_solar_mode(hass, cp)
        await draw(cp, tx, 7.1)  # 4.9 kW, while 1.7 kW still goes to the grid
        await tick(hass)
        await tick(hass)
        first = await saved()
        assert first["session"] == tx
        # Five minutes on, the counts are saved again, with no stop or restart.
        freezer.tick(timedelta(seconds=COUNTS_SAVED_EVERY))
        await tick(hass)
        later = await saved()
        solar = solar_entry.runtime_data.solar.connectors[("CP1", 1)]
        assert later["total_wh"] > first["total_wh"]
        assert (later["solar_wh"], later["total_wh"]) == (
            solar.solar_wh,
            solar.total_wh,
        )


async def test_phase_mode_follows_the_options_while_connected(
    hass: HomeAssistant, solar_entry: MockConfigEntry
) -> None:
    registry = er.async_get(hass)
    async with SimChargePoint(SimConfig(ws_url(solar_entry))) as cp:
        await ready(hass, cp)
        await wait_for_state(hass, "select.cp1_charge_mode", "manual")
        assert hass.states.get("select.cp1_phase_mode") is None
        await set_quirks(hass, solar_entry, "CP1", phase_switching=True)
        # no reconnect needed: the select comes with the option
        assert hass.states.get("select.cp1_phase_mode").state == "auto"
        await select(hass, "select.cp1_phase_mode", "1p")
        await set_quirks(hass, solar_entry, "CP1")
        assert hass.states.get("select.cp1_phase_mode") is None
        assert registry.async_get("select.cp1_phase_mode") is None
        assert cp.connected  # the charger stayed online throughout
        await set_quirks(hass, solar_entry, "CP1", phase_switching=True)
        assert hass.states.get("select.cp1_phase_mode").state == "1p"  # remembered


async def test_the_options_name_the_site_meters(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    hass.states.async_set("sensor.battery_power", "-1.5", {"unit_of_measurement": "kW"})
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "solar"}
    )
    assert result["step_id"] == "solar"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "grid_sensor": GRID,
            "grid_invert": True,
            "battery_sensor": "sensor.battery_power",
            "battery_invert": False,
        },
    )
    await hass.async_block_till_done()
    assert entry.options["solar"]["grid_sensor"] == GRID
    site = entry.runtime_data.solar.site
    assert (site.grid_sensor, site.grid_invert) == (GRID, True)
    assert site.battery_sensor == "sensor.battery_power"
    # The meters are read with their units and signs: kW to W, export +.
    set_grid(hass, 2000)
    solar = entry.runtime_data.solar
    assert read_power(hass, site.grid_sensor, site.grid_invert)[0] == -2000
    assert read_power(hass, site.battery_sensor, False)[0] == -1500
    hass.states.async_set(GRID, "unavailable")
    assert read_power(hass, GRID, True) == (None, None)
    assert solar.site.battery_soc_sensor is None


async def test_a_sensor_that_is_not_a_number_reads_as_no_value(
    hass: HomeAssistant,
) -> None:
    hass.states.async_set("sensor.soc", "57.5", {"unit_of_measurement": "%"})
    value, reported = read_number(hass, "sensor.soc")
    assert value == 57.5
    assert reported == hass.states.get("sensor.soc").last_reported_timestamp
    hass.states.async_set("sensor.soc", "charging")  # a text state, not a level
    assert read_number(hass, "sensor.soc") == (None, None)
    hass.states.async_set(GRID, "n/a", {"unit_of_measurement": "W"})
    assert read_power(hass, GRID, False) == (None, None)
    assert read_number(hass, None) == (None, None)  # no sensor configured
