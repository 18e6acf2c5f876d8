"""A real Home Assistant core with OCPP Central loaded, for benchmarks.

The chargers run in a separate process (`python -m tests.sim`), so the CPU
time measured here is Home Assistant's and the integration's alone.
"""

from __future__ import annotations

import asyncio
import gc
import os
import resource
import socket
import sys
import tempfile
import time
import types
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


STALL = 0.05  # s: an event-loop turn longer than this is a stall


@dataclass
class LagMonitor:
    """Measures how late the event loop runs a 10 ms timer.

    A timer more than `STALL` late is counted as a stall; `stalls` keeps
    (when, how late) for each, `when` in loop time. On a busy machine a
    timer is also late when the process waits for a core: `cpu_stalls`
    keeps (when, CPU seconds the loop's thread spent over the interval)
    where that CPU time alone exceeds `STALL`, the loop computing.
    """

    interval: float = 0.01
    peak: float = 0.0
    peak_at: float = 0.0
    stalls: list[tuple[float, float]] = field(default_factory=list)
    cpu_stalls: list[tuple[float, float]] = field(default_factory=list)
    _task: asyncio.Task[None] | None = field(default=None, repr=False)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    def reset(self) -> None:
        self.peak = 0.0
        self.stalls.clear()
        self.cpu_stalls.clear()

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        began = loop.time()
        while True:
            before, before_cpu = loop.time(), time.thread_time()
            await asyncio.sleep(self.interval)
            late = loop.time() - before - self.interval
            if late > STALL:
                self.stalls.append((before, late))
                busy = time.thread_time() - before_cpu - self.interval
                if busy > STALL:
                    self.cpu_stalls.append((before, busy))
            if late > self.peak:
                self.peak, self.peak_at = late, before - began

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()


@dataclass
class GcMonitor:
    """Times CPython's full (generation 2) collections, through gc.callbacks.

    Only watches: thresholds and the heap are left as Home Assistant has
    them. `pauses` keeps (when, seconds) in loop-clock time (monotonic).
    """

    pauses: list[tuple[float, float]] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # each one's CPU seconds
    young: int = 0  # generation 0/1 collections seen
    young_cpu: float = 0.0  # the longest of them, CPU seconds
    _began: float = 0.0
    _began_cpu: float = 0.0

    def start(self) -> None:
        gc.callbacks.append(self._callback)

    def stop(self) -> None:
        if self._callback in gc.callbacks:
            gc.callbacks.remove(self._callback)

    def reset(self) -> None:
        self.pauses.clear()
        self.cpu.clear()
        self.young = 0
        self.young_cpu = 0.0

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._began_cpu = time.thread_time()
        if info["generation"] < 2:
            if phase == "stop":
                self.young += 1
                self.young_cpu = max(
                    self.young_cpu, time.thread_time() - self._began_cpu
                )
            return
        if phase == "start":
            self._began, self._began_cpu = time.monotonic(), time.thread_time()
        else:
            self.pauses.append((self._began, time.monotonic() - self._began))
            self.cpu.append(time.thread_time() - self._began_cpu)


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


@dataclass
class Census:
    """What reaches the old generation: the young objects at each gen-1 collection.

    Objects still alive when a generation-1 collection starts are moved to
    generation 2, where only a full collection looks at them again; they are
    what makes full collections come often. Counted by type.
    """

    counts: dict[str, int] = field(default_factory=dict)
    collections: int = 0
    heap_types: dict[str, int] = field(default_factory=dict)
    ours: int = 0
    # State changes by entity (the part after the charger's name).
    states: dict[str, int] = field(default_factory=dict)

    def state_written(self, entity_id: str) -> None:
        domain, _, name = entity_id.partition(".")
        key = f"{domain}.*{name.split('_', 2)[-1]}"
        self.states[key] = self.states.get(key, 0) + 1

    def start(self) -> None:
        gc.callbacks.append(self._callback)

    def stop(self) -> None:
        if self._callback in gc.callbacks:
            gc.callbacks.remove(self._callback)

    def reset(self) -> None:
        self.counts.clear()
        self.collections = 0

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase != "start" or info["generation"] != 1:
            return
        self.collections += 1
        counts = self.counts
        for generation in (0, 1):
            for obj in gc.get_objects(generation):
                kind = type(obj)
                name = f"{kind.__module__}.{kind.__qualname__}"
                counts[name] = counts.get(name, 0) + 1

    def heap(self, ours: object) -> None:
        """Note the heap's make-up, and how much of it `ours` reaches."""
        by_type: dict[str, int] = {}
        for obj in gc.get_objects():
            kind = type(obj)
            name = f"{kind.__module__}.{kind.__qualname__}"
            by_type[name] = by_type.get(name, 0) + 1
        self.heap_types = by_type
        self.ours = _reachable(ours)

    def top(self, per: int, count: int = 25) -> str:
        """The commonest types, per `per` messages."""
        ranked = sorted(self.counts.items(), key=lambda item: -item[1])[:count]
        total = sum(self.counts.values())
        lines = [
            f"objects promoted to the old generation: {total / max(per, 1):.1f} per message"
        ]
        lines += [f"  {n / max(per, 1):8.2f}  {name}" for name, n in ranked]
        total = sum(self.heap_types.values())
        lines.append(
            f"heap at the start: {total / 1e6:.2f} M tracked objects, "
            f"{self.ours:,} of them reached from the central system"
        )
        ranked = sorted(self.heap_types.items(), key=lambda item: -item[1])[:count]
        lines += [f"  {n:9d}  {name}" for name, n in ranked]
        lines.append("state changes per message, by entity:")
        ranked = sorted(self.states.items(), key=lambda item: -item[1])[:count]
        lines += [f"  {n / max(per, 1):8.2f}  {name}" for name, n in ranked]
        return "\n".join(lines)


