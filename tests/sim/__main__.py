"""Command line simulated charger(s): python -m tests.sim --url ws://HOST:PORT/CP1.

--ocpp 2.0.1 runs OCPP 2.0.1 charging stations instead of 1.6 charge points.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import logging
import signal
import sys
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from .chargepoint import SimChargePoint
from .config import SimConfig, identity_from_url
from .v201 import SimChargingStation, SimStationConfig


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.sim",
        description="Simulated OCPP 1.6J charger(s) or 2.0.1 charging station(s).",
    )
    parser.add_argument("--url", required=True, help="ws://host:port/IDENTITY")
    parser.add_argument(
        "--ocpp", choices=("1.6", "2.0.1"), default="1.6", help="protocol version"
    )
    parser.add_argument(
        "--connectors",
        type=int,
        default=1,
        help="connectors (1.6), or EVSEs with one connector each (2.0.1)",
    )
    parser.add_argument(
        "--evses",
        metavar="N,N,...",
        help="2.0.1: connectors per EVSE, e.g. 1,1 (two EVSEs) or 2 (one EVSE)",
    )
    parser.add_argument(
        "--session",
        metavar="TAG",
        help="2.0.1: plug in on EVSE 1 and charge with this idToken once accepted",
    )
    parser.add_argument("--password", help="HTTP Basic password (user = identity)")
    parser.add_argument("--vendor", default="SimVendor")
    parser.add_argument("--model", default="SimModel")
    parser.add_argument(
        "--count", type=int, default=1, help="run N chargers named IDENTITY-1..N"
    )
    parser.add_argument(
        "--reconnect",
        type=float,
        default=0,
        metavar="SECONDS",
        help="connect again this long after a failure or disconnect (default: exit)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log frames")
    return parser.parse_args(argv)


def charger_urls(url: str, count: int) -> list[str]:
    """URL per charger; with count > 1 the identity gets a -1..-N suffix."""
    if count <= 1:
        return [url]
    parts = urlsplit(url)
    base = parts.path.rstrip("/").rsplit("/", 1)[0]
    identity = identity_from_url(url)
    return [
        urlunsplit(parts._replace(path=f"{base}/{quote(f'{identity}-{n}')}"))
        for n in range(1, count + 1)
    ]


def print_accepted(cp: SimChargePoint | SimChargingStation) -> None:
    print(f"{cp.id}: accepted (heartbeat every {cp.heartbeat_interval}s)", flush=True)


def start_session(tag: str) -> Any:
    """on_accepted for a 2.0.1 station: announce it, then charge on EVSE 1."""

    def accepted(cs: SimChargingStation) -> None:
        print_accepted(cs)
        if cs.evses[1].transaction is None:
            cs._spawn(charge(cs, tag), "session")

    return accepted


async def charge(cs: SimChargingStation, tag: str) -> None:
    await cs.plug_in(1)
    await cs.start_transaction(1, tag)


async def run_one(
    config: SimConfig | SimStationConfig,
    stop: asyncio.Event,
    reconnect: float,
    session: str | None = None,
) -> bool:
    """Run one charger until stop (or disconnect); False when it failed."""
    cp: SimChargePoint | SimChargingStation
    on_accepted: Any = print_accepted
    if isinstance(config, SimStationConfig):
        cp = SimChargingStation(config)
        on_accepted = start_session(session) if session else print_accepted
    else:
        cp = SimChargePoint(config)
    ok = True
    try:
        while not stop.is_set():
            try:
                await cp.run(stop=stop, on_accepted=on_accepted)
                ok = True
            except Exception as exc:  # report it; the other chargers go on
                print(f"{cp.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
                ok = False
            if stop.is_set() or reconnect <= 0:
                break
            await cp.close()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), reconnect)
    finally:
        await cp.close()
    return ok


async def main(args: argparse.Namespace) -> int:
    stop = asyncio.Event()
    main_task = asyncio.current_task()
    assert main_task is not None

    def on_signal() -> None:
        """First Ctrl-C: close cleanly; second: give up waiting."""
        if stop.is_set():
            main_task.cancel()
        stop.set()

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # not on Windows
            loop.add_signal_handler(sig, on_signal)
    template: SimConfig | SimStationConfig
    if args.ocpp == "2.0.1":
        evses = (
            tuple(int(n) for n in args.evses.split(","))
            if args.evses
            else (1,) * args.connectors
        )
        template = SimStationConfig(
            url=args.url,
            vendor=args.vendor,
            model=args.model,
            evses=evses,
            password=args.password,
            simulate_charging=True,
        )
    else:
        template = SimConfig(
            url=args.url,
            vendor=args.vendor,
            model=args.model,
            connectors=args.connectors,
            password=args.password,
        )
    configs = []
    for url in charger_urls(args.url, args.count):
        config = copy.deepcopy(template)
        config.url, config.identity = url, identity_from_url(url)
        configs.append(config)
    results = await asyncio.gather(
        *(run_one(c, stop, args.reconnect, args.session) for c in configs)
    )
    return 0 if all(results) or stop.is_set() else 1


def cli(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not args.verbose:
        logging.getLogger("websockets").setLevel(logging.WARNING)
    try:
        return asyncio.run(main(args))
    except (KeyboardInterrupt, asyncio.CancelledError):
        return 130


if __name__ == "__main__":
    sys.exit(cli())
