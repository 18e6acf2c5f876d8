"""A current limit as a charging-profile period, for any protocol version.

Chargers that take only power get amperes times voltage times phases; the phases
are what the charger reports drawing on, or three.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import Connector, Quirks

DEFAULT_VOLTAGE = 230.0


def phases_in_use(connector: Connector, phases: int | None) -> int:
    """The phases a limit is for: those asked, those drawn on, or three."""
    if phases:
        return phases
    seen = {
        key[1] for key in connector.readings if key[0] == "Current.Import" and key[1]
    }
    return len(seen) if seen else 3


def voltage(connector: Connector) -> float:
    """A plausible phase voltage reported by the connector, or 230 V."""
    for (measurand, _, _), reading in connector.readings.items():
        if measurand == "Voltage" and 100 < reading.value < 300:
            return reading.value
    return DEFAULT_VOLTAGE


@dataclass(frozen=True, slots=True)
class Period:
    """One schedule period limiting to a current, in the unit the charger takes."""

    unit: str  # "A" or "W"
    limit: float
    phases: int | None  # None: leave numberPhases out

    def as_payload(self) -> dict[str, Any]:
        """The chargingSchedulePeriod (the same shape in 1.6 and 2.0.1)."""
        period: dict[str, Any] = {"startPeriod": 0, "limit": self.limit}
        if self.phases is not None:
            period["numberPhases"] = self.phases
        return period


def period(
    connector: Connector,
    amps: float,
    phases: int | None,
    unit: str,
    quirks: Quirks,
) -> Period:
    """The period limiting `connector` to `amps` (0.1 resolution)."""
    used = phases_in_use(connector, phases)
    limit = round(amps, 1)
    if unit == "W":
        limit = round(amps * used * voltage(connector), 1)
    keep_phases = not quirks.omit_phases and (phases or unit == "A")
    return Period(unit, limit, used if keep_phases else None)
