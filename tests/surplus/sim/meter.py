"""The grid meter: samples every `interval` s and delivers after `latency` s.

A sample is the instantaneous grid power (and, with a home battery, its
power and SoC) at a sample time t_s = phase + k * interval. It reaches the
controller at t_s + latency: from then on `value` is that power and
`updated` is t_s (what goes into Reading.grid_power_w / grid_updated).
While a freeze window [a, b) is in force, no samples are taken (the meter
"hangs": the controller keeps seeing the last value with its old time).

A home battery's sensor may report on its own timing (`BatterySensor`):
its own interval, latency and phase, so its value and the grid's are taken
at different moments. Readings carry no time for the battery value (the
controller contract has none), as with most battery integrations.
"""

from __future__ import annotations

from collections import deque


class BatterySensor:
    """The battery's power and SoC, sampled on their own clock."""

    def __init__(self, interval: int, latency: int, phase: int) -> None:
        self.interval = max(1, interval)
        self.latency = max(0, latency)
        self.phase = phase % self.interval
        self.power_w: float | None = None
        self.soc: float | None = None
        self._queue: deque[tuple[int, float, float]] = deque()

    def step(self, now: int, power_w: float, soc: float) -> None:
        """Sample (when due) and deliver (when the latency has passed)."""
        if (now - self.phase) % self.interval == 0:
            self._queue.append((now + self.latency, power_w, soc))
        queue = self._queue
        while queue and queue[0][0] <= now:
            _, self.power_w, self.soc = queue.popleft()


class GridMeter:
    """Sampling, latency and freezing of the grid meter."""

    def __init__(
        self,
        interval: int,
        latency: int,
        phase: int,
        freeze: tuple[int, int] | None = None,
    ) -> None:
        self.interval = max(1, interval)
        self.latency = max(0, latency)
        self.phase = phase % self.interval
        self.freeze = freeze
        self.value: float | None = None
        self.updated: float | None = None
        self.battery_w: float | None = None
        self.battery_soc: float | None = None
        self._queue: deque[tuple[int, int, float, float | None, float | None]] = deque()

    def step(
        self, now: int, grid_w: float, battery_w: float | None, soc: float | None
    ) -> None:
        """Sample (when due) and deliver (when the latency has passed)."""
        if (now - self.phase) % self.interval == 0:
            freeze = self.freeze
            if freeze is None or not freeze[0] <= now < freeze[1]:
                self._queue.append((now + self.latency, now, grid_w, battery_w, soc))
        queue = self._queue
        while queue and queue[0][0] <= now:
            _, sampled, value, bat, bat_soc = queue.popleft()
            self.value = value
            self.updated = float(sampled)
            self.battery_w = bat
            self.battery_soc = bat_soc
