"""The Station facade: one test, run against a 1.6 charger and a 2.0.1 station.

The fake central systems differ per version; CentralSide hides that, the
way the real central system's version adapters will.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.sim import SimChargePoint, SimConfig
from tests.sim.fixtures import StationFactory
from tests.sim.station import Station, make_station
from tests.sim.station16 import Station16
from tests.sim.station201 import Station201
from tests.sim.v201 import SimChargingStation, SimStationConfig

from .fake_central import FakeCentral
from .fake_csms201 import FakeCsms


class CentralSide:
    """A fake central system of either version, driven in version-neutral words."""

    def __init__(self, version: str, central: FakeCentral | FakeCsms) -> None:
        self.version = version
        self.central = central
        self.session: Any = None

    def url(self, identity: str) -> str:
        return self.central.url(identity)

    async def connected(self) -> None:
        self.session = await self.central.next_session()

    async def send(self, action: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Send a raw CALL; return the CALLRESULT payload."""
        if self.version == "1.6":
            frame = await self.session.call(action, payload)
        else:
            frame = await self.session.raw_call(action, payload)
        assert frame[0] == 3, frame
        result: dict[str, Any] = frame[2]
        return result

    async def set_limit(self, outlet: int, amps: float, profile_id: int = 1) -> None:
        period = {"startPeriod": 0, "limit": amps}
        if self.version == "1.6":
            payload = {
                "connectorId": outlet,
                "csChargingProfiles": {
                    "chargingProfileId": profile_id,
                    "stackLevel": 0,
                    "chargingProfilePurpose": "TxDefaultProfile",
                    "chargingProfileKind": "Relative",
                    "chargingSchedule": {
                        "chargingRateUnit": "A",
                        "chargingSchedulePeriod": [period],
                    },
                },
            }
        else:
            payload = {
                "evseId": outlet,
                "chargingProfile": {
                    "id": profile_id,
                    "stackLevel": 0,
                    "chargingProfilePurpose": "TxDefaultProfile",
                    "chargingProfileKind": "Relative",
                    "chargingSchedule": [
                        {
                            "id": 1,
                            "chargingRateUnit": "A",
                            "chargingSchedulePeriod": [period],
                        }
                    ],
                },
            }
        assert (await self.send("SetChargingProfile", payload))["status"] == "Accepted"

    async def clear_limits(self) -> None:
        await self.send("ClearChargingProfile", {})

    async def set_available(self, outlet: int, available: bool) -> None:
        wanted = "Operative" if available else "Inoperative"
        if self.version == "1.6":
            payload = {"connectorId": outlet, "type": wanted}
        else:
            payload = {"evse": {"id": outlet}, "operationalStatus": wanted}
        assert (await self.send("ChangeAvailability", payload))["status"] == "Accepted"

    def received(self, action: str) -> list[dict[str, Any]]:
        return [p for a, p in self.session.received if a == action]

    def energy_readings(self) -> list[float]:
        """Energy.Active.Import.Register values the central system got, in order."""
        found = []
        for action, payload in self.session.received:
            if action not in ("MeterValues", "TransactionEvent"):
                continue
            for meter_value in payload.get("meterValue", []):
                for sample in meter_value["sampledValue"]:
                    if sample.get("measurand") == "Energy.Active.Import.Register":
                        found.append(float(sample["value"]))
        return found


@pytest.fixture
async def central(ocpp_version: str) -> AsyncIterator[CentralSide]:
    fake = FakeCentral() if ocpp_version == "1.6" else FakeCsms()
    async with fake:
        yield CentralSide(ocpp_version, fake)


async def ready(central: CentralSide, station: Station) -> None:
    await station.connect()
    await central.connected()
    assert await station.boot() == "Accepted"


async def test_a_charging_session_reads_the_same_on_both_versions(
    central: CentralSide, station_factory: StationFactory
) -> None:
    station = station_factory(central.url("ST1"), outlets=2)
    await ready(central, station)
    assert station.version == central.version and station.id == "ST1"
    assert await station.authorize("TAG1") == "Accepted"
    tx = await station.start_session(2, "TAG1", meter_start_wh=1000)
    assert isinstance(tx, str) and tx and station.transaction_id(2) == tx
    await station.meter(2, 1500, power_w=7400, currents=(10.7, 10.7, 10.7), soc=40)
    await station.status(2, "SuspendedEV")
    await station.stop_session(2, 2500, reason="EVDisconnected")
    assert station.transaction_id(2) is None
    await station.unplug(2)
    await station.heartbeat()
    readings = central.energy_readings()
    if central.version == "1.6":  # meterStart/meterStop travel outside meterValue
        assert readings == [1500]
    else:  # Transaction.Begin, the sample, Transaction.End
        assert readings == [1000, 1500, 2500]


async def test_limits_pauses_and_availability_read_back_on_both_versions(
    central: CentralSide, station_factory: StationFactory
) -> None:
    station = station_factory(central.url("ST2"), outlets=2)
    await ready(central, station)
    assert station.limit_a(1) is None and not station.paused(1)
    await central.set_limit(1, 10)
    await station.wait_for_limit(1, 10)
    await central.set_limit(1, 0)
    assert station.paused(1) and station.limit_a(2) is None
    assert len(station.requests("limit")) == 2
    await central.clear_limits()
    await station.wait_for_limit(1, None)
    assert station.available(1)
    await central.set_available(1, False)
    await station.wait_for_available(1, False)
    payload = await station.wait_for_request("availability")
    assert payload != {} and station.available(2)
    with pytest.raises(TimeoutError):
        await station.wait_for_request("reset", timeout=0.01)


async def test_statuses_are_shown_the_way_each_version_shows_them(
    central: CentralSide, station_factory: StationFactory
) -> None:
    station = station_factory(central.url("ST3"))
    await ready(central, station)
    await station.plug_in(1)
    await station.start_session(1, "TAG1")
    for state in ("SuspendedEVSE", "Charging"):
        await station.status(1, state)
    await station.stop_session(1, 100)
    await station.status(1, "Finishing")
    await station.status(1, "Available")
    await station.status(1, "Faulted")
    if central.version == "1.6":
        statuses = [p["status"] for p in central.received("StatusNotification")]
        assert statuses == [
            "Preparing",
            "Charging",
            "SuspendedEVSE",
            "Charging",
            "Finishing",
            "Finishing",
            "Available",
            "Faulted",
        ]
    else:
        statuses = [
            p["connectorStatus"] for p in central.received("StatusNotification")
        ]
        assert statuses == ["Available", "Occupied", "Available", "Faulted"]
        states = [
            p["transactionInfo"].get("chargingState")
            for p in central.received("TransactionEvent")
        ]
        assert states == ["Charging", "SuspendedEVSE", "Charging", "EVConnected"]


def test_make_station_picks_the_adapter_and_wraps_existing_simulators() -> None:
    assert isinstance(make_station("1.6", "ws://h/A"), Station16)
    assert isinstance(make_station("2.0.1", "ws://h/A", outlets=2), Station201)
    assert make_station("2.0.1", "ws://h/A", outlets=2).sim.config.evses == (1, 1)
    cp = SimChargePoint(SimConfig("ws://h/B"))
    assert Station16(cp).sim is cp
    cs = SimChargingStation(SimStationConfig("ws://h/C"))
    assert Station201(cs).sim is cs
    assert Station201(cs).action("configure") == "SetVariables"
    assert Station16(cp).action("configure") == "ChangeConfiguration"
    with pytest.raises(ValueError, match="unknown OCPP version"):
        make_station("2.1", "ws://h/A")
