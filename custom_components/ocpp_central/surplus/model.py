"""The solar controller's public contract: settings, readings and decisions.

External harnesses drive this API; keep the names.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Mode(StrEnum):
    """What the user wants from a connector."""

    OFF = "off"  # no charging
    FAST = "fast"  # maximum current on all phases
    MIN_SOLAR = "min_solar"  # at least the minimum current, more from surplus
    SOLAR = "solar"  # surplus only


class PhaseMode(StrEnum):
    """Which phases the controller may use."""

    AUTO = "auto"
    ONE = "1p"
    THREE = "3p"


class StaleAction(StrEnum):
    """What to do when the grid meter stops updating."""

    HOLD = "hold"  # keep the current (never raise it)
    MIN = "min"  # drop to the minimum current
    PAUSE = "pause"  # stop charging


class State(StrEnum):
    """A short state for a sensor."""

    OFF = "off"  # mode off, or nothing connected
    WAITING = "waiting"  # not enough surplus yet (or waiting out a delay)
    CHARGING = "charging"  # charging, following the surplus
    MINIMUM = "minimum"  # charging at the minimum (min_solar without surplus)
    FAST = "fast"  # charging at full power
    STARTING = "starting"  # enable delay running
    STOPPING = "stopping"  # disable delay running
    SWITCHING = "switching"  # phase switch in progress
    STALE = "stale"  # grid meter stale; stale action in force
    BATTERY = "battery"  # the home battery has priority


@dataclass
class SurplusSettings:
    """Every field has a default, so `SurplusSettings()` is a sane setup."""

    min_current: float = 6.0
    max_current: float = 16.0
    voltage: float = 230.0
    max_phases: int = 3
    phase_switching: bool = False  # the charger can switch 1p/3p
    phase_mode: PhaseMode = PhaseMode.AUTO
    # W kept as export: the meter's noise (about 50 W) would otherwise make
    # half of every correction an import (evcc's default is 0 W)
    residual_power: float = 50.0
    enable_threshold: float = 0.0  # W of export beyond minimum power to start
    enable_delay: float = 60.0  # s the surplus must cover the minimum to start
    disable_threshold: float = 0.0  # W of import allowed before a dip counts
    # s: the longest a dip is ridden out at the minimum (evcc: the disable
    # delay); a dip that does not pay is paused earlier
    disable_delay: float = 180.0
    stale_after: float = 60.0  # s without a new grid value
    stale_action: StaleAction = StaleAction.MIN
    battery_priority_soc: float = 0.0  # %: below this the battery charges first
    battery_buffer_soc: float = 100.0  # %: above this the battery may help the car
    # The largest share of the car's power that may come from the grid while
    # it rides out a lack of sun at the minimum in solar mode (dawn, dusk, a
    # grey spell); a passing cloud may cost more while a restart would waste
    # more sun than the import. Either way for at most `disable_delay`.
    accepted_grid_share: float = 0.2
    # Our refinements
    control_interval: float = 10.0  # s between small current corrections
    smoothing: float = 20.0  # s time constant of the surplus seen by start/stop
    min_on_time: float = 0.0  # s charging before a pause is allowed
    min_off_time: float = 0.0  # s paused before a start is allowed
    phase_switch_delay: float = 60.0  # s of clear surplus before 1p -> 3p
    phase_hysteresis: float = 300.0  # W between the 1p->3p and 3p->1p thresholds
    phase_switch_pause: float = 60.0  # s a car stops charging on a phase switch
    current_step: float = 0.1  # A resolution of the charger


@dataclass
class Reading:
    """What the controller knows at time `now` (seconds)."""

    now: float
    mode: Mode | str = Mode.SOLAR
    grid_power_w: float | None = None  # + import, - export
    grid_updated: float | None = None  # time of that grid value
    battery_power_w: float | None = None  # + discharge, - charge
    battery_soc: float | None = None  # %
    connected: bool = True
    charging: bool = False
    phase_currents_a: tuple[float, float, float] = (0.0, 0.0, 0.0)
    active_phases: int = 3
    offered_current_a: float = 0.0


@dataclass
class Decision:
    """What the charger should do, and why."""

    enabled: bool
    current_a: float
    phases: int
    state: State
    reason: str
