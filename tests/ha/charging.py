"""Helpers to drive a simulated charger through a charging session."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ocpp.v16 import call

from tests.sim import SimChargePoint


def stamp(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).isoformat().replace("+00:00", "Z")


def sample(
    measurand: str, value: float, unit: str, phase: str | None = None, **extra: str
) -> dict[str, Any]:
    found = {"measurand": measurand, "value": str(value), "unit": unit, **extra}
    if phase:
        found["phase"] = phase
    return found


async def send_meter(
    cp: SimChargePoint,
    *samples: dict[str, Any],
    tx: int | None = None,
    connector: int = 1,
    when: datetime | None = None,
) -> None:
    await cp.request(
        call.MeterValues(
            connector_id=connector,
            transaction_id=tx,
            meter_value=[{"timestamp": stamp(when), "sampled_value": list(samples)}],
        )
    )


async def start_session(
    cp: SimChargePoint, tag: str = "TAG1", meter_start: int = 1000, connector: int = 1
) -> int:
    await cp.status(connector, "Preparing")
    answer = await cp.request(
        call.StartTransaction(
            connector_id=connector,
            id_tag=tag,
            meter_start=meter_start,
            timestamp=stamp(),
        )
    )
    await cp.status(connector, "Charging")
    return int(answer.transaction_id)


async def stop_session(
    cp: SimChargePoint, tx: int, meter_stop: int, connector: int = 1
) -> None:
    await cp.request(
        call.StopTransaction(
            meter_stop=meter_stop, timestamp=stamp(), transaction_id=tx, reason="Local"
        )
    )
    await cp.status(connector, "Finishing")
