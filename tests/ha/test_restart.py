"""A restart of Home Assistant (its own stop and start) loses and misleads nothing."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant

from custom_components.ocpp_central.const import DOMAIN
from tests.sim import NOANSWER, SimChargePoint, SimConfig

from .charging import sample, send_meter, start_session, stop_session
from .conftest import entry_data, ws_url
from .restart import ENTRY_ID, running_home_assistant


def value(hass: HomeAssistant, entity_id: str) -> str:
    found = hass.states.get(entity_id)
    assert found is not None, entity_id
    return found.state


@pytest.fixture
def data() -> dict[str, Any]:
    return entry_data(auto_accept=True)


async def test_energy_counted_just_before_a_restart_is_kept_and_chargers_told_1001(
    hass_storage: dict[str, Any], data: dict[str, Any]
) -> None:
    async with running_home_assistant(data) as (hass, entry):
        cp = SimChargePoint(SimConfig(ws_url(entry)))
        await cp.connect()
        assert await cp.boot() == "Accepted"
        tx = await start_session(cp, meter_start=5000)
        # Counted after the session's own (urgent) save: only the regular save
        # or the stop can keep it.
        await send_meter(cp, sample("Energy.Active.Import.Register", 5800, "Wh"), tx=tx)
        await hass.async_block_till_done()
        assert float(value(hass, "sensor.cp1_energy")) == 0.8
        await hass.async_stop()
        assert await cp.wait_closed() == 1001  # going away, not dropped
    async with (
        running_home_assistant(data) as (hass, entry),
        SimChargePoint(SimConfig(ws_url(entry))) as cp,
    ):
        await send_meter(cp, sample("Energy.Active.Import.Register", 6000, "Wh"), tx=tx)
        await hass.async_block_till_done()
        assert float(value(hass, "sensor.cp1_energy")) == 1.0
        assert float(value(hass, "sensor.cp1_session_energy")) == 1.0
        await stop_session(cp, tx, 6500)
        await hass.async_block_till_done()
        sessions = entry.runtime_data.history.query("CP1", None, None)
        assert [s["energy_wh"] for s in sessions] == [1500]


async def test_status_is_restored_and_a_returning_charger_is_asked_for_its_state(
    hass_storage: dict[str, Any], data: dict[str, Any]
) -> None:
    async with (
        running_home_assistant(data) as (hass, entry),
        SimChargePoint(SimConfig(ws_url(entry), connectors=2)) as cp,
    ):
        assert await cp.boot() == "Accepted"
        await cp.wait_for_call("GetLocalListVersion")
        await start_session(cp, connector=1)
        await cp.status(2, "Available")
        await hass.async_block_till_done()
    # The charger keeps running through the restart and does not boot; this
    # one never answers what it is asked, so only the restore can show state.
    silent = {"TriggerMessage": NOANSWER, "GetLocalListVersion": NOANSWER}
    async with running_home_assistant(data) as (hass, entry):
        config = SimConfig(ws_url(entry), connectors=2, answers=silent)
        async with SimChargePoint(config) as cp:
            await cp.wait_for_call("TriggerMessage")
            await hass.async_block_till_done()
            assert value(hass, "sensor.cp1_connector_1_status") == "charging"
            assert value(hass, "binary_sensor.cp1_connector_1_plugged_in") == "on"
            assert value(hass, "binary_sensor.cp1_connector_1_charging") == "on"
            assert value(hass, "switch.cp1_connector_1_charging") == "on"
            assert value(hass, "sensor.cp1_connector_2_status") == "available"
    # A charger that answers is asked for every connector's status and meter.
    async with (
        running_home_assistant(data) as (hass, entry),
        SimChargePoint(SimConfig(ws_url(entry), connectors=2)) as cp,
    ):
        await cp.wait_for_call("GetLocalListVersion")
        asked = [
            (p["requestedMessage"], p.get("connectorId"))
            for action, p in cp.calls
            if action == "TriggerMessage"
        ]
        assert asked == [
            ("StatusNotification", 0),
            ("StatusNotification", 1),
            ("StatusNotification", 2),
            ("MeterValues", 1),
            ("MeterValues", 2),
        ]


async def test_a_started_session_is_on_disk_before_the_charger_hears_its_id(
    hass_storage: dict[str, Any], data: dict[str, Any]
) -> None:
    async with (
        running_home_assistant(data) as (_, entry),
        SimChargePoint(SimConfig(ws_url(entry))) as cp,
    ):
        assert await cp.boot() == "Accepted"
        tx = await start_session(cp)
        # No waiting: a crash right now must not lose or reissue the id.
        stored = hass_storage[f"{DOMAIN}.{ENTRY_ID}.chargers"]["data"]
        (charger,) = stored["chargers"]
        assert [t["id"] for t in charger["transactions"]] == [tx]
        assert stored["transactions"]["reserved_until"] > tx
