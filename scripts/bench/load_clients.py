"""The charger side of bench_load: N chargers, each in a session, metering.

Run as its own process (python -m scripts.bench.load_clients); prints one
JSON line with what it sent when it is done.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from datetime import UTC, datetime
from typing import Any

from ocpp.v16 import call

from tests.sim import SimChargePoint, SimConfig

PHASES = ("L1", "L2", "L3")


def samples(energy_wh: float) -> list[dict[str, Any]]:
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


async def one_charger(
    url: str, interval: float, duration: float, go: asyncio.Future[float]
) -> tuple[int, int]:
    cp = SimChargePoint(SimConfig(url, response_timeout=60))
    await cp.connect()
    await cp.boot()
    await cp.status(1, "Charging")
    started = await cp.request(
        call.StartTransaction(
            connector_id=1,
            id_tag="BENCH",
            meter_start=0,
            timestamp=datetime.now(UTC).isoformat(),
        )
    )
    energy = 25.0
    # One reading before measuring, so entities exist when the clock starts.
    await cp.request(
        call.MeterValues(
            connector_id=1,
            transaction_id=started.transaction_id,
            meter_value=[
                {
                    "timestamp": datetime.now(UTC).isoformat(),
                    "sampled_value": samples(energy),
                }
            ],
        )
    )
    start_at = await go
    sent = failed = 0
    # Spread the chargers over the interval, as real chargers are.
    await asyncio.sleep(random.uniform(0, interval))
    end = start_at + duration
    while time.time() < end:
        energy += 25.0
        moment = (
            datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
        )
        try:
            await cp.request(
                call.MeterValues(
                    connector_id=1,
                    transaction_id=started.transaction_id,
                    meter_value=[
                        {"timestamp": moment, "sampled_value": samples(energy)}
                    ],
                )
            )
            sent += 1
        except Exception:
            failed += 1
        await asyncio.sleep(interval)
    await cp.close()
    return sent, failed


async def main_async(
    url_base: str, count: int, interval: float, duration: float
) -> None:
    loop = asyncio.get_running_loop()
    go: asyncio.Future[float] = loop.create_future()
    tasks = [
        asyncio.create_task(one_charger(f"{url_base}-{n}", interval, duration, go))
        for n in range(1, count + 1)
    ]
    # The benchmark writes a line on stdin once every charger is metering.
    await loop.run_in_executor(None, sys.stdin.readline)
    go.set_result(time.time())
    start_at = go.result()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    sent = sum(r[0] for r in results if isinstance(r, tuple))
    failed = sum(r[1] for r in results if isinstance(r, tuple))
    broken = sum(1 for r in results if isinstance(r, BaseException))
    print(
        json.dumps(
            {
                "sent": sent,
                "failed": failed,
                "broken_chargers": broken,
                "start_at": start_at,
            }
        ),
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--chargers", type=int, required=True)
    parser.add_argument("--interval", type=float, required=True)
    parser.add_argument("--duration", type=float, required=True)
    args = parser.parse_args()
    asyncio.run(main_async(args.url, args.chargers, args.interval, args.duration))


if __name__ == "__main__":
    main()
