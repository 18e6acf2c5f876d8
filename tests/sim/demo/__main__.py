"""The demo charger on the command line (what scripts/develop runs).

python -m tests.sim.demo --url ws://127.0.0.1:9000/CP1 [--reconnect 5]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys

from ..config import SimConfig
from .car import DemoCar
from .charger import DemoChargePoint


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.sim.demo",
        description="A simulated OCPP 1.6J charger with a car that charges on its own.",
    )
    parser.add_argument("--url", required=True, help="ws://host:port/IDENTITY")
    parser.add_argument("--tag", default="DEMO-CAR", help="the driver's RFID tag")
    parser.add_argument("--battery-kwh", type=float, default=50.0)
    parser.add_argument("--soc", type=float, default=40.0, help="%% when plugged in")
    parser.add_argument(
        "--mains-swing",
        type=float,
        default=3.0,
        metavar="VOLTS",
        help="how far the mains voltage drifts around 230 V (default 3)",
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


async def main(args: argparse.Namespace) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # not on Windows
            loop.add_signal_handler(sig, stop.set)
    car = DemoCar(capacity_wh=args.battery_kwh * 1000, start_soc=args.soc)
    cp = DemoChargePoint(
        SimConfig(url=args.url), car=car, tag=args.tag, mains_swing_v=args.mains_swing
    )
    ok = True
    try:
        while not stop.is_set():
            try:
                await cp.run(
                    stop=stop,
                    on_accepted=lambda c: print(f"{c.id}: accepted", flush=True),
                )
                ok = True
            except Exception as exc:  # report it and, if asked, try again
                print(f"{cp.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
                ok = False
            if stop.is_set() or args.reconnect <= 0:
                break
            await cp.close()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), args.reconnect)
    finally:
        await cp.close()
    return 0 if ok or stop.is_set() else 1


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
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(cli())
