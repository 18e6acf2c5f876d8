"""Self-test of the 2.0.1 station: TransactionEvent, seqNo, the offline queue."""

from __future__ import annotations

from typing import Any

from ocpp.v201 import call

from tests.sim.v201 import Key, SimChargingStation, SimStationConfig, sampled_values

from .fake_csms201 import CsmsSession, FakeCsms


async def booted(
    csms: FakeCsms, identity: str, **options: Any
) -> tuple[SimChargingStation, CsmsSession]:
    cs = SimChargingStation(SimStationConfig(csms.url(identity), **options))
    await cs.connect()
    session = await csms.next_session()
    assert await cs.boot() == "Accepted"
    return cs, session


async def events(session: CsmsSession, count: int) -> list[dict[str, Any]]:
    return [await session.expect("TransactionEvent") for _ in range(count)]


async def test_a_session_is_started_updated_and_ended_with_one_seq_no_counter() -> None:
    async with FakeCsms() as csms:
        cs, session = await booted(csms, "TX1", evses=(1, 1), seq_no_gaps={2})
        try:
            await cs.plug_in(2)
            tx = await cs.start_transaction(2, "CARD", "ISO15693", meter_wh=1000)
            await cs.meter(
                2, 1500, power_w=7400, currents=(10.7, 10.7, 10.7), voltage=231, soc=40
            )
            await cs.set_charging_state(2, "SuspendedEV")
            other = await cs.start_transaction(1, "KEY", "KeyCode")
            await cs.end_transaction(2, meter_wh=2500, stopped_reason="EVDisconnected")
            got = await events(session, 5)
        finally:
            await cs.close()
    assert tx == "TX1-1" and other == "TX1-2"
    assert [e["seqNo"] for e in got] == [0, 1, 3, 4, 5]  # 2 is a configured gap
    started, metered, suspended, _, ended = got
    assert started["eventType"] == "Started"
    assert started["triggerReason"] == "Authorized"
    assert started["evse"] == {"id": 2, "connectorId": 1}
    assert started["idToken"] == {"idToken": "CARD", "type": "ISO15693"}
    assert started["transactionInfo"] == {
        "transactionId": tx,
        "chargingState": "Charging",
    }
    begin = started["meterValue"][0]["sampledValue"]
    assert begin == [
        {
            "value": 1000,
            "context": "Transaction.Begin",
            "measurand": "Energy.Active.Import.Register",
            "unitOfMeasure": {"unit": "Wh"},
        }
    ]
    assert metered["triggerReason"] == "MeterValuePeriodic"
    readings = {
        (s["measurand"], s.get("phase")): s["value"]
        for s in metered["meterValue"][0]["sampledValue"]
    }
    assert readings == {
        ("Energy.Active.Import.Register", None): 1500,
        ("Power.Active.Import", None): 7400,
        ("Current.Import", "L1"): 10.7,
        ("Current.Import", "L2"): 10.7,
        ("Current.Import", "L3"): 10.7,
        ("Voltage", None): 231,
        ("SoC", None): 40,
    }
    assert "evse" not in metered and "idToken" not in metered
    assert suspended["transactionInfo"]["chargingState"] == "SuspendedEV"
    assert ended["eventType"] == "Ended"
    assert ended["triggerReason"] == "EVCommunicationLost"
    assert ended["transactionInfo"] == {
        "transactionId": tx,
        "chargingState": "EVConnected",  # still plugged in
        "stoppedReason": "EVDisconnected",
    }
    assert ended["meterValue"][0]["sampledValue"][0]["value"] == 2500
    assert cs.transactions[tx].ended and cs.evses[2].transaction is None


