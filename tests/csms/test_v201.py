"""OCPP 2.0.1 stations on the same central system: boot gate, sessions, commands."""

from __future__ import annotations

import json

import pytest
from websockets.asyncio.client import connect

from custom_components.ocpp_central.csms import CentralSystem, Change, Settings
from custom_components.ocpp_central.csms.model import ConnectorStatus
from tests.sim.v201 import SimChargingStation, SimStationConfig

from .conftest import Recorder, url


@pytest.fixture
def settings() -> Settings:
    return Settings(host="127.0.0.1", port=0, auto_accept=True, call_timeout=5)


def station(
    central: CentralSystem, identity: str = "CS1", **options: object
) -> SimChargingStation:
    return SimChargingStation(SimStationConfig(url(central, identity), **options))  # type: ignore[arg-type]


async def test_a_station_boots_reports_and_its_device_model_is_read(
    central: CentralSystem, recorder: Recorder
) -> None:
    async with station(central, evses=(1, 1)) as cs:
        assert await cs.boot() == "Accepted"
        await cs.after_accepted()
        await cs.wait_for_call("SetVariables")
        charger = central.chargers["CS1"]
        assert charger.protocol == "ocpp2.0.1"
        assert charger.boot is not None and charger.boot.model == "SimModel201"
        assert charger.outlet_ids == [1, 2]
        assert charger.connectors[1].status is ConnectorStatus.AVAILABLE
        assert "SampledDataCtrlr/TxUpdatedInterval" in charger.configuration


async def test_before_acceptance_anything_but_the_boot_is_a_security_error(
    central: CentralSystem,
) -> None:
    central.settings.auto_accept = False
    async with connect(url(central, "CS9"), subprotocols=["ocpp2.0.1"]) as ws:
        boot = {
            "reason": "PowerUp",
            "chargingStation": {"model": "M", "vendorName": "V"},
        }
        await ws.send(json.dumps([2, "b", "BootNotification", boot]))
        answer = json.loads(await ws.recv())
        assert answer[2]["status"] == "Pending"
        await ws.send(json.dumps([2, "h", "Heartbeat", {}]))
        assert json.loads(await ws.recv())[2] == "SecurityError"
        await ws.send("[2, 17]")
        assert json.loads(await ws.recv())[2] == "RpcFrameworkError"
        await ws.send('[2, "x", "Heartbeat", {"extra": 1}]')
        assert json.loads(await ws.recv())[2] == "FormatViolation"


async def test_a_session_counts_energy_once_through_a_replay(
    central: CentralSystem, recorder: Recorder
) -> None:
    async with station(central) as cs:
        assert await cs.boot() == "Accepted"
        await cs.after_accepted()
        await cs.plug_in(1)
        tx = await cs.start_transaction(1, "TAG1", "ISO14443", meter_wh=1000)
        await cs.meter(1, 1500, power_w=7400)
        await cs.replay_sent(2)  # the last two events again, same seqNo
        await cs.meter(1, 1800, power_w=7400)
        connector = central.chargers["CS1"].connectors[1]
        assert connector.status is ConnectorStatus.CHARGING
        assert connector.transaction is not None and connector.transaction.id == tx
        assert connector.transaction.id_tag == "TAG1"
        await cs.end_transaction(1, meter_wh=2000)
        assert connector.last_session is not None
        assert connector.last_session.energy_wh == 1000
        assert connector.energy.total_wh == 1000
        starts = [c for c in recorder.changes if c[1] is Change.SESSION_STARTED]
        tags = [c for c in recorder.changes if c[1] is Change.TAG]
        assert len(starts) == 1 and len(tags) == 1


async def test_limits_pause_and_resume_are_one_tx_default_profile_per_evse(
    central: CentralSystem,
) -> None:
    async with station(central, evses=(1, 1)) as cs:
        assert await cs.boot() == "Accepted"
        await cs.after_accepted()
        await cs.wait_for_call("SetVariables")
        control = central.control
        assert await control.set_current_limit("CS1", 1, 10) == "Accepted"
        assert await control.set_current_limit("CS1", 2, 8) == "Accepted"
        assert cs.limit_a(1) == 10 and cs.limit_a(2) == 8
        await control.pause("CS1", 1)
        assert cs.limit_a(1) == 0
        await control.resume("CS1", 1)
        assert cs.limit_a(1) == 10
        assert await control.set_installation_limit("CS1", 16) == "Accepted"
