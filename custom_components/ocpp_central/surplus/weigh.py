"""Whether charging at the minimum current pays: solar used against import.

At the minimum current the car takes the minimum power P whatever the sun
does: a surplus S covers min(S, P) of it and the grid the rest. Over a
window of recent surplus samples that gives a ratio of solar to grid watts,
which decides starts and the slow end of the day.

A dip (the surplus below P) is weighed on its own. Riding it out imports
(P - S) for as long as it lasts and uses S. Pausing imports nothing but
throws S away, and when the sun comes back the restart costs the start
delay, the smoothing and the charger's command lag at the clear-sky
surplus. The expected rest of a dip is learned from the day's earlier dips
(a dip that has already lasted longer is expected to last as long again),
and the charger's lag from how long its offer takes to follow a command.
A passing cloud is ridden out; a long, deep dip is paused.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from .model import SurplusSettings

DIP_PRIOR = 180.0  # s: the expected dip before the day has shown one
DIP_CAP = 1800.0  # s: longer dips (the night, the morning) count as this


def median(values: deque[float], default: float) -> float:
    """The middle value (the upper one of an even count), or `default`."""
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else default


@dataclass
class Weigher:
    """Recent surplus, the day's dips and the charger's lag."""

    window: deque[tuple[float, float]] = field(default_factory=deque)
    low_since: float | None = None  # surplus below the minimum, in any state
    dips: deque[float] = field(default_factory=lambda: deque(maxlen=8))
    sent_at: float | None = None  # a changed command not yet applied
    lags: deque[float] = field(default_factory=lambda: deque(maxlen=5))
    # split() by (minimum, since), valid until the next sample
    memo: dict[tuple[float, float | None], tuple[float, float]] = field(
        default_factory=dict
    )

    def add(self, now: float, surplus: float, span: float) -> None:
        """A fresh surplus sample; keep the last `span` seconds."""
        self.window.append((now, surplus))
        self.memo.clear()
        while self.window and self.window[0][0] < now - span:
            self.window.popleft()

    def covers(self, now: float, span: float) -> bool:
        """The window reaches (almost) `span` seconds back."""
        return bool(self.window) and now - self.window[0][0] >= span * 0.9

    def observe(self, now: float, low: bool) -> None:
        """Learn the length of every spell of surplus below the minimum."""
        if low:
            if self.low_since is None:
                self.low_since = now
        elif self.low_since is not None:
            self.dips.append(min(now - self.low_since, DIP_CAP))
            self.low_since = None

    def sent(self, now: float) -> None:
        """A changed command left: time it until the charger applies it."""
        if self.sent_at is None:
            self.sent_at = now

    def applied(self, now: float) -> None:
        """The charger now offers what was last decided."""
        if self.sent_at is not None:
            self.lags.append(now - self.sent_at)
            self.sent_at = None

    def split(self, minimum: float, since: float | None = None) -> tuple[float, float]:
        """Mean solar and grid power at `minimum` over the window (from `since`)."""
        key = (minimum, since)
        if key in self.memo:
            return self.memo[key]
        used = [
            min(max(v, 0.0), minimum)
            for t, v in self.window
            if since is None or t >= since
        ]
        solar = sum(used) / len(used) if used else 0.0
        self.memo[key] = solar, minimum - solar
        return self.memo[key]

    def ratio_below(self, minimum: float, ratio: float) -> bool:
        """The window gives less than `ratio` W of solar per W of grid."""
        solar, grid = self.split(minimum)
        return solar < ratio * grid

    def pause_pays(
        self, now: float, since: float, minimum: float, top: float, s: SurplusSettings
    ) -> bool:
        """Pausing in the dip that began at `since` beats riding it out.

        `top` is the most the car can take; `s.import_weight` is what one
        imported watt is worth in solar watts.
        """
        elapsed = now - since
        typical = sum(self.dips) / len(self.dips) if self.dips else DIP_PRIOR
        remaining = max(typical, elapsed)
        solar, grid = self.split(minimum, since)
        clear = [min(v, top) for _, v in self.window if v >= minimum]
        sunny = sum(clear) / len(clear) if clear else minimum
        lag = median(self.lags, 0.0)
        saved = max(0.0, remaining - lag)  # the pause only acts after the lag
        restart = (
            s.enable_delay + s.smoothing + lag + max(0.0, s.min_off_time - remaining)
        )
        return s.import_weight * grid * saved > solar * saved + sunny * restart