async def test_plugging_in_starts_a_transaction_when_tx_start_point_says_so() -> None:
    async with FakeCsms() as csms:
        cs, session = await booted(csms, "TX2", transaction_ids=["OLD-ID"])
        try:
            cs.device_model.variables[Key("TxCtrlr", "TxStartPoint")].values[
                "Actual"
            ] = "EVConnected"
            tx = await cs.plug_in(1)
            assert tx == "OLD-ID"  # a test can hand out an id the CSMS saw before
            assert await cs.start_transaction(1, "TAG") == tx
            await cs.unplug(1)
            got = await events(session, 3)
            status = [await session.expect("StatusNotification") for _ in range(2)]
        finally:
            await cs.close()
    assert [(e["eventType"], e["triggerReason"]) for e in got] == [
        ("Started", "CablePluggedIn"),
        ("Updated", "Authorized"),
        ("Ended", "EVCommunicationLost"),
    ]
    assert got[0]["transactionInfo"]["chargingState"] == "EVConnected"
    assert "idToken" not in got[0] and got[1]["idToken"]["idToken"] == "TAG"
    assert got[2]["transactionInfo"]["chargingState"] == "Idle"
    assert [s["connectorStatus"] for s in status] == ["Occupied", "Available"]


async def test_offline_events_are_queued_and_replayed_with_offline_true() -> None:
    async with FakeCsms() as csms:
        cs, session = await booted(csms, "TX3", replay_sent_on_reconnect=1)
        try:
            tx = await cs.start_transaction(1, "TAG", meter_wh=0)
            await cs.meter(1, 100)
            await events(session, 2)
            await cs.drop_link(abrupt=True)
            await session.ws.wait_closed()
            assert session.ws.close_code == 1006  # no close frame: a lost link
            await cs.meter(1, 200)
            await cs.end_transaction(1, meter_wh=300)
            await cs.unplug(1)
            assert [q.payload.seq_no for q in cs.queue] == [2, 3]
            assert all(q.payload.offline for q in cs.queue)
            result = None
            await cs.reconnect()
            again = await csms.next_session()
            # The last answered event comes again (same seqNo), then the queue.
            got = await events(again, 3)
            status = await again.expect("StatusNotification")
            result = await again.request(call.GetTransactionStatus(transaction_id=tx))
        finally:
            await cs.close()
    assert [(e["seqNo"], e.get("offline")) for e in got] == [
        (1, None),
        (2, True),
        (3, True),
    ]
    assert got[2]["eventType"] == "Ended"
    assert status["connectorStatus"] == "Available"  # changed while offline
    assert (result.ongoing_indicator, result.messages_in_queue) == (False, False)
    assert len(cs.replayed) == 1 and cs.queue == []


async def test_a_sent_event_can_be_replayed_and_queue_state_is_reported() -> None:
    async with FakeCsms() as csms:
        cs, session = await booted(csms, "TX4")
        try:
            tx = await cs.start_transaction(1, "TAG")
            await events(session, 1)
            [answer] = await cs.replay_sent(1, offline=True)
            duplicate = await session.expect("TransactionEvent")
            assert (duplicate["seqNo"], duplicate["offline"]) == (0, True)
            assert answer.id_token_info == {"status": "Accepted"}
            status = await session.request(call.GetTransactionStatus(transaction_id=tx))
            assert (status.ongoing_indicator, status.messages_in_queue) == (True, False)
            status = await session.request(call.GetTransactionStatus())
            assert (status.ongoing_indicator, status.messages_in_queue) == (None, False)
            unknown = await session.request(
                call.GetTransactionStatus(transaction_id="x")
            )
            assert unknown.ongoing_indicator is False
        finally:
            await cs.close()


