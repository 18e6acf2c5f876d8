"""How long N chargers take to connect, boot and report status; peak loop lag."""

from __future__ import annotations

import argparse
import asyncio

from custom_components.ocpp_central.csms import Change

from .harness import (
    LagMonitor,
    cpu_seconds,
    home_assistant_with_central,
    now,
    peak_rss_mib,
    start_chargers,
    stop_process,
)


async def bench(count: int, timeout: float) -> None:
    async with home_assistant_with_central() as (hass, runtime, port):
        ready: set[str] = set()
        all_ready = asyncio.Event()
        first_seen: dict[str, float] = {}

        def watch(identity: str) -> None:
            def changed(change: Change, connector: int | None) -> None:
                first_seen.setdefault(identity, now())
                charger = runtime.system.chargers[identity]
                connector_1 = charger.connectors.get(1)
                if change is Change.STATUS and connector_1 and connector_1.status:
                    ready.add(identity)
                    if len(ready) >= count:
                        all_ready.set()

            runtime.async_subscribe(identity, changed)

        identities = (
            [f"BENCH-{i}" for i in range(1, count + 1)] if count > 1 else ["BENCH"]
        )
        for identity in identities:
            watch(identity)
        lag = LagMonitor()
        lag.start()
        cpu_before = cpu_seconds()
        started = now()
        process = await start_chargers(port, count)
        try:
            try:
                async with asyncio.timeout(timeout):
                    await all_ready.wait()
            except TimeoutError:
                raise SystemExit(
                    f"timed out: {len(runtime.system.sessions)} connected, "
                    f"{len(first_seen)} seen, {len(ready)} reported status"
                ) from None
            elapsed = now() - started
            await hass.async_block_till_done()
            entities = len(hass.states.async_all())
        finally:
            await stop_process(process)
            await lag.stop()
        cpu = cpu_seconds() - cpu_before
        print(
            f"chargers={count} all connected+booted+status in {elapsed:.2f} s "
            f"(includes starting the simulator process); "
            f"Home Assistant CPU {cpu:.2f} s; peak event-loop lag {lag.peak * 1000:.0f} ms; "
            f"entities {entities}; peak RSS {peak_rss_mib():.0f} MiB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int, nargs="?", default=10)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    asyncio.run(bench(args.count, args.timeout))


if __name__ == "__main__":
    main()
