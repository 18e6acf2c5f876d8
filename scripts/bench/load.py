"""MeterValues load: N chargers in sessions, metering every S seconds for T seconds.

`--ocpp 2.0.1` runs 2.0.1 stations sending TransactionEvent Updated instead
of 1.6 MeterValues, with the same readings.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import sys
import time
from dataclasses import dataclass

from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, EventStateChangedData, callback

from custom_components.ocpp_central.csms import Change, Charger
from custom_components.ocpp_central.runtime import Runtime

from .harness import (
    ROOT,
    STALL,
    Census,
    GcMonitor,
    LagMonitor,
    StallTracer,
    cpu_seconds,
    home_assistant_with_central,
    peak_rss_mib,
)

MESSAGE = {"1.6": "MeterValues", "2.0.1": "TransactionEvents"}


def _metering(charger: Charger) -> bool:
    connector = charger.connectors.get(1)
    return bool(connector and connector.transaction and connector.readings)


@dataclass
class Figures:
    """What one run measured."""

    ocpp: str
    chargers: int
    interval: float
    duration: float
    received: int
    wall: float
    cpu: float
    idle_rate: float
    latencies: list[float]
    stalls: list[tuple[float, float]]
    cpu_stalls: list[tuple[float, float]]
    gc_pauses: list[tuple[float, float]]
    gc_cpu: list[float]
    heap: int
    young_gcs: int
    young_cpu: float
    client_cpu: float
    sent: int
    failed: int
    broken: int
    bare: bool = False

    def pct(self, p: float) -> float:
        """A latency percentile in ms."""
        found = sorted(self.latencies)
        if not found:
            return float("nan")
        return found[min(len(found) - 1, int(p * len(found)))] * 1000

    def stalls_in_gc(self) -> int:
        """Stalls during which a full garbage collection ran."""
        return sum(
            1
            for before, late in self.stalls
            if any(before <= at <= before + late + 0.01 for at, _ in self.gc_pauses)
        )

    def line(self) -> str:
        """The figures in one line."""
        per_k = self.cpu / max(self.received, 1) * 1000
        above_idle = (
            (self.cpu - self.idle_rate * self.wall) / max(self.received, 1) * 1000
        )
        stall_ms = STALL * 1000
        longest = max((late for _, late in self.stalls), default=0.0) * 1000
        longest_cpu = max((busy for _, busy in self.cpu_stalls), default=0.0) * 1000
        gc_longest = max((took for _, took in self.gc_pauses), default=0.0) * 1000
        gc_cpu = max(self.gc_cpu, default=0.0) * 1000
        lost = self.sent + self.failed - self.received
        return (
            f"{'BARE (meter values not applied) ' if self.bare else ''}"
            f"OCPP {self.ocpp}, chargers={self.chargers} interval={self.interval}s "
            f"duration={self.duration}s: {self.received} {MESSAGE[self.ocpp]} "
            f"handled, {self.received / self.wall:.1f}/s; "
            f"CPU {per_k:.2f} s per 1,000 messages (Home Assistant process, "
            f"{self.cpu:.1f} s over {self.wall:.0f} s; {above_idle:.2f} s above its "
            f"idle {self.idle_rate * 100:.1f} % of a core; the chargers' process "
            f"{self.client_cpu:.1f} s); "
            f"sent->state p50 {self.pct(0.5):.0f} ms, p95 {self.pct(0.95):.0f} ms, "
            f"p99 {self.pct(0.99):.0f} ms; "
            f"loop stalls over {stall_ms:.0f} ms: {len(self.stalls)} "
            f"(longest {longest:.0f} ms; {self.stalls_in_gc()} during a full GC; "
            f"{len(self.cpu_stalls)} with over {stall_ms:.0f} ms of CPU, longest "
            f"{longest_cpu:.0f} ms); full GCs {len(self.gc_pauses)} (longest "
            f"{gc_longest:.0f} ms, {gc_cpu:.0f} ms CPU, over {self.heap / 1e6:.2f} M "
            f"objects; {self.young_gcs} young, longest {self.young_cpu * 1000:.0f} ms CPU); "
            f"peak RSS {peak_rss_mib():.0f} MiB; "
            f"lost {lost} (failed sends {self.failed}, broken chargers {self.broken})"
        )


def _busy_sessions(runtime: Runtime) -> int:
    """Chargers with follow-up calls in flight (metering setup, tag lists)."""
    return sum(1 for session in runtime.system.sessions.values() if session.rpc._tasks)


async def bench(
    ocpp: str,
    chargers: int,
    interval: float,
    duration: float,
    census: Census | None = None,
    tracer: StallTracer | None = None,
    bare: bool = False,
) -> Figures:
    async with home_assistant_with_central() as (hass, runtime, port):
        received = 0
        measuring = False
        latencies: list[float] = []
        lag = LagMonitor()
        collections = GcMonitor()

        def counter(identity: str) -> None:
            def changed(change: Change, connector: int | None) -> None:
                nonlocal received
                if change is Change.METER and measuring and connector == 1:
                    received += 1

            runtime.async_subscribe(identity, changed)

        for n in range(1, chargers + 1):
            counter(f"BENCH-{n}")

        @callback
        def state_written(event: Event[EventStateChangedData]) -> None:
            if census is not None and measuring:
                census.state_written(event.data["entity_id"])
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
        set_up_from = time.monotonic()
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "scripts.bench.load_clients",
            "--ocpp",
            ocpp,
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
        async with asyncio.timeout(600):
            while (  # noqa: ASYNC110 - polls another process's progress
                sum(1 for c in runtime.system.chargers.values() if _metering(c))
                < chargers
            ):
                await asyncio.sleep(0.2)
            # ... and the calls that follow a boot are answered.
            while _busy_sessions(runtime):  # noqa: ASYNC110
                await asyncio.sleep(0.2)
        await hass.async_block_till_done()
        # The idle cost of Home Assistant (and the lag probe) over a few seconds.
        lag.start()
        collections.start()
        idle_cpu, idle_start = cpu_seconds(), time.monotonic()
        await asyncio.sleep(10)
        idle_rate = (cpu_seconds() - idle_cpu) / (time.monotonic() - idle_start)
        lag.reset()
        collections.reset()
        if bare:
            # The floor: messages are still parsed, validated and answered,
            # but the readings go nowhere and no entity is written.
            runtime.system.charging.meter = lambda *args, **kwargs: None  # type: ignore[method-assign]
        heap = len(gc.get_objects())
        print(
            f"{chargers} chargers metering after {time.monotonic() - set_up_from:.0f} s; "
            f"measuring for {duration:.0f} s",
            file=sys.stderr,
            flush=True,
        )
        measuring = True
        if census is not None:
            census.heap(runtime.system)
            census.start()
        if tracer is not None:
            tracer.gc = collections
            tracer.start()
        assert process.stdin is not None
        process.stdin.write(b"go\n")
        await process.stdin.drain()
        # The chargers disconnect at the end; that burst is not steady load.
        steady: dict[str, list[tuple[float, float]]] = {}
        young: list[int] = []
        young_cpu: list[float] = []
        gc_cpu: list[float] = []

        def end_of_steady() -> None:
            steady.update(
                stalls=list(lag.stalls),
                cpu_stalls=list(lag.cpu_stalls),
                gc=list(collections.pauses),
            )
            young.append(collections.young)
            young_cpu.append(collections.young_cpu)
            gc_cpu.extend(collections.cpu)
            if tracer is not None:
                tracer.stop()

        asyncio.get_running_loop().call_later(duration, end_of_steady)
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
        collections.stop()
        if census is not None:
            census.stop()
        result = json.loads(output.decode().strip().splitlines()[-1])
        return Figures(
            ocpp=ocpp,
            chargers=chargers,
            interval=interval,
            duration=duration,
            received=result["sent"] if bare else received,
            wall=wall,
            cpu=cpu,
            idle_rate=idle_rate,
            latencies=latencies,
            stalls=steady.get("stalls", lag.stalls),
            cpu_stalls=steady.get("cpu_stalls", lag.cpu_stalls),
            gc_pauses=steady.get("gc", collections.pauses),
            gc_cpu=gc_cpu if young else collections.cpu,
            heap=heap,
            young_gcs=young[0] if young else collections.young,
            young_cpu=young_cpu[0] if young_cpu else collections.young_cpu,
            client_cpu=result.get("cpu", float("nan")),
            sent=result["sent"],
            failed=result["failed"],
            broken=result["broken_chargers"],
            bare=bare,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ocpp", choices=tuple(MESSAGE), default="1.6")
    parser.add_argument("--chargers", type=int, default=10)
    parser.add_argument("--interval", type=float, default=10)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument(
        "--census",
        action="store_true",
        help="also count what reaches the old GC generation, by type (slower)",
    )
    parser.add_argument(
        "--trace-stalls",
        action="store_true",
        help="also list the event-loop callbacks that ran over 50 ms",
    )
    parser.add_argument(
        "--bare",
        action="store_true",
        help="the floor: answer meter messages but apply none (no entity written)",
    )
    args = parser.parse_args()
    census = Census() if args.census else None
    tracer = StallTracer() if args.trace_stalls else None
    figures = asyncio.run(
        bench(
            args.ocpp,
            args.chargers,
            args.interval,
            args.duration,
            census,
            tracer,
            args.bare,
        )
    )
    print(figures.line())
    if tracer is not None:
        print(tracer.table())
    if census is not None:
        print(census.top(figures.received))


if __name__ == "__main__":
    main()
