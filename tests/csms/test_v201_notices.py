"""What a station tells on its own, and what the central system answers."""

from __future__ import annotations

import pytest
from ocpp.v16 import call as call16
from ocpp.v201 import call

from custom_components.ocpp_central.csms import CentralSystem, Settings
from tests.sim import SimChargePoint, SimConfig
from tests.sim.v201 import SimChargingStation, SimStationConfig

from .conftest import url


@pytest.fixture
def settings() -> Settings:
    return Settings(host="127.0.0.1", port=0, auto_accept=True, call_timeout=5)


def station(central: CentralSystem) -> SimChargingStation:
    return SimChargingStation(SimStationConfig(url(central, "CS1")))


async def test_an_event_that_is_no_problem_is_shown_and_keeps_the_problems(
    central: CentralSystem,
) -> None:
    async with station(central) as cs:
        assert await cs.boot() == "Accepted"
        await cs.notify_event("EVSE", "Problem", "true", evse=1)
        await cs.notify_event("Connector", "AvailabilityState", "Occupied", evse=1)
        charger = central.chargers["CS1"]
        assert charger.last_event is not None
        assert (charger.last_event.variable, charger.last_event.value) == (
            "AvailabilityState",
            "Occupied",
        )
        assert charger.last_event.problem is None
        assert list(charger.problems) == ["EVSE#1/Problem"]


async def test_notices_we_do_not_act_on_are_still_answered_in_their_schema(
    central: CentralSystem,
) -> None:
    schedule = {
        "id": 1,
        "charging_rate_unit": "A",
        "charging_schedule_period": [{"start_period": 0, "limit": 16.0}],
    }
    async with station(central) as cs:
        assert await cs.boot() == "Accepted"
        limit = await cs.request(
            call.NotifyChargingLimit(charging_limit={"charging_limit_source": "EMS"})
        )
        assert limit is not None
        planned = await cs.request(
            call.NotifyEVChargingSchedule(
                time_base="2026-12-01T08:00:00Z", charging_schedule=schedule, evse_id=1
            )
        )
        assert planned.status == "Accepted"
        transfer = await cs.request(call.DataTransfer(vendor_id="com.example"))
        assert transfer.status == "UnknownVendorId"
        assert cs.connected


async def test_a_1_6_chargers_own_data_transfer_is_answered_unknown_vendor(
    central: CentralSystem,
) -> None:
    async with SimChargePoint(SimConfig(url(central))) as cp:
        assert await cp.boot() == "Accepted"
        answer = await cp.request(
            call16.DataTransfer(vendor_id="com.example", message_id="Hello")
        )
        assert answer.status == "UnknownVendorId"
        assert cp.connected
