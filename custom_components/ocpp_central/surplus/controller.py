"""The solar-surplus controller: readings in, a stable decision out.

evcc's control core is the floor: available power from grid, battery and a
residual margin; enable and disable thresholds with delays; a minimum
current; 1p/3p switching with delays. On top of it:
- decisions use fresh meter samples only; the correction starts from the
  offer the charger applies (not a command still on its way), and waits for
  the car to settle before raising again (no overshoot on slow chargers);
- starts need the smoothed surplus near the minimum power and a recent
  window in which charging at the minimum would have drawn `start_ratio` W
  from the sun per W from the grid; charging pauses when that window falls
  below `stop_ratio`, or when a dip that has lasted the disable delay costs
  more import than the solar it brings and the restart it saves (weigh.py):
  passing clouds are ridden out at the minimum, long deep dips are not;
- phase thresholds are separated by a hysteresis, so they cannot cross;
- optional minimum on and off times;
- a stale grid meter never raises the current and triggers the stale action;
  a meter is stale after `stale_after` or twice its usual interval;
- the home battery's priority and buffer SoC.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

from .model import (
    Decision,
    Mode,
    PhaseMode,
    Reading,
    StaleAction,
    State,
    SurplusSettings,
)
from .weigh import Weigher, median

SETTLE_TIME = 12.0  # s for a charger and car to follow a new current


@dataclass
class _Timers:
    """Times (s) at which conditions started to hold; None when they do not."""

    enable_since: float | None = None
    dip_since: float | None = None  # smoothed surplus below the minimum
    switch_since: float | None = None
    on_since: float | None = None
    off_since: float | None = None
    last_change: float = -math.inf
    settle_until: float = -math.inf
    applied: float | None = None  # the charger's offer at the last reading
    last_sample: float | None = None
    smooth_w: float | None = None
    smooth_time: float | None = None
    last_seen: float | None = None  # newest grid time seen, stale or not
    gaps: deque[float] = field(default_factory=lambda: deque(maxlen=5))


class SurplusController:
    """Decides enable, current and phases for one connector."""

    def __init__(self, settings: SurplusSettings | None = None) -> None:
        self.settings = settings or SurplusSettings()
        self.enabled = False
        self.current = 0.0
        self.phases = self._initial_phases()
        self.timers = _Timers()
        self.weigher = Weigher()
        self.available_w = 0.0  # last computed power available to the car

    def _initial_phases(self) -> int:
        s = self.settings
        if s.phase_mode == PhaseMode.ONE:
            return 1
        return max(1, min(3, s.max_phases))

    # Helpers

    def _min_power(self, phases: int) -> float:
        return self.settings.min_current * phases * self.settings.voltage

    def _decide(self, state: State, reason: str) -> Decision:
        current = self.current if self.enabled else 0.0
        return Decision(self.enabled, round(current, 1), self.phases, state, reason)

    def _set(self, now: float, enabled: bool, current: float) -> None:
        if enabled != self.enabled:
            if enabled:
                self.timers.on_since, self.timers.off_since = now, None
            else:
                self.timers.off_since, self.timers.on_since = now, None
        if enabled != self.enabled or abs(current - self.current) >= 0.05:
            self.weigher.sent(now)
            self.timers.last_change = now
            self.timers.settle_until = now + SETTLE_TIME
        self.enabled = enabled
        self.current = current

    def _clamp(self, amps: float) -> float:
        s = self.settings
        step = s.current_step or 0.1
        amps = math.floor(amps / step + 1e-9) * step
        return max(s.min_current, min(s.max_current, amps))

    def _car_power(self, reading: Reading) -> float:
        return sum(reading.phase_currents_a) * self.settings.voltage

    def _available(self, reading: Reading) -> float:
        """Power the car could use now: its draw plus export, less the margin."""
        s = self.settings
        grid = reading.grid_power_w or 0.0
        available = self._car_power(reading) - grid - s.residual_power
        battery = reading.battery_power_w
        if battery is not None and reading.battery_soc is not None:
            soc = reading.battery_soc
            if soc < s.battery_priority_soc:
                # The battery charges first; what it discharges is not ours.
                available -= max(battery, 0.0)
                if battery < 0 or available > 0:
                    return min(available, 0.0) if battery < 0 else available
            elif soc >= s.battery_buffer_soc:
                available += max(-battery, 0.0)  # its charging power, and
                # its discharge is allowed to carry the car
            else:
                available += max(-battery, 0.0) - max(battery, 0.0)
        return available

    def _smooth(self, now: float, value: float) -> float:
        t = self.timers
        if t.smooth_w is None or t.smooth_time is None:
            t.smooth_w, t.smooth_time = value, now
            return value
        dt = max(0.0, now - t.smooth_time)
        alpha = 1.0 - math.exp(-dt / max(self.settings.smoothing, 1e-6))
        t.smooth_w += alpha * (value - t.smooth_w)
        t.smooth_time = now
        return t.smooth_w

    # Main entry

    def update(self, reading: Reading) -> Decision:
        """Take the latest reading; return the (stable) decision."""
        s, now = self.settings, reading.now
        mode = Mode(reading.mode)
        if mode is Mode.OFF or not reading.connected:
            self._set(now, False, 0.0)
            why = "Charging is off." if mode is Mode.OFF else "No car is connected."
            return self._decide(State.OFF, why)
        if mode is Mode.FAST:
            if s.phase_switching and s.phase_mode != PhaseMode.ONE:
                self.phases = max(1, min(3, s.max_phases))
            self._set(now, True, self._clamp(s.max_current))
            return self._decide(State.FAST, "Fast charging at the maximum current.")

        if self._is_stale(reading):
            return self._stale(reading, mode)

        battery_first = (
            reading.battery_soc is not None
            and reading.battery_soc < s.battery_priority_soc
            and mode is Mode.SOLAR
            and ((reading.battery_power_w or 0.0) < 0 or self._available(reading) > 0)
        )
        if battery_first:
            self._set(now, False, 0.0)
            return self._decide(
                State.BATTERY,
                "The home battery charges first.",
            )

        self._track_applied(reading)
        fresh = reading.grid_updated != self.timers.last_sample
        if fresh:
            self.timers.last_sample = reading.grid_updated
            self.available_w = self._available(reading)
            self._smooth(now, self.available_w)
            self.weigher.add(now, self.available_w, s.stop_window)
        if mode is Mode.MIN_SOLAR:
            return self._min_solar(reading, fresh)
        return self._solar(reading, fresh)

    def _is_stale(self, reading: Reading) -> bool:
        """No grid value, or none for longer than the meter normally takes.

        A meter that reports every 60 s is not stale at 61 s: the limit is
        `stale_after` or twice the meter's usual interval, whichever is longer.
        """
        updated = reading.grid_updated
        if reading.grid_power_w is None or updated is None:
            return True
        t = self.timers
        if t.last_seen is None or updated > t.last_seen:
            if t.last_seen is not None:
                t.gaps.append(updated - t.last_seen)
            t.last_seen = updated
        usual = median(t.gaps, 0.0)
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
        return self._decide(
            State.STALE,
            f"The grid meter has not updated for over {s.stale_after:.0f} s; "
            f"{action.value} until it does.",
        )

    # Phases

    def _phase_choice(self, smooth_w: float) -> int:
        """The phases the smoothed surplus supports, with hysteresis."""
        s = self.settings
        if s.phase_mode == PhaseMode.ONE:
            return 1
        top = max(1, min(3, s.max_phases))
        if s.phase_mode == PhaseMode.THREE or not s.phase_switching or top == 1:
            return top
        up = self._min_power(3) + s.phase_hysteresis / 2
        down = self._min_power(3) - s.phase_hysteresis / 2
        if self.phases == 1:
            return 3 if smooth_w >= up else 1
        return 1 if smooth_w < down else 3

    def _maybe_switch(self, now: float, smooth_w: float) -> bool:
        want = self._phase_choice(smooth_w)
        t = self.timers
        if want == self.phases:
            t.switch_since = None
            return False
        if not self.enabled:
            self.phases = want  # nothing runs: switch freely
            return True
        if t.switch_since is None:
            t.switch_since = now
        if now - t.switch_since < self.settings.phase_switch_delay:
            return False
        t.switch_since = None
        self.phases = want
        self._set(now, True, self._clamp(self._target()))
        return True

    # Modes

    def _target(self, reading: Reading | None = None) -> float:
        """The current that would bring the grid to the residual target.

        Integral on the offer the charger applies: the car may draw a little
        less than offered, and correcting the offer (not the draw) removes
        that gap. The grid reflects the applied offer, not a command still
        on its way, so that offer is the base (no double correction on slow
        chargers). A car that takes much less than offered is held near its
        draw.
        """
        per_amp = self.phases * self.settings.voltage
        if reading is None or not self.enabled:
            return self.available_w / per_amp
        grid = reading.grid_power_w or 0.0
        delta = (-grid - self.settings.residual_power) / per_amp
        applied = reading.offered_current_a
        base = applied if reading.charging and applied > 0 else self.current
        drawn = max(reading.phase_currents_a[: self.phases], default=0.0)
        if delta > 0 and reading.charging and drawn < base - 2:
            base = drawn + 1  # the car limits itself: do not wind up
        return base + delta

    def _track_applied(self, reading: Reading) -> None:
        """Restart the settle time when the charger applies a new offer."""
        t, offer = self.timers, reading.offered_current_a
        if abs(offer - (self.current if self.enabled else 0.0)) < 0.05:
            self.weigher.applied(reading.now)
        if t.applied is not None and abs(offer - t.applied) >= 0.05:
            t.settle_until = max(t.settle_until, reading.now + SETTLE_TIME)
        t.applied = offer

    def _pending(self, reading: Reading) -> bool:
        """A command is on its way: the charger still offers something else."""
        gap = abs(reading.offered_current_a - self.current)
        return reading.charging and gap >= 0.05

    def _adjust(self, reading: Reading, fresh: bool) -> None:
        """Follow the surplus: down at once on import, up once settled."""
        s, now, t = self.settings, reading.now, self.timers
        if not fresh:
            return
        target = self._clamp(self._target(reading))
        if target < self.current - 0.05 or (
            target > self.current + 0.05
            and not self._pending(reading)
            and (reading.grid_updated or 0.0) >= t.settle_until
            and now - t.last_change >= s.control_interval
        ):
            self._set(now, True, target)

    def _solar(self, reading: Reading, fresh: bool) -> Decision:
        s, now, t = self.settings, reading.now, self.timers
        smooth = t.smooth_w if t.smooth_w is not None else self.available_w
        weigher = self.weigher
        weigher.observe(now, smooth < self._min_power(self.phases))
        if not self.enabled:
            self._maybe_switch(now, smooth)
            need = self._min_power(self.phases) + s.enable_threshold
            near = smooth >= need * s.start_floor
            lasting = not weigher.ratio_below(need, s.start_ratio)
            if near and self.available_w >= need * s.start_floor and lasting:
                if t.enable_since is None:
                    t.enable_since = now
                off_long_enough = (
                    t.off_since is None or now - t.off_since >= s.min_off_time
                )
                if now - t.enable_since >= s.enable_delay and off_long_enough:
                    t.enable_since = None
                    self._set(now, True, self._clamp(self._target()))
                    return self._decide(State.CHARGING, "Enough surplus: started.")
                return self._decide(State.STARTING, "Surplus is building up.")
            t.enable_since = None
            return self._decide(State.WAITING, "Not enough surplus to charge.")

        if self._maybe_switch(now, smooth):
            return self._decide(State.SWITCHING, f"Switched to {self.phases} phase(s).")
        # Pause when the window no longer pays at the minimum, or when the
        # dip under way (weighed once it has lasted the disable delay) costs
        # more than riding it out.
        minimum = self._min_power(self.phases) - s.disable_threshold
        dipping = smooth < minimum
        if not dipping:
            t.dip_since = None
        elif t.dip_since is None:
            t.dip_since = now
        short = weigher.covers(now, s.stop_window) and weigher.ratio_below(
            minimum, s.stop_ratio
        )
        top = s.max_current * self.phases * s.voltage
        long_dip = (
            t.dip_since is not None
            and now - t.dip_since >= s.disable_delay
            and weigher.pause_pays(now, t.dip_since, minimum, top, s)
        )
        on_long_enough = t.on_since is None or now - t.on_since >= s.min_on_time
        if (short or long_dip) and on_long_enough:
            t.dip_since = None
            self._set(now, False, 0.0)
            why = (
                "The surplus is gone: paused."
                if short
                else "A long dip: pausing costs less than importing through it."
            )
            return self._decide(State.WAITING, why)
        self._adjust(reading, fresh)
        if dipping:
            return self._decide(State.STOPPING, "The surplus is too low.")
        return self._decide(State.CHARGING, "Charging from the surplus.")

    def _min_solar(self, reading: Reading, fresh: bool) -> Decision:
        now = reading.now
        smooth = self.timers.smooth_w if self.timers.smooth_w is not None else 0.0
        if not self.enabled:
            self._set(now, True, self._clamp(self.settings.min_current))
        if self._maybe_switch(now, smooth):
            return self._decide(State.SWITCHING, f"Switched to {self.phases} phase(s).")
        self._adjust(reading, fresh)
        state = (
            State.CHARGING
            if self.current > self.settings.min_current
            else State.MINIMUM
        )
        return self._decide(state, "At least the minimum, more from the surplus.")
