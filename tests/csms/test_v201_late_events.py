"""2.0.1 transaction events out of order: unseen starts, replays, late readings."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from ocpp.v201 import call

from custom_components.ocpp_central.csms import CentralSystem, Change, Settings
from tests.sim.v201 import SimChargingStation, SimStationConfig

from .conftest import Recorder, url


@pytest.fixture
def settings() -> Settings:
    return Settings(host="127.0.0.1", port=0, auto_accept=True, call_timeout=5)


def event(
    kind: str,
    seq_no: int,
    transaction_id: str = "T-1",
    energy_wh: float | None = None,
    token: dict[str, str] | None = None,
) -> call.TransactionEvent:
    meter: list[dict[str, Any]] | None = None
    if energy_wh is not None:
        context = {"Started": "Transaction.Begin", "Ended": "Transaction.End"}
        meter = [
            {
                "timestamp": datetime.now(UTC).isoformat(),
                "sampled_value": [
                    {
                        "value": energy_wh,
                        "context": context.get(kind, "Sample.Periodic"),
                        "measurand": "Energy.Active.Import.Register",
                        "unit_of_measure": {"unit": "Wh"},
                    }
                ],
            }
        ]
    return call.TransactionEvent(
        event_type=kind,
        timestamp=datetime.now(UTC).isoformat(),
        trigger_reason="MeterValuePeriodic" if kind == "Updated" else "Authorized",
        seq_no=seq_no,
        transaction_info={"transaction_id": transaction_id},
        evse={"id": 1, "connector_id": 1},
        id_token=token,
        meter_value=meter,
    )


async def test_a_transaction_first_seen_in_an_update_is_counted_from_then(
    central: CentralSystem,
) -> None:
    async with SimChargingStation(SimStationConfig(url(central, "CS1"))) as cs:
        assert await cs.boot() == "Accepted"
        await cs.request(event("Updated", 5, "T-9", energy_wh=12000))
        transaction = central.chargers["CS1"].connectors[1].transaction
        assert transaction is not None and str(transaction.id) == "T-9"
        await cs.request(event("Updated", 6, "T-9", energy_wh=12500))
        assert transaction.energy_wh == 500
        await cs.request(event("Updated", 7, "T-9"))  # no reading: nothing moves
        assert transaction.energy_wh == 500


async def test_a_replayed_event_gets_the_same_answer_without_counting_twice(
    central: CentralSystem,
) -> None:
    token = {"id_token": "", "type": "NoAuthorization"}
    async with SimChargingStation(SimStationConfig(url(central, "CS1"))) as cs:
        assert await cs.boot() == "Accepted"
        first = await cs.request(event("Started", 0, token=token, energy_wh=1000))
        assert first.id_token_info == {"status": "Accepted"}
        await cs.request(event("Updated", 1, energy_wh=1800))
        again = await cs.request(event("Started", 0, token=token, energy_wh=1000))
        assert again.id_token_info == first.id_token_info
        transaction = central.chargers["CS1"].connectors[1].transaction
        assert transaction is not None and transaction.energy_wh == 800


async def test_an_update_queued_before_the_end_and_sent_after_it_opens_nothing(
    central: CentralSystem, recorder: Recorder
) -> None:
    async with SimChargingStation(SimStationConfig(url(central, "CS1"))) as cs:
        assert await cs.boot() == "Accepted"
        await cs.request(event("Started", 0, energy_wh=1000))
        await cs.request(event("Ended", 2, energy_wh=3000))
        await recorder.wait_for("CS1", Change.SESSION_STOPPED)
        # Offline, the station queued seqNo 1; it arrives after the end.
        await cs.request(event("Updated", 1, energy_wh=2000))
        await cs.request(event("Updated", 1, energy_wh=2000))  # and once more
        assert central.chargers["CS1"].connectors[1].transaction is None
        sessions = [c for i, c, _ in recorder.changes if c is Change.SESSION_STARTED]
        assert len(sessions) == 1
        stopped = central.chargers["CS1"].connectors[1].last_session
        assert stopped is not None and stopped.energy_wh == 2000
