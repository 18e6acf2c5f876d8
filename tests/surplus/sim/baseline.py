"""An evcc-equivalent baseline controller (same `update(reading)` interface).

Modelled on evcc's loadpoint PV logic (`pvMaxCurrent`, `pvScalePhases`):

* it evaluates every 30 s (the first call evaluates at once) and repeats
  its last decision in between;
* site power = grid + residual_power (+ battery power when a battery is
  reported, except while the battery charges below battery_priority_soc,
  as evcc's prioritySoc); surplus = -site power;
* measured current = the average of the phase currents actually drawn
  (0 when not charging), and
  target = measured + surplus / (active phases * voltage);
* solar mode: while disabled, a target >= min current (+ enable_threshold
  as W) for enable_delay (60 s) enables at the min current; while enabled,
  a target < min current keeps the min current, and if the site imports
  (site power >= disable_threshold, 0 W) for disable_delay (180 s) it
  disables; otherwise the target clamped to [min, max];
* min_solar: the same, never below the min current; fast: max current;
  off (or not connected): disabled;
* battery_buffer_soc < 100 and SoC above it while charging: never stop
  (evcc's bufferSoc);
* 1p/3p (phase_switching and phase_mode auto): available power = charge
  power - site power; to 1p when the 3p minimum is not available but the
  1p minimum is, for disable_delay (at once when not charging); to 3p when
  the 3p minimum is available for enable_delay. A switch keeps the enable
  state, sets 1p to the available current (3p: the min current) and, as in
  evcc, elapses the enable/disable timer.

It ignores `grid_updated` (evcc uses whatever value the meter returns), so
it never notices a frozen meter; with no grid value at all it holds.
"""

from __future__ import annotations

import math
from dataclasses import replace

from custom_components.ocpp_central.surplus.model import (
    Decision,
    Mode,
    PhaseMode,
    Reading,
    State,
    SurplusSettings,
)

EVCC_ENABLE_DELAY = 60.0  # s
EVCC_DISABLE_DELAY = 180.0  # s