async def test_remote_start_and_stop_run_a_transaction() -> None:
    async with FakeCsms() as csms:
        cs, session = await booted(csms, "TX5", evses=(1, 1))
        try:
            profile = {
                "id": 9,
                "stack_level": 0,
                "charging_profile_purpose": "TxProfile",
                "charging_profile_kind": "Relative",
                "charging_schedule": [
                    {
                        "id": 1,
                        "charging_rate_unit": "A",
                        "charging_schedule_period": [{"start_period": 0, "limit": 8}],
                    }
                ],
            }
            result = await session.request(
                call.RequestStartTransaction(
                    id_token={"id_token": "APP", "type": "Central"},
                    remote_start_id=42,
                    evse_id=2,
                    charging_profile=profile,
                )
            )
            assert result.status == "Accepted"
            started = await session.expect("TransactionEvent")
            assert started["triggerReason"] == "RemoteStart"
            assert started["transactionInfo"]["remoteStartId"] == 42
            assert started["transactionInfo"]["chargingState"] == "Idle"  # no car yet
            tx = started["transactionInfo"]["transactionId"]
            await cs.wait_until(lambda: cs.limit_a(2) == 8)
            await cs.plug_in(2)
            plugged = await session.expect("TransactionEvent")
            assert plugged["triggerReason"] == "CablePluggedIn"
            assert plugged["transactionInfo"]["chargingState"] == "Charging"
            result = await session.request(
                call.RequestStopTransaction(transaction_id=tx)
            )
            assert result.status == "Accepted"
            ended = await session.expect("TransactionEvent")
            assert (
                ended["triggerReason"],
                ended["transactionInfo"]["stoppedReason"],
            ) == (
                "RemoteStop",
                "Remote",
            )
            assert cs.limit_a(2) is None  # the TxProfile went with its transaction
            result = await session.request(
                call.RequestStopTransaction(transaction_id=tx)
            )
            assert result.status == "Rejected"
        finally:
            await cs.close()


async def test_an_invalid_token_in_the_answer_ends_the_transaction() -> None:
    async with FakeCsms() as csms:
        csms.tokens["STOLEN"] = "Blocked"
        csms.transaction_answer = {"total_cost": 1.25}
        cs, session = await booted(csms, "TX6")
        try:
            assert await cs.authorize("STOLEN") == "Blocked"
            assert await cs.authorize("GOOD", "eMAID") == "Accepted"
            await cs.start_transaction(1, "STOLEN")
            got = await events(session, 2)
        finally:
            await cs.close()
    assert got[1]["eventType"] == "Ended"
    assert got[1]["transactionInfo"]["stoppedReason"] == "DeAuthorized"
    assert got[1]["triggerReason"] == "Deauthorized"
    assert cs.sent[0].result.total_cost == 1.25


async def test_meter_values_outside_a_transaction_and_cost_updates() -> None:
    async with FakeCsms() as csms:
        cs, session = await booted(csms, "TX7")
        try:
            await cs.meter(1, 5000, power_w=0)
            payload = await session.expect("MeterValues")
            assert payload["evseId"] == 1
            assert len(payload["meterValue"][0]["sampledValue"]) == 2
            await cs.meter_values(0, sampled_values(123456, context="Sample.Clock"))
            assert (await session.expect("MeterValues"))["evseId"] == 0
            tx = await cs.start_transaction(1, "TAG")
            await session.request(call.CostUpdated(total_cost=3.5, transaction_id=tx))
            assert cs.costs == {tx: 3.5}
        finally:
            await cs.close()


async def test_held_offline_updates_wait_for_get_transaction_status() -> None:
    async with FakeCsms() as csms:
        cs, session = await booted(csms, "TX8", hold_offline_updates=True)
        try:
            tx = await cs.start_transaction(1, "TAG", meter_wh=0)
            await events(session, 1)
            await cs.drop_link()
            await cs.meter(1, 100)
            await cs.meter(1, 200)
            await cs.end_transaction(1, meter_wh=300)
            await cs.reconnect()
            again = await csms.next_session()
            ended = await again.expect("TransactionEvent")
            assert (ended["eventType"], ended["seqNo"]) == ("Ended", 3)  # 1, 2 missing
            status = await again.request(call.GetTransactionStatus(transaction_id=tx))
            assert (status.ongoing_indicator, status.messages_in_queue) == (False, True)
            late = await events(again, 2)
            await cs.wait_until(lambda: not cs.queue)
        finally:
            await cs.close()
    assert [(e["eventType"], e["seqNo"], e["offline"]) for e in late] == [
        ("Updated", 1, True),
        ("Updated", 2, True),
    ]
