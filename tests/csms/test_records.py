"""What the central system saves: each charger's record, rebuilt when it changed."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from custom_components.ocpp_central.csms import CentralSystem, Settings
from custom_components.ocpp_central.csms.model import Charger
from custom_components.ocpp_central.csms.records import RECORDS_PER_BATCH
from tests.ha.charging import start_session
from tests.sim import SimChargePoint, SimConfig

from .conftest import Recorder, url


def stored_chargers(system: CentralSystem) -> dict[str, dict[str, Any]]:
    return {record["identity"]: record for record in system.records()["chargers"]}


async def test_only_chargers_that_changed_have_their_record_rebuilt(
    central: CentralSystem, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with (
        SimChargePoint(SimConfig(url(central, "A"))) as a,
        SimChargePoint(SimConfig(url(central, "B"))) as b,
    ):
        assert await a.boot() == "Accepted"
        assert await b.boot() == "Accepted"
        await a.wait_for_call("GetLocalListVersion")
        await b.wait_for_call("GetLocalListVersion")
        first = stored_chargers(central)
        assert set(first) == {"A", "B"}
        built: list[str] = []
        original = Charger.to_record

        def counting(self: Charger) -> dict[str, Any]:
            built.append(self.identity)
            return original(self)

        monkeypatch.setattr(Charger, "to_record", counting)
        await central.control.set_current_limit("B", 1, 8)
        again = stored_chargers(central)
        assert built == ["B"]
        assert again["A"] is first["A"]
        assert again["B"]["control"]["1"]["limit_a"] == 8


async def test_open_sessions_are_saved_with_their_charger_and_old_saves_still_load(
    central: CentralSystem, recorder: Recorder
) -> None:
    async with SimChargePoint(SimConfig(url(central))) as cp:
        assert await cp.boot() == "Accepted"
        await cp.status(1, "Preparing")
        tx = await start_session(cp)
    records = central.records()
    (charger,) = records["chargers"]
    assert [t["id"] for t in charger["transactions"]] == [tx]
    restored = CentralSystem(Settings(), recorder)
    restored.load(records)
    assert list(restored.charging.book.open) == [("CP1", tx)]
    connector = restored.chargers["CP1"].connectors[1]
    assert connector.transaction is restored.charging.book.open[("CP1", tx)]
    # Before 2026.11 open sessions were kept beside the chargers.
    old = {**records, "chargers": [{**charger, "transactions": []}]}
    old["transactions"] = {**records["transactions"], "open": charger["transactions"]}
    legacy = CentralSystem(Settings(), recorder)
    legacy.load(old)
    assert legacy.chargers["CP1"].connectors[1].transaction is not None
    # A session kept beside a charger deleted before the update stays in
    # the book (its stop is still answered) and belongs to no charger.
    orphan = {**charger["transactions"][0], "identity": "GONE", "id": tx + 1}
    old["transactions"]["open"] = [*charger["transactions"], orphan]
    older = CentralSystem(Settings(), recorder)
    older.load(old)
    assert set(older.charging.book.open) == {("CP1", tx), ("GONE", tx + 1)}
    assert set(older.chargers) == {"CP1"}


async def test_a_snapshot_of_many_chargers_lets_others_run_between_batches(
    recorder: Recorder,
) -> None:
    count = 2 * RECORDS_PER_BATCH + 1
    system = CentralSystem(Settings(), recorder)
    chargers = [Charger(f"CP{n}", accepted=True) for n in range(count)]
    system.load({"chargers": [charger.to_record() for charger in chargers]})
    turns = 0

    async def other_work() -> None:
        nonlocal turns
        while True:
            turns += 1
            await asyncio.sleep(0)

    worker = asyncio.create_task(other_work())
    await asyncio.sleep(0)
    started = turns
    snapshot = await system.snapshot()
    worker.cancel()
    assert len(snapshot["chargers"]) == count
    assert turns - started >= 2  # one turn between each two batches


class SlowStore(Recorder):
    """A listener whose saves wait for `written`, or fail with `failure`."""

    def __init__(self) -> None:
        super().__init__()
        self.writing = asyncio.Event()
        self.written = asyncio.Event()
        self.failure: Exception | None = None

    async def save(self) -> None:
        self.saved += 1
        self.writing.set()
        await self.written.wait()
        if self.failure is not None:
            raise self.failure


async def test_an_urgent_change_during_a_save_is_written_by_the_next_one() -> None:
    store = SlowStore()
    system = CentralSystem(Settings(), store)
    system.persist(urgent=True)
    first = asyncio.create_task(system.saved())
    await store.writing.wait()  # the first save is being written
    system.persist(urgent=True)  # a session started meanwhile
    second = asyncio.create_task(system.saved())
    await asyncio.sleep(0)
    store.written.set()
    await first
    await second
    assert store.saved == 2  # the second change was not taken as written


async def test_a_failed_save_is_logged_and_does_not_hold_up_the_answer(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = SlowStore()
    store.failure = OSError("No space left on device")
    store.written.set()
    system = CentralSystem(Settings(), store)
    system.persist(urgent=True)
    await asyncio.wait_for(system.saved(), 5)
    failed = [r for r in caplog.records if "Saving the chargers' state" in r.message]
    assert len(failed) == 1 and failed[0].exc_info is not None
    store.failure = None
    system.persist(urgent=True)
    await asyncio.wait_for(system.saved(), 5)  # the next one is tried again
    assert store.saved == 2
