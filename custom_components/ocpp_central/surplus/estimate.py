"""The power available to the car, from meters that report on their own clocks.

Available power = what the car draws + export - what the home battery
discharges (its charging counts as surplus) - the residual margin. The
grid value was sampled at `grid_updated`; the car's draw is taken at that
same moment from a short history of readings, so a car that is still
ramping, or a command still on its way, is never counted twice: the
estimate is absolute, not a correction on top of the last one.

A home battery's sensor may report apart from the grid meter and carries
no time. A new battery value is taken as sampled with the grid value when
both arrive in the same reading, else at the reading it arrives in. A
self-consumption battery moves with the car, so its term belongs with the
car's draw at the battery's sample time, while the grid's belongs with the
car at the grid's: when the car changed between the two, the estimate is
a range (`lo`..`hi`), and callers raise only on `lo` and lower only on
`hi`. When the car is steady the range is a single value.

Battery SoC rules: below `battery_priority_soc` the battery's charging is
not the car's (and its discharge counts against it); at or above
`battery_buffer_soc` its discharge may carry the car.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from .model import Reading, SurplusSettings

HISTORY_S = 300.0  # s of the car's draw kept to match late meter samples


def median(values: deque[float], default: float) -> float:
    """The middle value (the upper one of an even count), or `default`."""
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else default


@dataclass(frozen=True)
class Sample:
    """Power available to the car at one meter sample (W)."""

    time: float  # when the newest of its values was taken
    lo: float
    mid: float
    hi: float
    grid_import_w: float  # what the grid imported at the sample
    battery_out_w: float  # what the battery discharged against the car


class Estimator:
    """Turns readings into available-power samples."""

    def __init__(self, settings: SurplusSettings) -> None:
        self.settings = settings
        self.car: deque[tuple[float, float]] = deque()  # (time, W)
        self.grid_time: float | None = None
        self.grid_w = 0.0
        self.battery_w: float | None = None
        self.battery_time: float | None = None
        self.gaps: deque[float] = deque(maxlen=5)  # between grid samples
        self.last: Sample | None = None

    def car_power(self, reading: Reading) -> float:
        """What the car draws in `reading` (W)."""
        return sum(reading.phase_currents_a) * self.settings.voltage

    def _car_at(self, time: float) -> float:
        """The car's draw at `time`, from the history (the oldest if older)."""
        for when, watts in reversed(self.car):
            if when <= time:
                return watts
        return self.car[0][1]

    def usual_gap(self) -> float:
        """The grid meter's usual interval (s), 0 before it is known."""
        return median(self.gaps, 0.0)

    def observe(self, reading: Reading) -> Sample | None:
        """Record the reading; a new sample when a meter value is new."""
        now = reading.now
        self.car.append((now, self.car_power(reading)))
        while self.car and self.car[0][0] < now - HISTORY_S:
            self.car.popleft()
        grid_time = reading.grid_updated
        fresh_grid = (
            reading.grid_power_w is not None
            and grid_time is not None
            and (self.grid_time is None or grid_time > self.grid_time)
        )
        if fresh_grid and grid_time is not None and reading.grid_power_w is not None:
            if self.grid_time is not None:
                self.gaps.append(grid_time - self.grid_time)
            self.grid_time, self.grid_w = grid_time, reading.grid_power_w
        battery = reading.battery_power_w
        fresh_battery = battery is not None and battery != self.battery_w
        if battery is None:
            self.battery_w = self.battery_time = None
        elif fresh_battery:
            self.battery_w = battery
            self.battery_time = self.grid_time if fresh_grid else now
        if not (fresh_grid or fresh_battery) or self.grid_time is None:
            return None
        self.last = self._sample(reading)
        return self.last

    def _battery_term(self, reading: Reading) -> float:
        """The battery's power that counts against the car (W, + = against)."""
        battery = self.battery_w
        if battery is None:
            return 0.0
        s, soc = self.settings, reading.battery_soc
        if soc is not None and soc < s.battery_priority_soc:
            return max(battery, 0.0)
        if soc is not None and soc >= s.battery_buffer_soc:
            return min(battery, 0.0)
        return battery

    def _sample(self, reading: Reading) -> Sample:
        grid_time = self.grid_time if self.grid_time is not None else reading.now
        term = self._battery_term(reading)
        base = -self.grid_w - term - self.settings.residual_power
        at_grid = self._car_at(grid_time)
        at_battery = (
            self._car_at(self.battery_time)
            if self.battery_time is not None
            else at_grid
        )
        lo, hi = sorted((at_grid + base, at_battery + base))
        newest = max(grid_time, self.battery_time or grid_time)
        return Sample(
            time=newest,
            lo=lo,
            mid=(lo + hi) / 2,
            hi=hi,
            grid_import_w=max(self.grid_w, 0.0),
            battery_out_w=max(term, 0.0),
        )
