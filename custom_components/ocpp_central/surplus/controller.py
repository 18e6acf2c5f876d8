"""The solar-surplus controller: readings in, a stable decision out.

evcc's control core is the floor: available power from grid, battery and a
residual margin; enable and disable thresholds with delays; a minimum
current; 1p/3p switching with delays. On top of it:
- the available power is absolute and time-matched (estimate.py): the car's
  draw at the moment the meter sampled, the home battery's charging as
  surplus, meters on their own clocks never counted twice;
- a start needs present evidence only: the smoothed available power has
  covered the minimum power for the start delay; right after a pause for
  lack of sun, a restart needs `RESTART_MARGIN_W` per phase more, fading to
  nothing over `RECENT_PAUSE_S` (hysteresis: a surplus that only just covers
  the minimum again soon after a dip is the likeliest to fall back at once,
  and a steady one is not held back for long);
- the current follows without bias (track.py): large gaps at once, small
  ones at most every control interval from a mean, up as readily as down;
- a dip is ridden out at the minimum or paused, whichever costs less, and
  never longer than the disable delay (weigh.py); the day's earlier dips
  say how long this one will last; battery discharge is not grid import;
- one to three phases after about a start delay of clear surplus, when the
  gain pays for the pause; back to one instead of pausing (phases.py);
- optional minimum on and off times;
- a stale grid meter never raises the current and triggers the stale action;
  a meter is stale after `stale_after` or twice its usual interval;
- the home battery's priority and buffer SoC.
"""

from __future__ import annotations

import math

from .estimate import Estimator, Sample
from .model import (
    Decision,
    Mode,
    PhaseMode,
    Reading,
    StaleAction,
    State,
    SurplusSettings,
)
from .phases import Phases
from .track import Tracker
from .weigh import Weigher

RESTART_MARGIN_W = 130.0  # W per phase a restart needs right after a pause ...
RECENT_PAUSE_S = 1800.0  # ... fading to nothing over this long


