"""A home battery with its own self-consumption control.

The battery's controller measures the grid (fast, its own meter) and tries
to hold it at 0 W: it charges from export and discharges to cover import,
within its power limits and SoC bounds. Its response is a first-order lag
of `response_s` seconds. The battery is lossless (AC side), so the energy
book-keeping of the harness is exact: stored energy changes by exactly
-power * dt.

Sign convention: power > 0 discharges (feeds the house), < 0 charges.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class BatterySpec:
    """A home battery."""

    capacity_wh: float = 10000.0
    max_charge_w: float = 5000.0
    max_discharge_w: float = 5000.0
    initial_soc: float = 30.0  # %
    min_soc: float = 5.0  # %
    max_soc: float = 100.0  # %
    response_s: float = 2.0


class Battery:
    """State of one battery, stepped once per second."""

    def __init__(self, spec: BatterySpec) -> None:
        self.spec = spec
        self.energy_wh = spec.capacity_wh * spec.initial_soc / 100.0
        self.min_wh = spec.capacity_wh * spec.min_soc / 100.0
        self.max_wh = spec.capacity_wh * spec.max_soc / 100.0
        self.power_w = 0.0
        self._alpha = (
            1.0 - math.exp(-1.0 / spec.response_s) if spec.response_s > 0 else 1.0
        )

    @property
    def soc(self) -> float:
        """State of charge in %."""
        return 100.0 * self.energy_wh / self.spec.capacity_wh

    def step(self, net_w: float) -> float:
        """Advance 1 s. `net_w` = grid power without the battery; returns its power."""
        spec = self.spec
        target = min(spec.max_discharge_w, max(-spec.max_charge_w, net_w))
        power = self.power_w + (target - self.power_w) * self._alpha
        if power > 0.0:
            power = min(power, max(0.0, self.energy_wh - self.min_wh) * 3600.0)
        else:
            power = max(power, -max(0.0, self.max_wh - self.energy_wh) * 3600.0)
        self.energy_wh -= power / 3600.0
        self.power_w = power
        return power
