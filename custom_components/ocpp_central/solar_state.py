"""One connector's solar state: its charge mode, settings and solar share.

`SolarManager` keeps one `ConnectorSolar` per connector and runs its
controller; this module holds what that state is, how the share of a
session's energy that came from surplus is counted, and what of it is kept
across restarts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .solar_connector import drawn_power
from .solar_wake import Waker
from .surplus import (
    Decision,
    Mode,
    PhaseMode,
    Reading,
    State,
    SurplusController,
    SurplusSettings,
)

MANUAL = "manual"
CHARGE_MODES = (MANUAL, *(mode.value for mode in Mode))
SOLAR_MODES = frozenset({Mode.SOLAR, Mode.MIN_SOLAR})
CONTROLLER_STATES = (MANUAL, *(state.value for state in State))
MAX_GAP = 10.0  # s: a longer gap between ticks counts as this long
# The settings a person may change (numbers and the phase select).
EDITABLE = (
    "min_current",
    "max_current",
    "enable_threshold",
    "disable_threshold",
    "enable_delay",
    "disable_delay",
    "residual_power",
    "battery_priority_soc",
    "battery_buffer_soc",
    "accepted_grid_share",
    "phase_mode",
)

type Key = tuple[str, int]
type Wanted = tuple[bool, float, int]


@dataclass
class ConnectorSolar:
    """One connector's mode, settings, controller and its latest output."""

    mode: str = MANUAL
    priority: int = 0
    settings: SurplusSettings = field(default_factory=SurplusSettings)
    controller: SurplusController | None = None
    decision: Decision | None = None
    sent: Wanted | None = None
    failed_at: float = float("-inf")
    busy: bool = False
    surplus_w: float | None = None
    session: int | str | None = None
    solar_wh: float = 0.0
    total_wh: float = 0.0
    last_tick: float | None = None
    waker: Waker | None = None  # the wake-up sequence for a sleeping car

    @property
    def state(self) -> str:
        """The controller state for the sensor (`manual` when it rests)."""
        if self.mode == MANUAL or self.decision is None:
            return MANUAL
        return self.decision.state.value

    @property
    def target_a(self) -> float | None:
        """The current the controller wants (0 when paused)."""
        if self.mode == MANUAL or self.decision is None:
            return None
        return self.decision.current_a if self.decision.enabled else 0.0

    @property
    def solar_share(self) -> float | None:
        """Share (%) of this session's energy that came from surplus."""
        if self.total_wh <= 0:
            return None
        return round(100.0 * self.solar_wh / self.total_wh, 1)

    def follow_session(self, session: int | str | None) -> bool:
        """Start the counts afresh if `session` is a new one; True if so."""
        if session is None or session == self.session:
            return False
        self.session, self.solar_wh, self.total_wh = session, 0.0, 0.0
        return True

    def count_energy(self, session: int | str | None, reading: Reading) -> bool:
        """Add the car's energy since the last tick; True if any was counted.

        Energy drawn while the grid imports counts as not solar; with the
        grid meter unknown, none of it does.
        """
        last, self.last_tick = self.last_tick, reading.now
        if session is None or last is None:
            return False
        hours = min(max(reading.now - last, 0.0), MAX_GAP) / 3600.0
        car = drawn_power(reading)
        imported = min(car, max(0.0, reading.grid_power_w or 0.0))
        if reading.grid_power_w is None:
            imported = car  # unknown: nothing counts as surplus
        self.total_wh += car * hours
        self.solar_wh += (car - imported) * hours
        return True

    def record(self) -> dict[str, Any]:
        """What is kept across restarts."""
        settings = asdict(self.settings)
        return {
            "mode": self.mode,
            "priority": self.priority,
            "settings": {key: settings[key] for key in EDITABLE},
            "session": self.session,
            "solar_wh": self.solar_wh,
            "total_wh": self.total_wh,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> ConnectorSolar:
        """The connector as saved by `record`."""
        known = {f.name for f in fields(SurplusSettings)}
        stored = {k: v for k, v in record.get("settings", {}).items() if k in known}
        if "phase_mode" in stored:
            stored["phase_mode"] = PhaseMode(stored["phase_mode"])
        mode = record.get("mode", MANUAL)
        return cls(
            mode=mode if mode in CHARGE_MODES else MANUAL,
            priority=int(record.get("priority", 0)),
            settings=SurplusSettings(**stored),
            session=record.get("session"),
            solar_wh=float(record.get("solar_wh", 0.0)),
            total_wh=float(record.get("total_wh", 0.0)),
        )
