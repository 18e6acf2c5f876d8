"""An evcc-equivalent baseline controller (same `update(reading)` interface).

Modelled on evcc's loadpoint PV logic as of 2025 (`pvMaxCurrent`,
`pvScalePhases`, `effectiveCurrent` in core/loadpoint.go):

* it evaluates every 30 s (the first call evaluates at once) and repeats
  its last decision in between;
* site power = grid + residual_power (+ battery power when a battery is
  reported, except while the battery charges below battery_priority_soc,
  as evcc's prioritySoc); surplus = -site power;
* effective current (evcc's `effectiveCurrent`): 0 when not charging, else
  the current it last set, but at most the highest measured phase current
  + 2 A (for cars that stay below the offer), and
  target = effective + surplus / (active phases * voltage);
* solar mode: while disabled, a target >= min current (+ enable_threshold
  as W) for enable_delay (60 s) enables at the min current; while enabled,
  a target < min current keeps the min current, and if the projected site
  power imports (>= disable_threshold, 0 W) for disable_delay (180 s) it
  disables; otherwise the target clamped to [min, max];
* min_solar: the same, never below the min current; fast: max current;
  off (or not connected): disabled;
* battery_buffer_soc < 100 and SoC above it while charging: never stop
  (evcc's bufferSoc);
* 1p/3p (phase_switching and phase_mode auto), available power = charge
  power - site power: down to 1p when the 3p target is below the min
  current while importing (or disabled), after disable_delay; up to 3p when
  the 1p target exceeds the max current and the 3p target reaches the min
  current, after enable_delay; both at once when not charging, and none
  within 60 s of the last switch (evcc's phaseSwitchCompleted). While the
  down timer runs, the disable check projects the site power after the
  switch. After a switch to 3p the effective current is divided by 3.

It ignores `grid_updated` (evcc uses whatever value the meter returns), so
it never notices a frozen meter; with no grid value at all it holds.

Faithfulness notes (issue 15): earlier versions took the *average measured*
current as the base of the target (evcc before 2022), switched down only
when the 1p minimum was available and elapsed the enable/disable timer
after a switch; today's evcc does none of these, and this model now follows
it.
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
EVCC_PHASE_SWITCH_DURATION = 60.0  # s before phases are scaled again


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
        self._switched_at = -math.inf
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

    def _effective(self, r: Reading) -> float:
        """evcc's effectiveCurrent: the offer it set, capped at drawn + 2 A."""
        if not r.charging:
            return 0.0
        offered = self._decision.current_a if self._decision.enabled else 0.0
        return min(max(r.phase_currents_a) + 2.0, offered)

    def _timer_elapsed(self, attr: str, now: float, delay: float) -> bool:
        started: float | None = getattr(self, attr)
        if started is None:
            setattr(self, attr, now)
            started = now
        return now - started >= delay

    def _timer_due(self, r: Reading, delay: float) -> bool:
        if not r.charging:  # scale at once when not charging
            self._phase_timer = -math.inf
        return self._timer_elapsed("_phase_timer", r.now, delay)

    def _scale_phases(self, r: Reading, site: float) -> int:
        """evcc's pvScalePhases: the phases switched to, or 0."""
        s = self.settings
        v = s.voltage
        available = sum(r.phase_currents_a) * v - site
        waiting = False
        active = self._phases
        down = (site > 0 or not self._enabled) and active > 1
        if down and available / (v * active) < s.min_current:
            if self._timer_due(r, s.disable_delay):
                return self._switch(1, r.now)
            waiting = True
        top = s.max_phases
        up = top > 1 and self._phases < top and available / v > s.max_current
        if up and available / (v * top) >= s.min_current:
            if self._timer_due(r, s.enable_delay):
                return self._switch(top, r.now)
            waiting = True
        if not waiting:
            self._phase_timer = None
        return 0

    def _switch(self, phases: int, now: float) -> int:
        self._phases = phases
        self._phase_timer = None
        self._switched_at = now
        return phases

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
        scaled = 0
        switched_long_ago = r.now - self._switched_at > EVCC_PHASE_SWITCH_DURATION
        if self._switchable() and switched_long_ago:
            scaled = self._scale_phases(r, site)
        min_c, max_c = s.min_current, s.max_current
        effective = self._effective(r)
        if scaled == 3:
            effective /= 3
        target = max(0.0, effective - site / (s.voltage * self._phases))
        if mode == Mode.MIN_SOLAR or (buffered and r.charging and target < min_c):
            self._pv_timer = None
            if target < min_c:
                return self._decide(True, min_c, State.MINIMUM, "minimum current")
            return self._decide(
                True, min(target, max_c), State.CHARGING, "min + surplus"
            )
        if self._enabled and target < min_c:
            projected = site
            if self._phase_timer is not None:  # site power after going to 1p
                projected -= s.voltage * min_c * (self._phases - 1)
            if projected >= s.disable_threshold:
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
