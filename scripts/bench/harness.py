"""A real Home Assistant core with OCPP Central loaded, for benchmarks.

The chargers run in a separate process (`python -m tests.sim`), so the CPU
time measured here is Home Assistant's and the integration's alone.
"""

from __future__ import annotations

import asyncio
import os
import resource
import socket
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from homeassistant import loader
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
)

from custom_components.ocpp_central.const import DOMAIN
from custom_components.ocpp_central.runtime import Runtime

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LagMonitor:
    """Measures how late the event loop runs a 10 ms timer."""

    interval: float = 0.01
    peak: float = 0.0
    peak_at: float = 0.0
    _task: asyncio.Task[None] | None = field(default=None, repr=False)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    def reset(self) -> None:
        self.peak = 0.0

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        began = loop.time()
        while True:
            before = loop.time()
            await asyncio.sleep(self.interval)
            late = loop.time() - before - self.interval
            if late > self.peak:
                self.peak, self.peak_at = late, before - began

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@asynccontextmanager
async def home_assistant_with_central() -> AsyncIterator[
    tuple[HomeAssistant, Runtime, int]
]:
    """Yield (hass, runtime, port) with auto-accept on."""
    with tempfile.TemporaryDirectory() as config_dir:
        async with async_test_home_assistant(config_dir=config_dir) as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            port = free_port()
            entry = MockConfigEntry(
                domain=DOMAIN,
                data={
                    "host": "127.0.0.1",
                    "port": port,
                    "security_profile": 0,
                    "auto_accept": True,
                    "heartbeat_interval": 3600,
                },
            )
            entry.add_to_hass(hass)
            assert await hass.config_entries.async_setup(entry.entry_id)
            await hass.async_block_till_done()
            try:
                yield hass, entry.runtime_data, port
            finally:
                await hass.config_entries.async_unload(entry.entry_id)
                await hass.async_block_till_done()
                await hass.async_stop(force=True)


async def start_chargers(
    port: int, count: int, *extra: str
) -> asyncio.subprocess.Process:
    """Start `count` simulated chargers in a child process."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.sim",
        "--url",
        f"ws://127.0.0.1:{port}/BENCH",
        "--count",
        str(count),
        *extra,
        cwd=ROOT,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=open(os.environ.get("BENCH_SIM_LOG", os.devnull), "w"),  # noqa: ASYNC230
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


async def stop_process(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.terminate()
        try:
            async with asyncio.timeout(30):
                await process.wait()
        except TimeoutError:
            process.kill()
            await process.wait()


def now() -> float:
    return time.monotonic()
