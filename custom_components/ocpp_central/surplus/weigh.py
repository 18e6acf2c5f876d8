"""Ride out a dip at the minimum current, or pause: which costs less.

A dip is a spell in which the (smoothed) available power S is below the
minimum power P. Riding it out at the minimum takes S from the sun and
P - S from the grid (or from the home battery) for as long as it lasts;
pausing takes nothing but, when the sun comes back, the restart costs the
start delay, the smoothing and the charger's lag at the surplus the sun
brings then. A dip is never ridden longer than `disable_delay` (evcc's
disable delay), so how long the rest of it will be ridden, and whether the
sun will be back before that limit, are learned from the day's earlier
dips (those longer than this one has lasted so far); before the day has
shown any, dips are taken to last `DIP_PRIOR` on average.

One watt from the grid is weighed against (1 - a) / a watts of sun, where
a is `accepted_grid_share`: with no restart to save (dawn, dusk, a grey
spell) the car rides at the minimum only while the grid's share of its
power is below a. A watt the home battery gives weighs one watt of sun: it
is not grid import, only solar that will not be stored.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

from .estimate import median
from .model import SurplusSettings

DIP_PRIOR = 120.0  # s: the expected dip before the day has shown one
DIP_CAP = 1800.0  # s: longer dips (the night, a grey afternoon) count as this
PRIOR_WEIGHT = 2.0  # the prior counts as this many dips
CLEAR_SMOOTHING = 60.0  # s: time constant of the level before a dip
RAMP_S = 10.0  # s for a car to take up a new offer
STRICT = 1.0
MIN_DIP_S = 30.0  # s a dip lasts before a pause is considered
EXTEND = 1.5  # a dip may be ridden this many disable delays for a restart
START_COST_S = 60.0  # a restart is worth this many seconds at the minimum power


@dataclass
class Weigher:
    """The day's dips, the level before this one, and the charger's lag."""

    low_since: float | None = None  # S below P since, in any state
    dips: deque[float] = field(default_factory=lambda: deque(maxlen=12))
    clear_w: float | None = None  # the level of S outside dips
    clear_time: float | None = None
    sent_at: float | None = None  # a changed command not yet applied
    lags: deque[float] = field(default_factory=lambda: deque(maxlen=5))

    def observe(self, now: float, smooth: float, peak: float, minimum: float) -> None:
        """Learn the length of every spell of S below P, and the clear level.

        A spell begins when the smoothed S falls below P and ends at the
        first sample that reaches P again (`peak`), as evcc's disable timer
        restarts on any evaluation with enough surplus.
        """
        if smooth < minimum and (self.low_since is None or peak < minimum or STRICT):
            if self.low_since is None:
                self.low_since = now
            return
        if self.low_since is not None:
            self.dips.append(min(now - self.low_since, DIP_CAP))
            self.low_since = None
        if self.clear_w is None or self.clear_time is None:
            self.clear_w, self.clear_time = smooth, now
            return
        alpha = 1.0 - math.exp(-max(0.0, now - self.clear_time) / CLEAR_SMOOTHING)
        self.clear_w += alpha * (smooth - self.clear_w)
        self.clear_time = now

    def sent(self, now: float) -> None:
        """A changed command left: time it until the charger applies it."""
        if self.sent_at is None:
            self.sent_at = now

    def applied(self, now: float) -> None:
        """The charger now offers what was last decided."""
        if self.sent_at is not None:
            self.lags.append(now - self.sent_at)
            self.sent_at = None

    def lag(self) -> float:
        """The charger's usual command lag (s)."""
        return median(self.lags, 0.0)

    def outlook(self, elapsed: float, limit: float) -> tuple[float, float]:
        """(seconds still ridden, chance the sun is back by then) for a dip.

        The dip has lasted `elapsed` s and is ridden until `limit` at most.
        """
        horizon = max(0.0, limit - elapsed)
        chance = 1.0 - math.exp(-horizon / DIP_PRIOR)
        ride = DIP_PRIOR * chance
        longer = [d for d in self.dips if d > elapsed]
        if not longer:
            return ride, chance
        seen = len(longer)
        seen_ride = sum(min(d, limit) - elapsed for d in longer) / seen
        seen_chance = sum(d <= limit for d in longer) / seen
        weight = seen / (seen + PRIOR_WEIGHT)
        return (
            weight * seen_ride + (1 - weight) * ride,
            weight * seen_chance + (1 - weight) * chance,
        )

    def pause_pays(
        self,
        now: float,
        level: float,
        battery_share: float,
        minimum: float,
        top: float,
        s: SurplusSettings,
        gap: float = 0.0,
    ) -> bool:
        """Pausing now beats riding the dip under way at the minimum.

        `level` is the available power now, `battery_share` the part of the
        shortfall the home battery covers, `top` the most the car can take.
        Up to `disable_delay` the solar a ride earns counts; beyond it (up to
        twice that) a dip is ridden only for the restart it may save. A dip
        younger than `MIN_DIP_S` or than two meter samples (`gap` apart) is
        never paused: one sample is no evidence.
        """
        if self.low_since is None:
            return False
        elapsed = now - self.low_since
        if elapsed < max(MIN_DIP_S, 1.5 * gap):
            return False
        limit = s.disable_delay
        extended = elapsed >= limit
        if extended:
            limit *= EXTEND
            if elapsed >= limit:
                return True
        ride, chance = self.outlook(elapsed, limit)
        sun = min(max(level, 0.0), minimum)
        short = minimum - sun
        weight = self.grid_weight(s, battery_share)
        back = min(top, max(self.clear_w or minimum, minimum))
        restart = s.enable_delay + s.smoothing / 2 + self.lag() + RAMP_S
        saved = back * restart + self.start_cost(s)
        earned = 0.0 if extended else sun
        return (earned - weight * short) * ride + chance * saved < 0

    @staticmethod
    def start_cost(s: SurplusSettings) -> float:
        """What a restart is worth avoiding (J), beyond the solar it wastes."""
        return START_COST_S * s.min_current * max(1, s.max_phases) * s.voltage

    def grid_weight(self, s: SurplusSettings, battery_share: float) -> float:
        """What one watt of shortfall weighs in watts of sun."""
        share = min(max(s.accepted_grid_share, 0.01), 1.0)
        grid = (1.0 - share) / share
        return battery_share + (1.0 - battery_share) * grid

    def switch_down_pays(
        self,
        now: float,
        level: float,
        battery_share: float,
        three: float,
        one: tuple[float, float],
        s: SurplusSettings,
    ) -> bool:
        """Going from three phases to one beats riding the dip at three.

        `three` is the 3-phase minimum power, `one` the 1-phase minimum and
        maximum. The switch stops the car for `phase_switch_pause`, and
        going back up when the sun returns costs that pause again.
        """
        if self.low_since is None:
            return False
        elapsed = now - self.low_since
        limit = s.disable_delay * EXTEND
        ride, chance = self.outlook(elapsed, limit)
        if elapsed >= limit:
            ride, chance = DIP_PRIOR, 0.0
        weight = self.grid_weight(s, battery_share)
        sun = max(level, 0.0)
        stay = (min(sun, three) - weight * max(0.0, three - sun)) * ride
        low, high = one
        pause = s.phase_switch_pause
        after = (min(sun, high) - weight * max(0.0, low - sun)) * max(0.0, ride - pause)
        back = max(self.clear_w or three, three)
        return after - chance * back * pause > stay