@dataclass
class StallTracer:
    """Which event-loop callbacks ran longer than `STALL`, and on what.

    Wraps `asyncio.Handle._run` (this process only, for the bench): each slow
    callback is kept with what it ran, its wall and CPU time, and the full
    GC time inside it. Wall time far above CPU time means the process was
    waiting for a core (a busy machine), not computing.
    """

    slow: list[tuple[str, float, float, float]] = field(default_factory=list)
    gc: GcMonitor | None = None
    _original: object = None

    def start(self) -> None:
        original = asyncio.events.Handle._run
        tracer = self

        def timed(handle: asyncio.events.Handle) -> None:
            began, began_cpu = time.monotonic(), time.thread_time()
            original(handle)
            took = time.monotonic() - began
            if took > STALL:
                tracer.record(handle, began, took, time.thread_time() - began_cpu)

        self._original = original
        asyncio.events.Handle._run = timed  # type: ignore[method-assign]

    def record(
        self, handle: asyncio.events.Handle, began: float, took: float, cpu: float
    ) -> None:
        in_gc = sum(
            pause
            for at, pause in (self.gc.pauses if self.gc else [])
            if began <= at <= began + took
        )
        self.slow.append((_describe(handle), took, cpu, in_gc))

    def stop(self) -> None:
        if self._original is not None:
            asyncio.events.Handle._run = self._original  # type: ignore[method-assign]

    def reset(self) -> None:
        self.slow.clear()

    def table(self) -> str:
        by_what: dict[str, list[tuple[float, float, float]]] = {}
        for what, took, cpu, in_gc in self.slow:
            by_what.setdefault(what, []).append((took, cpu, in_gc))
        lines = [
            f"callbacks over {STALL * 1000:.0f} ms: {len(self.slow)}; by what they ran: "
            "count (with a full GC), CPU over 50 ms, longest without a GC: wall/CPU ms"
        ]
        ranked = sorted(by_what.items(), key=lambda item: -len(item[1]))
        for what, runs in ranked[:20]:
            plain = [(took, cpu) for took, cpu, in_gc in runs if not in_gc]
            took, cpu = max(plain, default=(0.0, 0.0))
            lines.append(
                f"  {len(runs):4d} ({len(runs) - len(plain)}), "
                f"{sum(1 for _, c, _ in runs if c > STALL):4d}, "
                f"{took * 1000:6.0f}/{cpu * 1000:4.0f}  {what}"
            )
        return "\n".join(lines)


def _describe(handle: asyncio.events.Handle) -> str:
    callback = getattr(handle, "_callback", None)
    task = getattr(callback, "__self__", None)
    if isinstance(task, asyncio.Task):
        coro = task.get_coro()
        return f"task {getattr(coro, '__qualname__', coro)}"
    return getattr(callback, "__qualname__", repr(callback))[:100]


def _reachable(root: object) -> int:
    """Tracked objects reached from `root`, not crossing into Home Assistant.

    Stops at modules, classes, functions and anything of Home Assistant's
    (the hass object, its loop), so what is counted is the integration's.
    """
    seen: set[int] = set()
    todo = [root]
    while todo:
        obj = todo.pop()
        if id(obj) in seen or not gc.is_tracked(obj):
            continue
        kind = type(obj)
        module = kind.__module__ or ""
        if (
            isinstance(obj, type | types.ModuleType | types.FunctionType)
            or module.startswith(("homeassistant", "asyncio"))
            or kind.__name__ in ("_UnixSelectorEventLoop", "Runtime")
        ):
            continue
        seen.add(id(obj))
        todo.extend(gc.get_referents(obj))
    return len(seen)