class SurplusController:
    """Decides enable, current and phases for one connector."""

    def __init__(self, settings: SurplusSettings | None = None) -> None:
        self.settings = settings or SurplusSettings()
        self.enabled = False
        self.current = 0.0
        self.phase = Phases(self.settings)
        self.phases = self.phase.top()
        self.estimator = Estimator(self.settings)
        self.tracker = Tracker(self.settings)
        self.weigher = Weigher()
        self.available_w = 0.0  # last available power (mid estimate)
        self.smooth_w: float | None = None
        self._smooth_time: float | None = None
        self._enable_since: float | None = None
        self._on_since: float | None = None
        self._off_since: float | None = None
        self._paused_at: float | None = None  # the last pause for lack of sun

    # Helpers

    def _min_power(self, phases: int) -> float:
        """What the car draws at the minimum offer (it may stay below it)."""
        s = self.settings
        return (s.min_current - self.tracker.offset) * phases * s.voltage

    def _decide(self, state: State, reason: str) -> Decision:
        current = self.current if self.enabled else 0.0
        return Decision(self.enabled, round(current, 1), self.phases, state, reason)

    def _set(self, now: float, enabled: bool, current: float) -> None:
        if enabled != self.enabled:
            if enabled:
                self._on_since, self._off_since = now, None
            else:
                self._off_since, self._on_since = now, None
        if enabled != self.enabled or abs(current - self.current) >= 0.05:
            self.weigher.sent(now)
            self.tracker.changed(now)
        self.enabled = enabled
        self.current = current

    def _clamp(self, amps: float) -> float:
        s = self.settings
        return max(s.min_current, min(s.max_current, amps))

    def _smooth(self, now: float, value: float) -> float:
        if self.smooth_w is None or self._smooth_time is None:
            self.smooth_w, self._smooth_time = value, now
            return value
        dt = max(0.0, now - self._smooth_time)
        alpha = 1.0 - math.exp(-dt / max(self.settings.smoothing, 1e-6))
        self.smooth_w += alpha * (value - self.smooth_w)
        self._smooth_time = now
        return self.smooth_w

    # Main entry

    def update(self, reading: Reading) -> Decision:
        """Take the latest reading; return the (stable) decision."""
        s, now = self.settings, reading.now
        mode = Mode(reading.mode)
        sample = self.estimator.observe(reading)
        if mode is Mode.OFF or not reading.connected:
            self._set(now, False, 0.0)
            self._paused_at = None  # a new start is not a restart
            why = "Charging is off." if mode is Mode.OFF else "No car is connected."
            return self._decide(State.OFF, why)
        if mode is Mode.FAST:
            if self.phase.switchable() or s.phase_mode == PhaseMode.THREE:
                self.phases = self.phase.top()
            self._set(now, True, self._clamp(s.max_current))
            return self._decide(State.FAST, "Fast charging at the maximum current.")
        if self._is_stale(reading):
            return self._stale(reading, mode)
        if self._battery_first(reading, mode):
            self._set(now, False, 0.0)
            return self._decide(State.BATTERY, "The home battery charges first.")
        self._track_applied(reading)
        self.tracker.learn(reading, self.phases)
        if sample is not None:
            self.available_w = sample.mid
            smooth = self._smooth(now, sample.mid)
            minimum = self._min_power(self.phases)
            self.weigher.observe(now, smooth, minimum, sample.mid)
        if mode is Mode.MIN_SOLAR:
            return self._min_solar(reading, sample)
        return self._solar(reading, sample)

    def _battery_first(self, reading: Reading, mode: Mode) -> bool:
        """In solar mode, a battery below its priority SoC takes the surplus."""
        s = self.settings
        if mode is not Mode.SOLAR or reading.battery_soc is None:
            return False
        if reading.battery_soc >= s.battery_priority_soc:
            return False
        battery = reading.battery_power_w or 0.0
        return battery < 0 or self.available_w > 0

    def _is_stale(self, reading: Reading) -> bool:
        """No grid value, or none for longer than the meter normally takes.

        A meter that reports every 60 s is not stale at 61 s: the limit is
        `stale_after` or twice the meter's usual interval, whichever is longer.
        """
        updated = reading.grid_updated
        if reading.grid_power_w is None or updated is None:
            return True
        usual = self.estimator.usual_gap()
        return reading.now - updated > max(self.settings.stale_after, 2 * usual)

    def _stale(self, reading: Reading, mode: Mode) -> Decision:
        s, now = self.settings, reading.now
        if mode is Mode.MIN_SOLAR and reading.grid_power_w is None:
            self._set(now, True, self._clamp(s.min_current))
            return self._decide(State.STALE, "No grid reading: minimum current.")
        action = StaleAction(s.stale_action)
        if action is StaleAction.PAUSE or (
            action is StaleAction.MIN and not self.enabled
        ):
            if mode is Mode.MIN_SOLAR:
                self._set(now, True, self._clamp(s.min_current))
            else:
                self._set(now, False, 0.0)
        elif action is StaleAction.MIN:
            self._set(now, True, self._clamp(s.min_current))
        if not self.enabled:
            doing = "paused"
        elif action is StaleAction.HOLD:
            doing = "the current is held"
        else:
            doing = "the minimum current"
        return self._decide(
            State.STALE,
            f"The grid meter has not updated for over {s.stale_after:.0f} s: "
            f"{doing} until it does.",
        )

    def _track_applied(self, reading: Reading) -> None:
        """Time the charger's lag: it now offers what was decided."""
        if (
            abs(reading.offered_current_a - (self.current if self.enabled else 0.0))
            < 0.05
        ):
            self.weigher.applied(reading.now)

    # Following the surplus

    def _follow(self, reading: Reading, sample: Sample | None) -> None:
        now, tracker = reading.now, self.tracker
        if sample is None:
            new = tracker.retry(now, self.current, self.phases)
        else:
            new = tracker.correct(now, sample, self.current, self.phases)
        if new is not None:
            self._set(reading.now, True, new)

    def _switch(self, now: float, phases: int, sample: Sample | None) -> Decision:
        self.phases = phases
        power = sample.lo if sample is not None else self.available_w
        self._set(now, True, self.tracker.offer_for(power, phases))
        return self._decide(State.SWITCHING, f"Switched to {phases} phase(s).")

    # Modes

    def _solar(self, reading: Reading, sample: Sample | None) -> Decision:
        s, now = self.settings, reading.now
        smooth = self.smooth_w if self.smooth_w is not None else self.available_w
        if not self.enabled:
            return self._start(reading, sample, smooth)
        minimum = self._min_power(self.phases) - s.disable_threshold
        if self.phases == 1 and self.phase.switch_up(now, smooth):
            return self._switch(now, 3, sample)
        dipping = smooth < minimum
        if dipping and self._switch_down_pays(now, smooth, sample):
            return self._switch(now, 1, sample)
        on_long_enough = self._on_since is None or now - self._on_since >= s.min_on_time
        if dipping and on_long_enough and self._pause_pays(now, smooth, sample):
            if self.phases == 3 and self._one_phase_runs(smooth, sample):
                return self._switch(now, 1, sample)
            self._set(now, False, 0.0)
            self._paused_at = now
            return self._decide(
                State.WAITING, "The surplus is gone: pausing costs less than the grid."
            )
        self._follow(reading, sample)
        if dipping:
            return self._decide(State.STOPPING, "The surplus is too low.")
        return self._decide(State.CHARGING, "Charging from the surplus.")

    def _battery_share(self, sample: Sample | None) -> float:
        """The part of the shortfall the home battery covers now."""
        last = sample or self.estimator.last
        if last is None:
            return 0.0
        short = last.grid_import_w + last.battery_out_w
        return last.battery_out_w / short if short > 0 else 0.0

    def _pause_pays(self, now: float, smooth: float, sample: Sample | None) -> bool:
        s = self.settings
        minimum = self._min_power(self.phases) - s.disable_threshold
        top = self.phase.power(self.phases, s.max_current)
        share = self._battery_share(sample)
        gap = self.estimator.usual_gap()
        return self.weigher.pause_pays(now, smooth, share, minimum, top, s, gap)

    def _one_phase_runs(self, smooth: float, sample: Sample | None) -> bool:
        """One phase could ride on this surplus, where three must pause."""
        s = self.settings
        if not self.phase.switchable():
            return False
        weight = self.weigher.grid_weight(s, self._battery_share(sample))
        low, high = self._min_power(1), self.phase.power(1, s.max_current)
        sun = max(smooth, 0.0)
        return min(sun, high) - weight * max(0.0, low - sun) > 0

    def _switch_down_pays(
        self, now: float, smooth: float, sample: Sample | None
    ) -> bool:
        s = self.settings
        if self.phases != 3 or not self.phase.switchable():
            return False
        one = (self._min_power(1), self.phase.power(1, s.max_current))
        share = self._battery_share(sample)
        three = self._min_power(3)
        gap = self.estimator.usual_gap()
        return self.weigher.switch_down_pays(now, smooth, share, three, one, s, gap)

    def _start(
        self, reading: Reading, sample: Sample | None, smooth: float
    ) -> Decision:
        s, now = self.settings, reading.now
        self.phases = self.phase.idle_choice(smooth, self.phases)
        need = self._min_power(self.phases) + s.enable_threshold
        paused = self._paused_at
        if paused is not None and now - paused < RECENT_PAUSE_S:
            fade = 1.0 - (now - paused) / RECENT_PAUSE_S
            need += RESTART_MARGIN_W * self.phases * fade
        if smooth < need:
            self._enable_since = None
            return self._decide(State.WAITING, "Not enough surplus to charge.")
        if self._enable_since is None:
            self._enable_since = now
        off_long_enough = self._off_since is None or now - self._off_since >= (
            s.min_off_time
        )
        if now - self._enable_since < s.enable_delay or not off_long_enough:
            return self._decide(State.STARTING, "Surplus is building up.")
        self._enable_since = None
        power = sample.lo if sample is not None else smooth
        self._set(now, True, self.tracker.offer_for(min(power, smooth), self.phases))
        return self._decide(State.CHARGING, "Enough surplus: started.")

    def _min_solar(self, reading: Reading, sample: Sample | None) -> Decision:
        s, now = self.settings, reading.now
        smooth = self.smooth_w if self.smooth_w is not None else 0.0
        if not self.enabled:
            self.phases = self.phase.idle_choice(smooth, self.phases)
            self._set(now, True, self._clamp(s.min_current))
        elif self.phases == 1 and self.phase.switch_up(now, smooth):
            return self._switch(now, 3, sample)
        elif smooth < self._min_power(3) and self._switch_down_pays(
            now, smooth, sample
        ):
            return self._switch(now, 1, sample)
        self._follow(reading, sample)
        state = State.CHARGING if self.current > s.min_current else State.MINIMUM
        return self._decide(state, "At least the minimum, more from the surplus.")
