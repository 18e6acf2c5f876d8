"""Sessions over real websockets: every kWh counted once, whatever the charger does."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from ocpp.v16 import call

from custom_components.ocpp_central.csms import CentralSystem, Change, Settings
from custom_components.ocpp_central.csms.authorization import Tag, TagPolicy
from tests.sim import SimChargePoint, SimConfig

from .conftest import Recorder, url


def stamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def energy(value: float, unit: str = "Wh", **extra: str) -> dict[str, Any]:
    return {
        "value": str(value),
        "unit": unit,
        "measurand": "Energy.Active.Import.Register",
        **extra,
    }


def meter(
    connector: int, when: datetime, *samples: dict[str, Any], tx: int | None = None
) -> call.MeterValues:
    return call.MeterValues(
        connector_id=connector,
        transaction_id=tx,
        meter_value=[{"timestamp": stamp(when), "sampled_value": list(samples)}],
    )


async def start(
    cp: SimChargePoint, meter_start: int, when: datetime, tag: str = "TAG1"
) -> Any:
    return await cp.request(
        call.StartTransaction(
            connector_id=1, id_tag=tag, meter_start=meter_start, timestamp=stamp(when)
        )
    )


async def test_a_session_from_start_to_stop(
    central: CentralSystem, recorder: Recorder
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    async with SimChargePoint(SimConfig(url(central))) as cp:
        await cp.boot()
        answer = await start(cp, 10_000, now)
        assert answer.id_tag_info["status"] == "Accepted"
        tx = answer.transaction_id
        connector = central.chargers["CP1"].connectors[1]
        assert connector.transaction is not None and connector.transaction.id == tx
        await cp.request(
            meter(
                1,
                now + timedelta(seconds=10),
                energy(10.5, "kWh"),
                {"value": "7.2", "unit": "kW", "measurand": "Power.Active.Import"},
                tx=tx,
            )
        )
        assert connector.transaction.energy_wh == 500
        stopped = await cp.request(
            call.StopTransaction(
                meter_stop=11_000,
                timestamp=stamp(now + timedelta(minutes=5)),
                transaction_id=tx,
                reason="EVDisconnected",
            )
        )
        assert stopped.id_tag_info is None
    session = connector.last_session
    assert session is not None and connector.transaction is None
    assert (session.energy_wh, session.peak_power_w, session.stop_reason) == (
        1000,
        7200,
        "EVDisconnected",
    )
    assert session.duration() == timedelta(minutes=5)
    assert connector.energy.total_wh == 1000
    await recorder.wait_for("CP1", Change.SESSION_STOPPED)
    assert [
        c
        for i, c, n in recorder.changes
        if c in (Change.SESSION_STARTED, Change.SESSION_STOPPED)
    ] == [
        Change.SESSION_STARTED,
        Change.SESSION_STOPPED,
    ]


async def test_a_repeated_start_gets_the_same_id_and_one_session(
    central: CentralSystem, recorder: Recorder
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    async with SimChargePoint(SimConfig(url(central))) as cp:
        await cp.boot()
        first = await start(cp, 500, now)
        second = await start(cp, 500, now)
        assert first.transaction_id == second.transaction_id
        assert len(central.charging.book.open) == 1
        third = await start(cp, 600, now + timedelta(minutes=1))
        assert third.transaction_id != first.transaction_id
    started = [c for _, c, _ in recorder.changes if c is Change.SESSION_STARTED]
    assert len(started) == 2  # the repeat did not open a session
    # The new start on the same connector closed the one the charger never stopped.
    assert central.charging.book.recently_stopped[-1].stop_reason == "Superseded"


async def test_unknown_and_repeated_stops_are_answered_and_counted_once(
    central: CentralSystem, caplog: pytest.LogCaptureFixture
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    async with SimChargePoint(SimConfig(url(central))) as cp:
        await cp.boot()
        tx = (await start(cp, 0, now)).transaction_id
        stop = call.StopTransaction(
            meter_stop=2000,
            timestamp=stamp(now + timedelta(minutes=1)),
            transaction_id=tx,
        )
        await cp.request(stop)
        await cp.request(dataclasses.replace(stop, meter_stop=4000))  # a repeat
        answer = await cp.request(
            call.StopTransaction(
                meter_stop=5, timestamp=stamp(now), transaction_id=999, id_tag="X"
            )
        )
        assert answer.id_tag_info["status"] == "Accepted"
        for _ in range(3):
            await cp.request(meter(1, now, energy(7), tx=4242))
    connector = central.chargers["CP1"].connectors[1]
    assert (
        connector.last_session is not None and connector.last_session.energy_wh == 2000
    )
    assert connector.energy.total_wh == 2000
    orphans = [(o.action, o.transaction_id) for o in central.charging.book.orphans]
    assert ("session stop", 999) in orphans and orphans.count(
        ("meter values", 4242)
    ) == 3
    assert caplog.text.count("transaction 4242, which is not open") == 1


async def test_messages_queued_offline_use_their_own_timestamps(
    central: CentralSystem,
) -> None:
    past = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    async with SimChargePoint(SimConfig(url(central))) as cp:
        await cp.boot()
        tx = (await start(cp, 1000, past)).transaction_id
    # Offline meanwhile; after reconnecting, the charger sends what it queued,
    # in order, describing what happened two hours ago.
    async with SimChargePoint(SimConfig(url(central))) as cp:
        for minute in (10, 20, 30):
            await cp.request(
                meter(
                    1,
                    past + timedelta(minutes=minute),
                    energy(1000 + minute * 100),
                    tx=tx,
                )
            )
        await cp.request(
            call.StopTransaction(
                meter_stop=4500,
                timestamp=stamp(past + timedelta(minutes=40)),
                transaction_id=tx,
            )
        )
    session = central.chargers["CP1"].connectors[1].last_session
    assert session is not None
    assert session.started == past
    assert session.duration() == timedelta(minutes=40)
    assert session.energy_wh == 3500


async def test_late_readings_do_not_move_the_energy_total_back(
    central: CentralSystem,
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    async with SimChargePoint(SimConfig(url(central))) as cp:
        await cp.boot()
        await cp.request(meter(1, now, energy(5000)))
        await cp.request(meter(1, now + timedelta(seconds=20), energy(5600)))
        await cp.request(meter(1, now + timedelta(seconds=10), energy(5300)))  # late
    connector = central.chargers["CP1"].connectors[1]
    assert connector.energy.total_wh == 600
    assert connector.reading("Energy.Active.Import.Register").value == 5600


async def test_a_newer_reading_of_a_quantity_updates_the_one_kept(
    central: CentralSystem,
) -> None:
    # One object per quantity for the charger's whole life: a new one per
    # sample would reach the garbage collector's old generation.
    now = datetime.now(UTC).replace(microsecond=0)
    async with SimChargePoint(SimConfig(url(central))) as cp:
        await cp.boot()
        await cp.request(meter(1, now, energy(5000)))
        connector = central.chargers["CP1"].connectors[1]
        kept = connector.reading("Energy.Active.Import.Register")
        assert kept is not None
        later = now + timedelta(seconds=20)
        await cp.request(meter(1, later, energy(5.6, "kWh", context="Sample.Clock")))
        await cp.request(meter(1, now + timedelta(seconds=10), energy(5300)))  # late
    assert connector.reading("Energy.Active.Import.Register") is kept
    assert (kept.value, kept.unit, kept.context, kept.timestamp) == (
        5600,
        "Wh",
        "Sample.Clock",
        later,
    )


async def test_clock_skew_is_tolerated_and_absurd_times_clamped(
    central: CentralSystem, caplog: pytest.LogCaptureFixture
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    async with SimChargePoint(SimConfig(url(central))) as cp:
        await cp.boot()
        tx = (await start(cp, 0, now + timedelta(minutes=3))).transaction_id
        assert central.charging.book.open[("CP1", tx)].started == now + timedelta(
            minutes=3
        )
        await cp.request(
            call.StopTransaction(
                meter_stop=10, timestamp="2099-01-01T00:00:00Z", transaction_id=tx
            )
        )
        tx2 = (await start(cp, 10, datetime(1970, 1, 1, tzinfo=UTC))).transaction_id
        assert central.charging.book.open[("CP1", tx2)].started >= now
        await cp.send_raw(
            '[2,"bad","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"not a time","sampledValue":[{"value":"20"}]}]}]'
        )
        answer = await cp.wait_for_frame(lambda f: f[1] == "bad")
        assert answer[0] == 3
    session = central.chargers["CP1"].connectors[1].last_session
    assert session is not None and session.stopped is not None
    assert session.stopped < now + timedelta(minutes=10)
    assert "2099-01-01" in caplog.text


async def test_a_restart_mid_session_continues_with_the_same_id_and_no_jump(
    settings: Settings, recorder: Recorder
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    first = CentralSystem(settings, recorder)
    await first.start()
    try:
        async with SimChargePoint(SimConfig(url(first))) as cp:
            await cp.boot()
            tx = (await start(cp, 1000, now)).transaction_id
            await cp.request(meter(1, now + timedelta(seconds=10), energy(1500), tx=tx))
        saved = first.records()
    finally:
        await first.stop()
    second = CentralSystem(dataclasses.replace(settings), recorder)
    second.load(saved)
    await second.start()
    try:
        async with SimChargePoint(SimConfig(url(second))) as cp:
            await cp.request(meter(1, now + timedelta(seconds=20), energy(1800), tx=tx))
            connector = second.chargers["CP1"].connectors[1]
            assert connector.transaction is not None and connector.transaction.id == tx
            assert connector.transaction.energy_wh == 800
            assert connector.energy.total_wh == 800
            fresh = (
                await start(cp, 1800, now + timedelta(minutes=1), tag="OTHER")
            ).transaction_id
            assert fresh > tx  # never reused
    finally:
        await second.stop()


async def test_stop_transaction_data_is_applied(central: CentralSystem) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    async with SimChargePoint(SimConfig(url(central))) as cp:
        await cp.boot()
        tx = (await start(cp, 0, now)).transaction_id
        await cp.request(
            call.StopTransaction(
                meter_stop=900,
                timestamp=stamp(now + timedelta(minutes=2)),
                transaction_id=tx,
                transaction_data=[
                    {
                        "timestamp": stamp(now + timedelta(minutes=1)),
                        "sampled_value": [
                            {
                                "value": "11000",
                                "measurand": "Power.Active.Import",
                                "unit": "W",
                            }
                        ],
                    }
                ],
            )
        )
    session = central.chargers["CP1"].connectors[1].last_session
    assert session is not None and session.peak_power_w == 11000


@pytest.mark.parametrize(
    ("policy", "tag", "expected"),
    [
        (TagPolicy.ANY, "STRANGER", "Accepted"),
        (TagPolicy.LISTED, "STRANGER", "Invalid"),
        (TagPolicy.LISTED, "good", "Accepted"),
        (TagPolicy.LISTED, "OLD", "Expired"),
        (TagPolicy.ANY, "STOLEN", "Blocked"),
    ],
)
async def test_authorize_answers_from_the_tag_list(
    central: CentralSystem,
    recorder: Recorder,
    policy: TagPolicy,
    tag: str,
    expected: str,
) -> None:
    central.settings.tag_policy = policy
    central.settings.tags = {
        "good": Tag("GOOD", "Anna's card"),
        "old": Tag("OLD", expiry=datetime(2020, 1, 1, tzinfo=UTC)),
        "stolen": Tag("STOLEN", blocked=True),
    }
    async with SimChargePoint(SimConfig(url(central))) as cp:
        await cp.boot()
        answer = await cp.request(call.Authorize(id_tag=tag))
        assert answer.id_tag_info["status"] == expected
    last = central.chargers["CP1"].last_tag
    assert last is not None and (last.id_tag, last.status.value) == (tag, expected)
    assert last.name == ("Anna's card" if tag == "good" else "")
    await recorder.wait_for("CP1", Change.TAG)


async def test_a_bad_sample_is_skipped_and_the_rest_of_the_message_counts(
    central: CentralSystem,
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    async with SimChargePoint(SimConfig(url(central))) as cp:
        await cp.boot()
        await cp.request(
            meter(
                1,
                now,
                {"value": "n/a", "measurand": "Voltage", "unit": "V"},
                {"value": "1e999", "measurand": "Current.Import", "unit": "A"},
                {"value": "7.5", "measurand": "Power.Active.Import", "unit": "kW"},
                energy(3, "kWh"),
            )
        )
    connector = central.chargers["CP1"].connectors[1]
    assert connector.reading("Power.Active.Import").value == 7500
    assert connector.reading("Energy.Active.Import.Register").value == 3000
    assert (
        connector.reading("Voltage") is None
        and connector.reading("Current.Import") is None
    )
