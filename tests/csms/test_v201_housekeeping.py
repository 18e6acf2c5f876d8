"""What the central system asks of a 2.0.1 station on its own: model, metering, refresh."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from ocpp.v201 import call_result

from custom_components.ocpp_central.csms import CentralSystem, Change, Settings
from custom_components.ocpp_central.csms.settings import DEFAULT_MEASURANDS
from tests.sim.handlers import on
from tests.sim.v201 import SimChargingStation, SimStationConfig

from .conftest import Recorder, url

METERING = {"SampledDataCtrlr", "AlignedDataCtrlr"}


@pytest.fixture
def settings() -> Settings:
    return Settings(host="127.0.0.1", port=0, auto_accept=True, call_timeout=5)


class NoMeterTrigger(SimChargingStation):
    """A station that triggers its status on request, but never its meter."""

    @on("TriggerMessage")
    def on_trigger_message(
        self, requested_message: str, evse: dict[str, Any] | None = None, **_: Any
    ) -> call_result.TriggerMessage:
        if requested_message == "MeterValues":
            return call_result.TriggerMessage(status="Rejected")
        return super().on_trigger_message(requested_message, evse)


def triggers(cs: SimChargingStation) -> list[tuple[str, int | None]]:
    return [
        (payload["requestedMessage"], (payload.get("evse") or {}).get("id"))
        for action, payload in cs.calls
        if action == "TriggerMessage"
    ]


def metering_calls(cs: SimChargingStation) -> list[dict[str, Any]]:
    return [
        payload
        for action, payload in cs.calls
        if action == "SetVariables"
        and any(
            item["component"]["name"] in METERING for item in payload["setVariableData"]
        )
    ]


async def test_an_evse_number_beyond_the_modelled_range_makes_no_connector(
    central: CentralSystem, recorder: Recorder
) -> None:
    cs = SimChargingStation(SimStationConfig(url(central, "CS1"), evses=(1,)))
    cs.device_model.add("EVSE", "Power", "0", evse=99, unit="W")
    async with cs:
        assert await cs.boot() == "Accepted"
        await cs.after_accepted()
        await cs.wait_for_call("GetLocalListVersion")
        charger = central.chargers["CS1"]
        assert "EVSE#99/Power" in charger.configuration
        assert charger.outlet_ids == [1]


async def test_a_station_that_takes_every_metering_setting_is_not_asked_again(
    central: CentralSystem, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    config = SimStationConfig(
        url(central, "CS1"), supported_measurands=DEFAULT_MEASURANDS
    )
    async with SimChargingStation(config) as cs:
        assert await cs.boot() == "Accepted"
        await cs.after_accepted()
        await cs.wait_for_call("GetLocalListVersion")
        charger = central.chargers["CS1"]
        assert charger.measurands == list(DEFAULT_MEASURANDS)
        assert charger.configuration["SampledDataCtrlr/TxUpdatedInterval"].value == "10"
        assert charger.configuration["AlignedDataCtrlr/Interval"].value == "300"
        assert "kept its own" not in caplog.text
        assert len(metering_calls(cs)) == 1

        assert await cs.boot("PowerUp") == "Accepted"  # a reboot: the model is read
        await cs.wait_for_call("GetBaseReport", count=2)
        await cs.wait_for_call("GetLocalListVersion", count=2)
        assert len(metering_calls(cs)) == 1


async def test_a_station_refusing_to_trigger_its_meter_is_not_asked_for_the_next_evse(
    central: CentralSystem, recorder: Recorder
) -> None:
    config = SimStationConfig(url(central, "CS1"), evses=(1, 1))
    async with NoMeterTrigger(config) as cs:
        assert await cs.boot() == "Accepted"
        await cs.after_accepted()
        await cs.wait_for_call("GetLocalListVersion")
        await cs.drop_link()
        await recorder.wait_for("CS1", Change.DISCONNECTED)
        await cs.reconnect()
        await cs.wait_for_call("GetLocalListVersion", count=2)
        assert triggers(cs) == [
            ("StatusNotification", 1),
            ("StatusNotification", 2),
            ("MeterValues", 1),
        ]


async def test_an_evse_named_only_in_the_device_model_becomes_a_connector(
    central: CentralSystem, recorder: Recorder
) -> None:
    # Its status never came (an EVSE out of order); the report names it.
    cs = SimChargingStation(SimStationConfig(url(central, "CS1"), evses=(1,)))
    cs.device_model.add("EVSE", "AvailabilityState", "Unavailable", evse=2)
    async with cs:
        assert await cs.boot() == "Accepted"
        await cs.after_accepted()
        await cs.wait_for_call("GetLocalListVersion")
        assert central.chargers["CS1"].outlet_ids == [1, 2]
        assert ("CS1", Change.CONNECTORS, None) in recorder.changes
