"""Photovoltaic power at 1 s resolution: a clear-sky curve times a cloud process.

The clear-sky curve is `peak_w * sin(pi * x) ** exponent`, where x runs from
0 at sunrise to 1 at sunset (times in hours of the day). The cloud process
multiplies it by a clear-sky index k(t):

* `CloudSpec`: alternating clear and cloudy spells with exponentially
  distributed lengths; under a cloud k is drawn from [cloud_min, cloud_max],
  in the clear from [0.97, 1.03]; every change of level is a linear ramp
  (a cloud edge) of ramp_min_s..ramp_max_s seconds.
* `AlternationSpec`: k alternates exactly between 1 and `low` every
  `period_s` seconds with a short ramp (the "fast alternation" scenario).

A small white flicker (`noise`, relative) is added; the result is clipped
to [0, inverter_w].
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class CloudSpec:
    """Broken clouds: clear and cloudy spells with ramped edges."""

    mean_clear_s: float = 180.0
    mean_cloud_s: float = 90.0
    cloud_min: float = 0.2
    cloud_max: float = 0.5
    ramp_min_s: float = 5.0
    ramp_max_s: float = 30.0
    start_s: int | None = None  # absolute time the clouds begin (None: at once)


@dataclass(frozen=True)
class AlternationSpec:
    """A square wave between clear (k=1) and `low`, `period_s` each."""

    period_s: int = 30
    low: float = 0.4
    ramp_s: int = 2


@dataclass(frozen=True)
class PvSpec:
    """A PV system and its day."""

    peak_w: float = 8000.0
    sunrise_h: float = 5.5
    sunset_h: float = 21.5
    exponent: float = 1.3
    inverter_w: float = 8400.0
    noise: float = 0.005
    clouds: CloudSpec | None = None
    alternation: AlternationSpec | None = None


def clear_sky_w(spec: PvSpec, t: float) -> float:
    """Clear-sky PV power at time `t` (seconds of the day)."""
    rise = spec.sunrise_h * 3600.0
    setting = spec.sunset_h * 3600.0
    if t <= rise or t >= setting:
        return 0.0
    x = (t - rise) / (setting - rise)
    return float(spec.peak_w * math.sin(math.pi * x) ** spec.exponent)


def cloud_index(spec: CloudSpec, start: int, n: int, rng: random.Random) -> list[float]:
    """Clear-sky index for `n` seconds from `start`."""
    k = [1.0] * n
    i = 0 if spec.start_s is None else max(0, spec.start_s - start)
    level = 1.0
    cloudy = True  # the first spell after the start is a cloud
    while i < n:
        mean = spec.mean_cloud_s if cloudy else spec.mean_clear_s
        duration = max(5, round(rng.expovariate(1.0 / mean)))
        if cloudy:
            target = rng.uniform(spec.cloud_min, spec.cloud_max)
        else:
            target = rng.uniform(0.97, 1.03)
        ramp = min(
            duration, max(1, round(rng.uniform(spec.ramp_min_s, spec.ramp_max_s)))
        )
        step = (target - level) / ramp
        end = min(n, i + duration)
        for j in range(i, end):
            done = j - i + 1
            k[j] = target if done >= ramp else level + step * done
        level = target
        i = end
        cloudy = not cloudy
    return k


def alternation_index(spec: AlternationSpec, n: int) -> list[float]:
    """Square-wave clear-sky index with linear ramps of `ramp_s` seconds."""
    k = [1.0] * n
    period = spec.period_s
    ramp = max(1, spec.ramp_s)
    for i in range(n):
        block, pos = divmod(i, period)
        high = block % 2 == 0
        level = 1.0 if high else spec.low
        if block > 0 and pos < ramp:
            previous = spec.low if high else 1.0
            level = previous + (level - previous) * (pos + 1) / ramp
        k[i] = level
    return k


def pv_trace(spec: PvSpec, start: int, end: int, rng: random.Random) -> list[float]:
    """PV power (W) for every second in [start, end)."""
    n = end - start
    if spec.alternation is not None:
        k = alternation_index(spec.alternation, n)
    elif spec.clouds is not None:
        k = cloud_index(spec.clouds, start, n, rng)
    else:
        k = [1.0] * n
    gauss = rng.gauss
    noise = spec.noise
    top = spec.inverter_w
    out = [0.0] * n
    for i in range(n):
        clear = clear_sky_w(spec, start + i)
        if clear <= 0.0:
            continue
        value = clear * k[i] * (1.0 + noise * gauss(0.0, 1.0))
        out[i] = min(top, max(0.0, value))
    return out
