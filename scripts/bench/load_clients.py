"""The charger side of bench_load: N chargers, each in a session, metering.

Run as its own process (python -m scripts.bench.load_clients); prints one
JSON line with what it sent (and its own CPU time) when it is done.

`--ocpp 1.6` runs 1.6 charge points sending MeterValues; `--ocpp 2.0.1` runs
2.0.1 stations sending TransactionEvent Updated. Both carry 10 measurands,
24 sampled values (see `samples16` and `samples201`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from ocpp.v16 import call
from ocpp.v201 import call as call201

from tests.sim import SimChargePoint, SimConfig
from tests.sim.v201 import SimChargingStation, SimStationConfig

PHASES = ("L1", "L2", "L3")

# One charger's metering: (energy Wh, timestamp) -> sent.
type Send = Callable[[float, str], Awaitable[object]]


def samples16(energy_wh: float) -> list[dict[str, Any]]:
    """10 measurands, the electrical ones on 3 phases (24 sampled values)."""
    values: list[dict[str, Any]] = [
        {
            "measurand": "Energy.Active.Import.Register",
            "value": f"{energy_wh:.1f}",
            "unit": "Wh",
        }
    ]
    for phase in PHASES:
        values += [
            {
                "measurand": "Power.Active.Import",
                "phase": phase,
                "value": "2300",
                "unit": "W",
            },
            {
                "measurand": "Current.Import",
                "phase": phase,
                "value": "10.0",
                "unit": "A",
            },
            {
                "measurand": "Voltage",
                "phase": f"{phase}-N",
                "value": "230.1",
                "unit": "V",
            },
            {"measurand": "Power.Factor", "phase": phase, "value": "0.99"},
            {
                "measurand": "Current.Offered",
                "phase": phase,
                "value": "16",
                "unit": "A",
            },
        ]
    values += [
        {"measurand": "Power.Offered", "value": "11040", "unit": "W"},
        {"measurand": "SoC", "value": "55", "unit": "Percent", "location": "EV"},
        {
            "measurand": "Temperature",
            "value": "31.5",
            "unit": "Celsius",
            "location": "Body",
        },
        {"measurand": "Frequency", "value": "50.0", "unit": "Hertz"},
        {"measurand": "Power.Active.Import", "value": "6900", "unit": "W"},
    ]
    return values


def samples201(energy_wh: float) -> list[dict[str, Any]]:
    """The same readings in 2.0.1 shape (numbers, unitOfMeasure).

    2.0.1 has no Temperature measurand: Power.Reactive.Import stands in for
    it, so the count stays 10 measurands, 24 sampled values.
    """
    found = []
    for original in samples16(energy_wh):
        sample = original
        if sample["measurand"] == "Temperature":
            sample = {
                "measurand": "Power.Reactive.Import",
                "value": "120",
                "unit": "var",
            }
        entry: dict[str, Any] = {
            "measurand": sample["measurand"],
            "value": float(sample["value"]),
        }
        for key in ("phase", "location"):
            if key in sample:
                entry[key] = sample[key]
        if "unit" in sample:
            entry["unit_of_measure"] = {"unit": sample["unit"]}
        found.append(entry)
    return found


def now_stamp() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


async def start16(url: str) -> tuple[Send, Callable[[], Awaitable[None]]]:
    """A 1.6 charge point in a transaction; returns (send a reading, close)."""
    cp = SimChargePoint(SimConfig(url, response_timeout=60))
    await cp.connect()
    await cp.boot()
    await cp.status(1, "Charging")
    started = await cp.request(
        call.StartTransaction(
            connector_id=1, id_tag="BENCH", meter_start=0, timestamp=now_stamp()
        )
    )

    async def send(energy_wh: float, moment: str) -> None:
        await cp.request(
            call.MeterValues(
                connector_id=1,
                transaction_id=started.transaction_id,
                meter_value=[
                    {"timestamp": moment, "sampled_value": samples16(energy_wh)}
                ],
            )
        )

    return send, cp.close


async def start201(url: str) -> tuple[Send, Callable[[], Awaitable[None]]]:
    """A 2.0.1 station in a transaction; returns (send a reading, close)."""
    station = SimChargingStation(
        SimStationConfig(url, response_timeout=60, heartbeat_interval=3600)
    )
    await station.connect()
    await station.boot()
    await station.plug_in(1)
    await station.start_transaction(1, "BENCH", meter_wh=0)
    tx = station.active(1)
    assert tx is not None

    async def send(energy_wh: float, moment: str) -> None:
        # Built here rather than by station.meter(): its timestamps have whole
        # seconds, and the latency is measured from this one.
        await station.request(
            call201.TransactionEvent(
                event_type="Updated",
                timestamp=moment,
                trigger_reason="MeterValuePeriodic",
                seq_no=station.next_seq_no(),
                transaction_info={
                    "transaction_id": tx.id,
                    "charging_state": "Charging",
                },
                meter_value=[
                    {"timestamp": moment, "sampled_value": samples201(energy_wh)}
                ],
            )
        )

    return send, station.close


STARTERS = {"1.6": start16, "2.0.1": start201}


async def one_charger(
    ocpp: str, url: str, interval: float, duration: float, go: asyncio.Future[float]
) -> tuple[int, int]:
    send, close = await STARTERS[ocpp](url)
    energy = 25.0
    # One reading before measuring, so entities exist when the clock starts.
    await send(energy, now_stamp())
    start_at = await go
    sent = failed = 0
    # Spread the chargers over the interval, as real chargers are.
    await asyncio.sleep(random.uniform(0, interval))
    end = start_at + duration
    while time.time() < end:
        energy += 25.0
        try:
            await send(energy, now_stamp())
            sent += 1
        except Exception:
            failed += 1
        await asyncio.sleep(interval)
    await close()
    return sent, failed


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def main_async(
    ocpp: str, url_base: str, count: int, interval: float, duration: float
) -> None:
    loop = asyncio.get_running_loop()
    go: asyncio.Future[float] = loop.create_future()
    tasks = [
        asyncio.create_task(
            one_charger(ocpp, f"{url_base}-{n}", interval, duration, go)
        )
        for n in range(1, count + 1)
    ]
    # The benchmark writes a line on stdin once every charger is metering.
    await loop.run_in_executor(None, sys.stdin.readline)
    cpu_at_go = cpu_seconds()
    go.set_result(time.time())
    start_at = go.result()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    sent = sum(r[0] for r in results if isinstance(r, tuple))
    failed = sum(r[1] for r in results if isinstance(r, tuple))
    broken = [r for r in results if isinstance(r, BaseException)]
    if broken:
        print(f"first broken charger: {broken[0]!r}", file=sys.stderr)
    print(
        json.dumps(
            {
                "sent": sent,
                "failed": failed,
                "broken_chargers": len(broken),
                "start_at": start_at,
                "cpu": cpu_seconds() - cpu_at_go,
            }
        ),
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--ocpp", choices=tuple(STARTERS), default="1.6")
    parser.add_argument("--chargers", type=int, required=True)
    parser.add_argument("--interval", type=float, required=True)
    parser.add_argument("--duration", type=float, required=True)
    args = parser.parse_args()
    asyncio.run(
        main_async(args.ocpp, args.url, args.chargers, args.interval, args.duration)
    )


if __name__ == "__main__":
    main()
