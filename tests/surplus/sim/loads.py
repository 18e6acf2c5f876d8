"""House load at 1 s resolution: a base load plus kettle, washer and oven events.

* base: `base_w` with a slow random walk (every 60 s, sd 15 W, kept within
  0.6..1.6 x base) plus white noise (`noise_w`);
* fridge: `fridge_w` compressor, 20 min on / 40 min off with a random phase;
* kettle: `kettles` boils of 2000-2200 W for 2-4 min at random times;
* washer: one 90 min programme starting between 9:00 and 13:00: 3 min fill
  (50 W), 15-20 min heating (2000 W + 150 W drum), wash with a drum motor
  (250 W, 12 s on / 3 s off), 8 min spin (600 W) at the end;
* oven: one run starting between 11:15 and 12:30: 10 min pre-heat (2800 W),
  then 50 min of thermostat cycling (2800 W on 45-75 s, off 60-120 s);
* heat pump (`heat_pump_w` > 0): a compressor that runs 12-30 min and rests
  15-40 min, all day, from a random point in its cycle;
* evening cooking (`evening_cooking`): from 17:00-18:30 a hob and oven for
  45-75 min, 1500-3500 W in thermostat steps of 30-120 s.

Events outside the window are simply cut off.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class LoadSpec:
    """What runs in the house."""

    base_w: float = 250.0
    noise_w: float = 15.0
    fridge_w: float = 90.0
    kettles: int = 4
    washer: bool = True
    oven: bool = True
    heat_pump_w: float = 0.0
    evening_cooking: bool = False


def _add(load: list[float], i0: int, duration: int, watts: float) -> None:
    """Add `watts` to `load` for `duration` seconds from index `i0`."""
    n = len(load)
    for i in range(max(0, i0), min(n, i0 + duration)):
        load[i] += watts


def _washer(load: list[float], i0: int, rng: random.Random) -> None:
    """One washing programme (about 90 min) from index `i0`."""
    _add(load, i0, 180, 50.0)
    heat = rng.randint(15 * 60, 20 * 60)
    _add(load, i0 + 180, heat, 2150.0)
    wash_start = i0 + 180 + heat
    spin = 8 * 60
    wash_end = i0 + 90 * 60 - spin
    i = wash_start
    while i < wash_end:
        _add(load, i, min(12, wash_end - i), 250.0)
        i += 15
    _add(load, wash_end, spin, 600.0)


def _oven(load: list[float], i0: int, rng: random.Random) -> None:
    """Pre-heat and one hour of thermostat cycling from index `i0`."""
    _add(load, i0, 600, 2800.0)
    i = i0 + 600
    end = i0 + 3600
    while i < end:
        on = rng.randint(45, 75)
        _add(load, i, min(on, end - i), 2800.0)
        i += on + rng.randint(60, 120)


def _heat_pump(load: list[float], watts: float, rng: random.Random) -> None:
    """A compressor cycling for tens of minutes over the whole window."""
    i = -rng.randint(0, 70 * 60)  # somewhere in its cycle at the start
    while i < len(load):
        on = rng.randint(12 * 60, 30 * 60)
        _add(load, i, on, watts * rng.uniform(0.9, 1.1))
        i += on + rng.randint(15 * 60, 40 * 60)


def _cooking(load: list[float], i0: int, rng: random.Random) -> None:
    """Hob and oven in the evening: steps of 1.5-3.5 kW for about an hour."""
    i = i0
    end = i0 + rng.randint(45 * 60, 75 * 60)
    while i < end:
        step = rng.randint(30, 120)
        _add(load, i, min(step, end - i), rng.uniform(1500.0, 3500.0))
        i += step


def house_trace(
    spec: LoadSpec, start: int, end: int, rng: random.Random
) -> list[float]:
    """House consumption (W) for every second in [start, end)."""
    n = end - start
    load = [0.0] * n
    base = spec.base_w
    gauss = rng.gauss
    for i in range(n):
        if i % 60 == 0:
            base = min(
                1.6 * spec.base_w, max(0.6 * spec.base_w, base + gauss(0.0, 15.0))
            )
        load[i] = max(0.0, base + gauss(0.0, spec.noise_w))
    if spec.fridge_w > 0:
        phase = rng.randrange(3600)
        for i in range(n):
            if (start + i + phase) % 3600 < 1200:
                load[i] += spec.fridge_w
    for _ in range(spec.kettles):
        _add(load, rng.randrange(n), rng.randint(120, 240), rng.uniform(2000.0, 2200.0))
    if spec.washer:
        _washer(load, rng.randint(9 * 3600, 13 * 3600) - start, rng)
    if spec.oven:
        _oven(load, rng.randint(11 * 3600 + 900, 12 * 3600 + 1800) - start, rng)
    if spec.heat_pump_w > 0:
        _heat_pump(load, spec.heat_pump_w, rng)
    if spec.evening_cooking:
        _cooking(load, rng.randint(17 * 3600, 18 * 3600 + 1800) - start, rng)
    return load
