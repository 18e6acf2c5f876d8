"""What the central system saves: each charger's record, rebuilt when it changed."""

from __future__ import annotations

from typing import Any

import pytest

from custom_components.ocpp_central.csms import CentralSystem, Settings
from custom_components.ocpp_central.csms.model import Charger
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
