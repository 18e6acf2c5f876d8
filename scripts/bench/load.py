"""MeterValues load: N chargers in sessions, metering every S seconds for T seconds."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time

from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, EventStateChangedData, callback

from custom_components.ocpp_central.csms import Change, Charger

from .harness import (
    ROOT,
    LagMonitor,
    cpu_seconds,
    home_assistant_with_central,
    peak_rss_mib,
)


def _metering(charger: Charger) -> bool:
    connector = charger.connectors.get(1)
    return bool(connector and connector.transaction and connector.readings)


async def bench(chargers: int, interval: float, duration: float) -> None:
    async with home_assistant_with_central() as (hass, runtime, port):
        received = 0
        measuring = False
        latencies: list[float] = []
        cpu_at_start = 0.0
        lag = LagMonitor()

        def counter(identity: str) -> None:
            def changed(change: Change, connector: int | None) -> None:
                nonlocal received
                if change is Change.METER and measuring:
                    received += 1

            runtime.async_subscribe(identity, changed)

        for n in range(1, chargers + 1):
            counter(f"BENCH-{n}")

        @callback
        def state_written(event: Event[EventStateChangedData]) -> None:
            if not measuring or not event.data["entity_id"].endswith("_energy"):
                return
            new = event.data["new_state"]
            if (
                "session" in event.data["entity_id"]
                or new is None
                or new.state == "unavailable"
            ):
                return
            identity = (
                event.data["entity_id"].split(".")[1].removesuffix("_energy").upper()
            )
            charger = runtime.system.chargers.get(identity.replace("_", "-"))
            if charger is None:
                return
            reading = charger.connectors[1].reading("Energy.Active.Import.Register")
            if reading is not None:
                latencies.append(time.time() - reading.timestamp.timestamp())

        hass.bus.async_listen(EVENT_STATE_CHANGED, state_written)
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "scripts.bench.load_clients",
            "--url",
            f"ws://127.0.0.1:{port}/BENCH",
            "--chargers",
            str(chargers),
            "--interval",
            str(interval),
            "--duration",
            str(duration),
            cwd=ROOT,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        # Wait until every charger is in its session, then measure.
        async with asyncio.timeout(300):
            while (  # noqa: ASYNC110 - polls another process's progress
                sum(1 for c in runtime.system.chargers.values() if _metering(c))
                < chargers
            ):
                await asyncio.sleep(0.2)
        await hass.async_block_till_done()
        # The idle cost of Home Assistant (and the lag probe) over a few seconds.
        lag.start()
        idle_cpu, idle_start = cpu_seconds(), time.monotonic()
        await asyncio.sleep(5)
        idle_rate = (cpu_seconds() - idle_cpu) / (time.monotonic() - idle_start)
        lag.reset()
        measuring = True
        assert process.stdin is not None
        process.stdin.write(b"go\n")
        await process.stdin.drain()
        steady: dict[str, float] = {}
        # The chargers disconnect at the end; that burst is not steady load.
        asyncio.get_running_loop().call_later(
            duration, lambda: steady.update(peak=lag.peak, at=lag.peak_at)
        )
        cpu_at_start = cpu_seconds()
        wall_start = time.monotonic()
        assert process.stdout is not None
        output = await process.stdout.read()
        await process.wait()
        await hass.async_block_till_done()
        wall = time.monotonic() - wall_start
        cpu = cpu_seconds() - cpu_at_start
        measuring = False
        await lag.stop()
        result = json.loads(output.decode().strip().splitlines()[-1])
        sent = result["sent"]
        lost = sent + result["failed"] - received
        latencies.sort()

        def pct(p: float) -> float:
            return (
                latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000
                if latencies
                else float("nan")
            )

        print(
            f"chargers={chargers} interval={interval}s duration={duration}s: "
            f"{received} MeterValues handled, {received / wall:.1f}/s; "
            f"CPU {cpu / max(received, 1) * 1000:.2f} s per 1,000 MeterValues "
            f"(Home Assistant process, {cpu:.1f} s over {wall:.0f} s; "
            f"{(cpu - idle_rate * wall) / max(received, 1) * 1000:.2f} s above its idle "
            f"{idle_rate * 100:.1f} % of a core); "
            f"sent->state p50 {pct(0.5):.0f} ms, p99 {pct(0.99):.0f} ms "
            f"(median {statistics.median(latencies) * 1000 if latencies else float('nan'):.0f}); "
            f"peak loop lag {steady.get('peak', lag.peak) * 1000:.0f} ms while metering "
            f"({lag.peak * 1000:.0f} ms with the disconnects at the end); peak RSS {peak_rss_mib():.0f} MiB; "
            f"lost {lost} (failed sends {result['failed']}, broken chargers {result['broken_chargers']})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chargers", type=int, default=10)
    parser.add_argument("--interval", type=float, default=10)
    parser.add_argument("--duration", type=float, default=60)
    args = parser.parse_args()
    asyncio.run(bench(args.chargers, args.interval, args.duration))


if __name__ == "__main__":
    main()
