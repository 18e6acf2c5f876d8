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


async def ready(cs: SimChargingStation) -> None:
    """Booted, its model read, metering set: the tag list is the last step."""
    assert await cs.boot() == "Accepted"
    await cs.after_accepted()
    await cs.wait_for_call("GetLocalListVersion")


async def test_events_queued_offline_and_replayed_count_once(
    central: CentralSystem, recorder: Recorder
) -> None:
    async with station(central, replay_sent_on_reconnect=1) as cs:
        await ready(cs)
        await cs.plug_in(1)
        await cs.start_transaction(1, "TAG1", "ISO14443", meter_wh=1000)
        await cs.meter(1, 1200)
        await cs.drop_link(abrupt=True)
        await recorder.wait_for("CS1", Change.DISCONNECTED)
        await cs.meter(1, 1500)  # queued: the link is down
        await cs.end_transaction(1, meter_wh=1700)
        await cs.reconnect()  # replays one answered event, then the queue
        await cs.wait_until(lambda: not cs.queue)
        connector = central.chargers["CS1"].connectors[1]
        assert connector.transaction is None
        assert connector.last_session is not None
        assert connector.last_session.energy_wh == 700
        assert connector.energy.total_wh == 700
        assert [e.payload.offline for e in cs.sent[-2:]] == [True, True]


async def test_a_station_reusing_an_old_transaction_id_opens_a_new_session(
    central: CentralSystem,
) -> None:
    async with station(central, transaction_ids=["T-1", "T-1"]) as cs:
        await ready(cs)
        for start, stop in ((1000, 1500), (1500, 1800)):
            await cs.plug_in(1)
            assert (
                await cs.start_transaction(1, "TAG1", "ISO14443", meter_wh=start)
                == "T-1"
            )
            await cs.end_transaction(1, meter_wh=stop)
            await cs.unplug(1)
        book = central.charging.book
        assert [t.energy_wh for t in book.recently_stopped] == [500, 300]
        assert central.chargers["CS1"].connectors[1].energy.total_wh == 800


async def test_a_report_in_many_parts_is_assembled_and_refused_variables_noted(
    central: CentralSystem, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO")
    async with station(central, report_part_size=3, refuse_variables={"*"}) as cs:
        await ready(cs)
        parts = (
            [p for a, p in cs.calls_out if a == "NotifyReport"]
            if hasattr(cs, "calls_out")
            else []
        )
        configuration = central.chargers["CS1"].configuration
        assert "DeviceDataCtrlr/ItemsPerMessage[GetVariables]" in configuration
        assert len(configuration) > 10
        assert parts == [] or len(parts) > 1
        assert "kept its own" in caplog.text


async def test_a_gap_in_the_numbering_is_asked_about_and_kept(
    central: CentralSystem,
) -> None:
    async with station(central, seq_no_gaps=frozenset({3})) as cs:
        await ready(cs)
        await cs.plug_in(1)
        await cs.start_transaction(1, "TAG1", "ISO14443", meter_wh=0)
        await cs.meter(1, 100)
        await cs.meter(1, 200)
        await cs.end_transaction(1, meter_wh=300)
        await cs.wait_for_call("GetTransactionStatus")
        closed = central.chargers["CS1"].connectors[1].last_session
        assert closed is not None and closed.missing == [3]


async def test_problems_and_car_needs_reach_the_model(
    central: CentralSystem, recorder: Recorder
) -> None:
    async with station(central) as cs:
        await ready(cs)
        await cs.notify_event("EVSE", "Problem", "true", evse=1, tech_info="RCD")
        charger = central.chargers["CS1"]
        assert list(charger.problems) == ["EVSE#1/Problem"]
        await cs.notify_event("EVSE", "Problem", "false", evse=1, cleared=True)
        assert charger.problems == {}
        await recorder.wait_for("CS1", Change.DEVICE_EVENT, count=2)
        await cs.plug_in(1)
        status = await cs.notify_ev_charging_needs(
            1, energy_wh=20000, departure="2030-01-01T07:00:00Z"
        )
        assert status == "Rejected"  # we plan no schedule for the car
        connector = charger.connectors[1]
        assert connector.ev_energy_wh == 20000
        assert connector.ev_departure is not None


async def test_commands_speak_2_0_1(central: CentralSystem) -> None:
    async with station(central) as cs:
        await ready(cs)
        control = central.control
        await control.set_available("CS1", 1, False)
        assert cs.calls[-1] == (
            "ChangeAvailability",
            {"operationalStatus": "Inoperative", "evse": {"id": 1}},
        )
        await control.set_available("CS1", 1, True)
        await control.trigger("CS1", "status", 1)
        assert cs.calls[-1][1]["requestedMessage"] == "StatusNotification"
        status = await control.start("CS1", 1)
        assert status == "Accepted"
        sent = [p for a, p in cs.calls if a == "RequestStartTransaction"][-1]
        assert sent["idToken"] == {"idToken": "home-assistant", "type": "Central"}
        await control.reset("CS1", hard=False)  # the station reboots now
        assert cs.calls[-1] == ("Reset", {"type": "OnIdle"})


async def test_the_running_and_final_cost_go_to_the_station(
    central: CentralSystem,
) -> None:
    prices = [0.30]
    central.settings.price = lambda: prices[-1]
    async with station(central) as cs:
        await ready(cs)
        await cs.plug_in(1)
        tx = await cs.start_transaction(1, "TAG1", "ISO14443", meter_wh=1000)
        await cs.meter(1, 2000)  # 1 kWh at 0.30
        await cs.wait_for_call("CostUpdated")
        assert cs.calls[-1] == ("CostUpdated", {"totalCost": 0.3, "transactionId": tx})
        prices.append(0.10)
        await cs.meter(1, 3000)  # 1 kWh at 0.10: told a minute later at most
        await cs.end_transaction(1, meter_wh=3500)  # 0.5 kWh at 0.10
        closed = central.chargers["CS1"].connectors[1].last_session
        assert closed is not None and closed.cost == pytest.approx(0.45)
        assert cs.sent[-1].result.total_cost == 0.45  # in the answer to Ended
