"""Ride out a dip at the minimum current, or pause: which costs less.

A dip is a spell in which the (smoothed) available power S is below the
minimum power P. Riding it out at the minimum takes S from the sun and
P - S from the grid (or from the home battery) for as long as it lasts;
pausing takes nothing but, when the sun comes back, the restart costs the
start delay, the smoothing and the charger's lag at the surplus the sun
brings then, and a start (worth `START_COST_S` at the three-phase minimum
power on any charger: a start is wear, and a session that stops and starts
is what users notice).

`pause_pays` is an optimal stop. How long the dip will go on is learned
from the day's dips that lasted longer than this one has so far, the most
recent weighing most (a run of oven cycles, a cloud regime), blended with
an exponential prior of mean `DIP_PRIOR`. Up to `disable_delay` (evcc's
disable delay, 180 s) a ride earns the sun it brings; beyond it, up to
`EXTEND` times that, a ride is only worth the restart it may save, and only
dips seen today count as evidence that the sun comes back in that time.

One watt from the grid is weighed against (1 - a) / a watts of sun, where
a is `accepted_grid_share`: with no restart to save (dawn, dusk, a grey
spell) the car rides at the minimum only while the grid's share of its
power is below a, and never past `disable_delay`. A watt the home battery
gives weighs one watt of sun: it is not grid import, only solar that will
not be stored.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from .estimate import median
from .model import SurplusSettings

DIP_PRIOR = 120.0  # s: the expected dip before the day has shown one
DIP_CAP = 1800.0  # s: longer dips (the night, a grey afternoon) count as this
PRIOR_WEIGHT = 2.0  # the prior counts as this many dips
RECENCY = 0.7  # each older dip counts this much less than the next
STEP_S = 10.0  # s between the moments a stop is weighed at
CLEAR_SMOOTHING = 60.0  # s: time constant of the level before a dip
RAMP_S = 10.0  # s for a car to take up a new offer
MIN_DIP_S = 30.0  # s a dip lasts before a pause is considered
EXTEND = 3.0  # a dip may be ridden this many disable delays for a restart
START_COST_S = 300.0  # a start is worth this many seconds at the minimum power
START_PHASES = 3  # ... on this many phases, whatever the charger has


@dataclass
class Weigher:
    """The day's dips, the level before this one, and the charger's lag."""

    low_since: float | None = None  # S below P since, in any state
    ride_since: float | None = None  # S below P, and no reading covered P, since
    dips: deque[float] = field(default_factory=lambda: deque(maxlen=12))
    clear_w: float | None = None  # the level of S outside dips
    clear_time: float | None = None
    sent_at: float | None = None  # a changed command not yet applied
    lags: deque[float] = field(default_factory=lambda: deque(maxlen=5))

    def observe(
        self, now: float, smooth: float, minimum: float, raw: float | None = None
    ) -> None:
        """Learn the length of every spell of S below P, and the clear level.

        `raw` is the available power of the reading itself. A reading that
        covers P restarts the ride's clock (`ride_since`) but not the dip:
        like evcc's disable timer, a pause is weighed on the time since the
        sun last covered the car, so a run of short clouds with sun between
        them is ridden; the day's dips are still learned from S.
        """
        if smooth < minimum:
            if self.low_since is None:
                self.low_since = now
            if self.ride_since is None or (raw is not None and raw >= minimum):
                self.ride_since = now
            return
        self.ride_since = None
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

    def survival(self, elapsed: float, horizon: float) -> Callable[[float], float]:
        """P(the dip lasts beyond t | it has lasted `elapsed`), as a function.

        The day's dips longer than `elapsed`, the most recent weighing most,
        blended with an exponential prior of mean `DIP_PRIOR` up to
        `horizon`; beyond it only dips seen today count (none: it goes on).
        """
        longer: list[tuple[float, float]] = []
        seen = 0.0
        for age, dip in enumerate(reversed(self.dips)):
            if dip > elapsed:
                weight = RECENCY**age
                longer.append((dip, weight))
                seen += weight
        mix = seen / (seen + PRIOR_WEIGHT)

        def beyond(t: float) -> float:
            if t > horizon:
                if seen <= 0:
                    return 1.0
                return sum(w for dip, w in longer if dip > t) / seen
            prior = math.exp(-max(0.0, t - elapsed) / DIP_PRIOR)
            if seen <= 0:
                return prior
            past = sum(w for dip, w in longer if dip > t) / seen
            return mix * past + (1 - mix) * prior

        return beyond

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

        An optimal stop: for every later moment T up to `disable_delay` (the
        longest ride), riding until T costs the shortfall (weighed against
        the sun it still brings) for as long as the dip lasts, and a restart
        if the dip outlasts T; pausing now costs that restart for sure. The
        car pauses when no later T is better. `level` is the available power
        now, `battery_share` the part of the shortfall the home battery
        covers, `top` the most the car can take. The ride is timed from the
        last reading that covered P (see `observe`); one younger than
        `MIN_DIP_S` or two meter samples (`gap` apart) is never paused.
        """
        if self.ride_since is None:
            return False
        elapsed = now - self.ride_since
        if elapsed < max(MIN_DIP_S, 1.5 * gap):
            return False
        solar_limit = s.disable_delay
        limit = solar_limit * EXTEND
        if elapsed >= limit:
            return True
        sun = min(max(level, 0.0), minimum)
        weight = self.grid_weight(s, battery_share)
        import_cost = weight * (minimum - sun)
        back = min(top, max(self.clear_w or minimum, minimum))
        restart_s = s.enable_delay + s.smoothing / 2 + self.lag() + RAMP_S
        restart = back * restart_s + self.start_cost(s)
        beyond = self.survival(elapsed, solar_limit)
        best, ridden, t = -restart, 0.0, elapsed
        while t < limit:
            step = min(STEP_S, limit - t)
            # the sun a ride brings counts up to the disable delay; beyond it
            # a ride is only worth the restart it saves
            cost = import_cost - (sun if t < solar_limit else 0.0)
            ridden += cost * beyond(t + step / 2) * step
            t += step
            best = max(best, -ridden - restart * beyond(t))
        return best <= -restart

    @staticmethod
    def start_cost(s: SurplusSettings) -> float:
        """What a restart is worth avoiding (J), beyond the solar it wastes.

        The same on every charger: a start wears a one-phase charger and the
        car as much as a three-phase one (priced by phases, a one-phase car
        paused on every deep dip and started half again as often as evcc).
        """
        return START_COST_S * s.min_current * START_PHASES * s.voltage

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
        gap: float = 0.0,
    ) -> bool:
        """Going from three phases to one beats riding the dip at three.

        `three` is the 3-phase minimum power, `one` the 1-phase minimum and
        maximum. The switch stops the car for `phase_switch_pause`, and
        going back up when the sun returns costs that pause again. Like
        evcc's, a switch waits until the dip has lasted `disable_delay`: the
        cost weighing alone switched down and back up on clouds shorter than
        the two pauses, up to a switch pair an hour more than evcc.
        """
        if self.low_since is None:
            return False
        elapsed = now - self.low_since
        if elapsed < max(s.disable_delay, 1.5 * gap):
            return False
        beyond = self.survival(elapsed, math.inf)
        ride = chance = 0.0
        t, limit = elapsed, elapsed + s.disable_delay
        while t < limit:
            ride += beyond(t + STEP_S / 2) * STEP_S
            t += STEP_S
        chance = 1.0 - beyond(limit)
        weight = self.grid_weight(s, battery_share)
        sun = max(level, 0.0)
        stay = (min(sun, three) - weight * max(0.0, three - sun)) * ride
        low, high = one
        pause = s.phase_switch_pause
        after = (min(sun, high) - weight * max(0.0, low - sun)) * max(0.0, ride - pause)
        back = max(self.clear_w or three, three)
        return after - chance * back * pause > stay