class BaselineController:
    """evcc-like PV charging at a 30 s interval."""

    interval: float = 30.0

    def __init__(self, settings: SurplusSettings) -> None:
        # evcc's own delays, whatever our defaults are.
        self.settings = replace(
            settings, enable_delay=EVCC_ENABLE_DELAY, disable_delay=EVCC_DISABLE_DELAY
        )
        self._next_eval: float | None = None
        self._enabled = False
        self._phases = (
            1 if settings.phase_mode == PhaseMode.ONE else settings.max_phases
        )
        self._pv_timer: float | None = None
        self._phase_timer: float | None = None
        self._decision = Decision(
            False, 0.0, self._phases, State.WAITING, "starting up"
        )

    def update(self, reading: Reading) -> Decision:
        """Evaluate every `interval` seconds; repeat the last decision otherwise."""
        if self._next_eval is not None and reading.now < self._next_eval:
            return self._decision
        self._next_eval = reading.now + self.interval
        decision = self._evaluate(reading)
        self._decision = decision
        self._enabled = decision.enabled
        self._phases = decision.phases
        return decision

    # -- helpers ---------------------------------------------------------

    def _switchable(self) -> bool:
        s = self.settings
        return s.phase_switching and s.phase_mode == PhaseMode.AUTO and s.max_phases > 1

    def _decide(
        self, enabled: bool, current: float, state: State, reason: str
    ) -> Decision:
        return Decision(
            enabled, current if enabled else 0.0, self._phases, state, reason
        )

    def _site_power(self, r: Reading, grid: float) -> tuple[float, bool]:
        s = self.settings
        site = grid + s.residual_power
        buffered = False
        if r.battery_power_w is not None:
            battery = r.battery_power_w
            soc = r.battery_soc
            if soc is not None and soc < s.battery_priority_soc and battery < 0:
                battery = 0.0
            elif soc is not None:
                buffered = s.battery_buffer_soc < 100.0 and soc > s.battery_buffer_soc
            site += battery
        return site, buffered

    @staticmethod
    def _measured(r: Reading) -> float:
        if not r.charging:
            return 0.0
        drawn = [c for c in r.phase_currents_a if c > 0.5]
        return sum(drawn) / len(drawn) if drawn else 0.0

    def _timer_elapsed(self, attr: str, now: float, delay: float) -> bool:
        started: float | None = getattr(self, attr)
        if started is None:
            setattr(self, attr, now)
            started = now
        return now - started >= delay

    def _switch(self, phases: int, available: float) -> Decision:
        s = self.settings
        self._phases = phases
        self._phase_timer = None
        self._pv_timer = -math.inf  # evcc: elapsePVTimer after a switch
        if phases == 1:
            current = min(s.max_current, max(s.min_current, available / s.voltage))
        else:
            current = s.min_current
        return self._decide(
            self._enabled, current, State.SWITCHING, f"switch to {phases}p"
        )

    def _scale_phases(self, r: Reading, site: float) -> Decision | None:
        s = self.settings
        v = s.voltage
        available = sum(r.phase_currents_a) * v - site
        min_1p = s.min_current * v
        min_3p = s.min_current * v * s.max_phases
        waiting = False
        if self._phases > 1 and min_1p <= available < min_3p:
            if not r.charging:
                return self._switch(1, available)
            if self._timer_elapsed("_phase_timer", r.now, s.disable_delay):
                return self._switch(1, available)
            waiting = True
        elif self._phases == 1 and available >= min_3p:
            if self._timer_elapsed("_phase_timer", r.now, s.enable_delay):
                return self._switch(s.max_phases, available)
            waiting = True
        if not waiting:
            self._phase_timer = None
        return None

    # -- the decision ----------------------------------------------------

    def _evaluate(self, r: Reading) -> Decision:
        s = self.settings
        mode = Mode(r.mode)
        if not r.connected or mode == Mode.OFF:
            self._pv_timer = self._phase_timer = None
            return self._decide(False, 0.0, State.OFF, "off or not connected")
        if mode == Mode.FAST:
            self._pv_timer = self._phase_timer = None
            if self._switchable():
                self._phases = s.max_phases
            return self._decide(True, s.max_current, State.FAST, "fast")
        if r.grid_power_w is None:
            return replace(self._decision, reason="no grid value")
        site, buffered = self._site_power(r, r.grid_power_w)
        if self._switchable():
            switched = self._scale_phases(r, site)
            if switched is not None:
                return switched
        min_c, max_c = s.min_current, s.max_current
        target = max(0.0, self._measured(r) - site / (s.voltage * self._phases))
        if mode == Mode.MIN_SOLAR or (buffered and r.charging and target < min_c):
            self._pv_timer = None
            if target < min_c:
                return self._decide(True, min_c, State.MINIMUM, "minimum current")
            return self._decide(
                True, min(target, max_c), State.CHARGING, "min + surplus"
            )
        if self._enabled and target < min_c:
            if site >= s.disable_threshold:
                if self._timer_elapsed("_pv_timer", r.now, s.disable_delay):
                    self._pv_timer = None
                    return self._decide(
                        False, 0.0, State.WAITING, "disable delay elapsed"
                    )
                return self._decide(
                    True, min_c, State.STOPPING, "disable delay running"
                )
            self._pv_timer = None
            return self._decide(True, min_c, State.CHARGING, "below minimum, no import")
        if not self._enabled:
            needed = min_c + s.enable_threshold / (s.voltage * self._phases)
            if target >= needed:
                if self._timer_elapsed("_pv_timer", r.now, s.enable_delay):
                    self._pv_timer = None
                    return self._decide(
                        True, min_c, State.CHARGING, "enable delay elapsed"
                    )
                return self._decide(False, 0.0, State.STARTING, "enable delay running")
            self._pv_timer = None
            return self._decide(False, 0.0, State.WAITING, "not enough surplus")
        self._pv_timer = None
        return self._decide(
            True, min(target, max_c), State.CHARGING, "following surplus"
        )
