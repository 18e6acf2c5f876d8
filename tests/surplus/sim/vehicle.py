"""The car: follows the offered current with a lag, needs 6 A, draws a bit less.

Per second (`Vehicle.step`):

* an offer below `min_current` (6 A), a disabled charger, a disconnected
  car or a running phase-switch pause -> the car's target is 0 A;
* otherwise the target is `min(offer, max_current) - offset`, where the
  offset (0..`max_offset_a`, default 1 A) is redrawn every
  `offset_period_s` seconds from the vehicle's own seeded stream (the same
  for every controller);
* the drawn current follows the target with a first-order lag of `tau`
  seconds (drawn from lag_min_s..lag_max_s per vehicle); when the offer is
  withdrawn (target 0) the car stops within about 3 s (lag `stop_lag_s`,
  IEC 61851) and snaps to 0 below 0.5 A; unplugged, it draws 0 at once;
* a change of the charger's phases makes the car pause `switch_pause_s`
  seconds (it draws 0 A), then ramp up again.

With `ideal=True` (used for the oracle only) the current equals the target
at once and a phase switch does not pause the car.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class VehicleSpec:
    """A car's charging behaviour."""

    max_current: float = 16.0
    phases: int = 3  # phases the on-board charger can use
    min_current: float = 6.0
    lag_min_s: float = 5.0
    lag_max_s: float = 10.0
    max_offset_a: float = 1.0
    offset_period_s: int = 900
    stop_lag_s: float = 1.0
    switch_pause_s: int = 60


class Vehicle:
    """State of the car, stepped once per second."""

    def __init__(
        self,
        spec: VehicleSpec,
        rng: random.Random,
        start: int,
        end: int,
        phases: int,
        *,
        ideal: bool = False,
    ) -> None:
        self.spec = spec
        self.ideal = ideal
        self.tau = rng.uniform(spec.lag_min_s, spec.lag_max_s)
        self._alpha = 1.0 - math.exp(-1.0 / self.tau)
        self._stop_alpha = 1.0 - math.exp(-1.0 / spec.stop_lag_s)
        blocks = (end - start) // spec.offset_period_s + 2
        self._offsets = [rng.uniform(0.0, spec.max_offset_a) for _ in range(blocks)]
        self._start = start
        self.current = 0.0  # A per active phase
        self.phases = phases  # the charger's phases as last seen
        self.pause_until = -1.0
        self.switches = 0

    def offset_at(self, t: int) -> float:
        """How many A below the offer the car draws at time `t`."""
        return self._offsets[(t - self._start) // self.spec.offset_period_s]

    def target_at(self, t: int, offer: float) -> float:
        """The current the car settles at for `offer` (no lag, no pause)."""
        spec = self.spec
        if offer < spec.min_current:
            return 0.0
        return max(0.0, min(offer, spec.max_current) - self.offset_at(t))

    def drawn_phases(self, charger_phases: int) -> int:
        """Phases the car actually draws on."""
        return min(charger_phases, self.spec.phases)

    def step(self, t: int, offer: float, phases: int, connected: bool) -> float:
        """Advance 1 s and return the drawn current per phase (A)."""
        if phases != self.phases:
            self.phases = phases
            self.switches += 1
            if not self.ideal:
                self.pause_until = t + self.spec.switch_pause_s
                self.current = 0.0
        if not connected or t < self.pause_until:
            target = 0.0
        else:
            target = self.target_at(t, offer)
        current = self.current
        if self.ideal or not connected:
            current = target
        elif target <= 0.0:
            current -= current * self._stop_alpha
            if current < 0.5:
                current = 0.0
        else:
            current += (target - current) * self._alpha
        self.current = current
        return current
