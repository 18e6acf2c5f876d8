"""One or three phases: when a switch pays for the pause it costs.

Up (1p -> 3p): the smoothed available power has stayed above the 3-phase
minimum plus half the hysteresis for `phase_switch_delay` (about one start
delay), and what three phases would take beyond the 1-phase maximum over
the next `HORIZON_S` outweighs what the car loses while it stops for the
switch (`phase_switch_pause`).
Down (3p -> 1p): the available power is below the 3-phase minimum less
half the hysteresis and a pause would pay (weigh.py), but one phase can
still run; so the car switches instead of pausing.
Not charging, the phases follow the surplus freely (no pause to pay).
"""

from __future__ import annotations

from .model import PhaseMode, SurplusSettings

HORIZON_S = 600.0  # s of clear surplus a switch up is expected to serve


class Phases:
    """The phase choice and its timer."""

    def __init__(self, settings: SurplusSettings) -> None:
        self.settings = settings
        self.up_since: float | None = None

    def top(self) -> int:
        """The most phases the connector may use."""
        s = self.settings
        if s.phase_mode == PhaseMode.ONE:
            return 1
        return max(1, min(3, s.max_phases))

    def switchable(self) -> bool:
        """The controller chooses between 1 and 3 phases."""
        s = self.settings
        return s.phase_switching and s.phase_mode == PhaseMode.AUTO and self.top() == 3

    def power(self, phases: int, amps: float) -> float:
        """Power (W) at `amps` on `phases`."""
        return amps * phases * self.settings.voltage

    def up_w(self) -> float:
        """The available power above which three phases pay."""
        s = self.settings
        return self.power(3, s.min_current) + s.phase_hysteresis / 2

    def down_w(self) -> float:
        """The available power below which three phases import."""
        s = self.settings
        return self.power(3, s.min_current) - s.phase_hysteresis / 2

    def idle_choice(self, smooth: float, phases: int) -> int:
        """The phases for a car that is not charging."""
        if not self.switchable():
            return self.top()
        self.up_since = None
        if phases == 1:
            return 3 if smooth >= self.up_w() else 1
        return 1 if smooth < self.down_w() else 3

    def switch_up(self, now: float, smooth: float) -> bool:
        """A charging 1-phase car should go to three phases now."""
        s = self.settings
        if not self.switchable() or smooth < self.up_w():
            self.up_since = None
            return False
        if self.up_since is None:
            self.up_since = now
        if now - self.up_since < s.phase_switch_delay:
            return False
        one = self.power(1, s.max_current)
        three = min(smooth, self.power(3, s.max_current))
        pays = (three - one) * HORIZON_S > min(smooth, one) * s.phase_switch_pause
        if pays:
            self.up_since = None
        return pays
