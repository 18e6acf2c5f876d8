"""What the solar controller needs to know about one connector, from the model."""

from __future__ import annotations

from .csms import Connector, ConnectorStatus
from .csms.model import PHASES
from .surplus import Mode, Reading

VOLTAGE = 230.0


def phase_currents(connector: Connector) -> tuple[float, float, float]:
    """The car's current per phase (A), from the best reading there is.

    Per-phase Current.Import first (L1 or L1-N); else a total current or the
    active power spread over the phases; else nothing.
    """
    per_phase = [connector.find("Current.Import", (p, f"{p}-N")) for p in PHASES]
    if any(per_phase):
        l1, l2, l3 = (max(0.0, r.value) if r else 0.0 for r in per_phase)
        return l1, l2, l3
    total = connector.find("Current.Import")
    if total is not None:
        return max(0.0, total.value), 0.0, 0.0
    power = connector.active_power_w()
    if power is not None:
        amps = max(0.0, power) / VOLTAGE / 3
        return amps, amps, amps
    return 0.0, 0.0, 0.0


def offered_current(connector: Connector) -> float:
    """The current the charger offers the car now (A)."""
    offered = connector.reading("Current.Offered")
    if offered is not None:
        return max(0.0, offered.value)
    if connector.control.paused or connector.transaction is None:
        return 0.0
    return connector.control.limit_a or 0.0


def controller_reading(
    connector: Connector,
    now: float,
    mode: Mode,
    grid: tuple[float | None, float | None],
    battery_w: float | None,
    battery_soc: float | None,
) -> Reading:
    """A controller Reading for `connector` at `now` (seconds)."""
    currents = phase_currents(connector)
    active = sum(1 for amps in currents if amps > 0.5) or 3
    return Reading(
        now=now,
        mode=mode,
        grid_power_w=grid[0],
        grid_updated=grid[1],
        battery_power_w=battery_w,
        battery_soc=battery_soc,
        connected=bool(connector.plugged_in),
        charging=connector.status == ConnectorStatus.CHARGING or sum(currents) > 0.5,
        phase_currents_a=currents,
        active_phases=active,
        offered_current_a=offered_current(connector),
    )


def drawn_power(reading: Reading) -> float:
    """The car's power (W) in a reading."""
    return sum(reading.phase_currents_a) * VOLTAGE
