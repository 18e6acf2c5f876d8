"""What only 2.0.1 stations have, and a station beside a 1.6 charger."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.ocpp_central.const import DOMAIN
from custom_components.ocpp_central.csms.v201 import device_model
from tests.sim.station import make_station
from tests.sim.v201 import SimChargingStation, SimStationConfig

from .conftest import entry_data, wait_for_state, ws_url
from .restart import running_home_assistant


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


def device_id(hass: HomeAssistant, identity: str) -> str:
    device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, identity)})
    assert device is not None
    return device.id


async def service(hass: HomeAssistant, name: str, response: bool, **data: Any) -> Any:
    return await hass.services.async_call(
        DOMAIN, name, data, blocking=True, return_response=response
    )


async def ready(cs: SimChargingStation) -> None:
    assert await cs.boot() == "Accepted"
    await cs.after_accepted()
    await cs.wait_for_call("GetLocalListVersion")


async def test_a_station_and_a_1_6_charger_charge_side_by_side(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    new = make_station("2.0.1", ws_url(entry, "CS1"))
    old = make_station("1.6", ws_url(entry, "CP1"))
    async with new, old:
        for station in (new, old):
            assert await station.boot() == "Accepted"
            await station.wait_for_request("local_list_version")
            await station.status(1, "Available")
            await station.start_session(1, "TAG1", meter_start_wh=0)
            await station.meter(1, 500, power_w=3700)
        for prefix in ("cs1", "cp1"):
            await wait_for_state(hass, f"sensor.{prefix}_status", "charging")
            await hass.services.async_call(
                "number",
                "set_value",
                {"entity_id": f"number.{prefix}_current_limit", "value": 8},
                blocking=True,
            )
        await new.wait_for_limit(1, 8)
        await old.wait_for_limit(1, 8)


async def test_the_device_model_services_and_the_wrong_version_error(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    cs = SimChargingStation(SimStationConfig(ws_url(entry, "CS1")))
    async with cs:
        await ready(cs)
        station = device_id(hass, "CS1")
        found = await service(
            hass,
            "get_variables",
            True,
            device_id=station,
            variables=["SampledDataCtrlr/TxUpdatedInterval", "Nope/Nothing"],
        )
        assert found["variables"][0] == {
            "name": "SampledDataCtrlr/TxUpdatedInterval",
            "status": "Accepted",
            "value": "10",
        }
        assert found["variables"][1]["status"] == "UnknownComponent"
        changed = await service(
            hass,
            "set_variables",
            True,
            device_id=station,
            variables={"OCPPCommCtrlr/HeartbeatInterval": "120"},
        )
        assert changed["variables"][0]["status"] == "Accepted"
        report = await service(
            hass, "get_base_report", True, device_id=station, report="configuration"
        )
        names = {item["name"] for item in report["variables"]}
        assert "SampledDataCtrlr/TxUpdatedInterval" in names
        await service(
            hass,
            "set_display_message",
            False,
            device_id=station,
            message_id=4,
            text="Charging from the sun",
        )
        shown = await service(hass, "get_display_messages", True, device_id=station)
        assert [m["message"]["content"] for m in shown["messages"]] == [
            "Charging from the sun"
        ]
        await service(
            hass, "clear_display_message", False, device_id=station, message_id=4
        )
        with pytest.raises(ServiceValidationError) as wrong:
            await service(hass, "get_configuration", True, device_id=station)
        assert wrong.value.translation_key == "wrong_version"


async def test_problems_events_and_what_the_car_needs_are_shown(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    events = async_capture_events(hass, "ocpp_central_device_event")
    cs = SimChargingStation(SimStationConfig(ws_url(entry, "CS1")))
    async with cs:
        await ready(cs)
        await wait_for_state(hass, "binary_sensor.cs1_problem", "off")
        await cs.notify_event("EVSE", "Problem", "true", evse=1, tech_info="RCD")
        await wait_for_state(hass, "binary_sensor.cs1_problem", "on")
        problem = hass.states.get("binary_sensor.cs1_problem")
        assert problem is not None
        assert problem.attributes["problems"][0]["info"] == "RCD"
        assert events[-1].data["problem"] is True
        await cs.plug_in(1)
        await cs.notify_ev_charging_needs(
            1, energy_wh=20000, departure="2030-01-01T07:00:00Z"
        )
        await wait_for_state(hass, "sensor.cs1_energy_the_car_needs", "20.0")
        departure = hass.states.get("sensor.cs1_car_departure_time")
        assert departure is not None and departure.state.startswith("2030-01-01")


async def test_a_restart_mid_session_loses_nothing_of_a_station(
    hass_storage: dict[str, Any],
) -> None:
    data = entry_data(auto_accept=True)
    async with running_home_assistant(data) as (hass, entry):
        cs = SimChargingStation(SimStationConfig(ws_url(entry, "CS1")))
        await cs.connect()
        await ready(cs)
        await cs.plug_in(1)
        await cs.start_transaction(1, "TAG1", "ISO14443", meter_wh=1000)
        await cs.meter(1, 1600, power_w=7000)
        await hass.async_block_till_done()
        await hass.async_stop()
        assert await cs.wait_closed() == 1001
    async with running_home_assistant(data) as (hass, entry):
        await cs.reconnect()
        await cs.meter(1, 1900, power_w=7000)
        await cs.end_transaction(1, meter_wh=2000)
        await hass.async_block_till_done()
        assert float(hass.states.get("sensor.cs1_energy").state) == 1.0  # type: ignore[union-attr]
        sessions = entry.runtime_data.history.query("CS1", None, None)
        assert [s["energy_wh"] for s in sessions] == [1000]
        await cs.close()


async def test_a_report_that_never_completes_is_a_timeout_not_a_traceback(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A station that accepts GetBaseReport and then never sends NotifyReport.
    monkeypatch.setattr(device_model, "REPORT_TIMEOUT", 0.2)
    cs = SimChargingStation(SimStationConfig(ws_url(entry, "CS1")))

    async def never(request_id: int, data: list[dict[str, Any]]) -> None:
        return None

    monkeypatch.setattr(cs, "notify_report", never)
    async with cs:
        assert await cs.boot() == "Accepted"
        await cs.after_accepted()
        # Without the report the station's tag list support is unknown, so
        # metering set-up is the last thing it is asked after the boot.
        await cs.wait_for_call("SetVariables")
        with pytest.raises(HomeAssistantError) as failed:
            await service(
                hass, "get_base_report", True, device_id=device_id(hass, "CS1")
            )
        assert failed.value.translation_key == "charger_timeout"
        assert cs.connected
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
