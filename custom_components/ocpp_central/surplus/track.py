"""Following the surplus: the current that makes the car take what is available.

The offer for an available power P is P / (phases x V) plus the car's
offset (how far it stays below the offer, learned while it is settled),
rounded to the charger's step. Because the available power is absolute
(estimate.py), the same sample always gives the same offer: a car that is
still ramping or a command still on its way changes nothing.

Corrections are symmetric and do not chase noise:
- a sample that puts the offer more than `URGENT_W` away (a kettle, an oven
  edge, a cloud) is acted on at once, down on the sample's kindest value
  and up on its most careful one, but not within `URGENT_GAP_S` of the
  last change (a cloud edge seen every second is followed in steps, not
  in one command per sample);
- smaller gaps are looked at every `control_interval`, from the mean of
  the samples of the last interval, and corrected only when that mean
  moves the offer by at least `DEADBAND_W`. A meter that reports every
  second thus gives a better mean, not more corrections, than one every 5 s.
A car that draws far less than it is offered (it limits itself) is offered
at most a little above what it takes, so the offer does not wander.
"""

from __future__ import annotations

import math
from collections import deque

from .estimate import Sample
from .model import Reading, SurplusSettings

URGENT_W = 300.0  # W: beyond this, correct at once
URGENT_GAP_S = 10.0  # s after a change before a large raise
URGENT_DOWN_S = 5.0  # s after a change before a large import is corrected
DEADBAND_W = 60.0  # W: smaller moves of the mean are left alone
MAX_OFFSET_A = 2.5  # A: a car further below its offer limits itself
SETTLE_S = 20.0  # s an offer must stand before the car counts as settled
STEADY_A = 0.15  # A the draw may move over STEADY_S and still be settled
STEADY_S = 5.0


class Tracker:
    """The current that follows the available power."""

    def __init__(self, settings: SurplusSettings) -> None:
        self.settings = settings
        self.offset = 0.0  # A the car stays below the offer
        self.cap: float | None = None  # A the car takes at most, if it limits
        self.samples: deque[Sample] = deque()
        self.last_change = -math.inf
        self.next_look = -math.inf
        self.waiting: Sample | None = None  # a large gap held back by its wait
        self._offer: float | None = None
        self._offer_since = -math.inf
        self._drawn: deque[tuple[float, float]] = deque()

    def changed(self, now: float) -> None:
        """The decided current changed at `now`."""
        self.last_change = now

    def learn(self, reading: Reading, phases: int) -> None:
        """Learn the car's offset (or its own limit) once it has settled."""
        now, offer = reading.now, reading.offered_current_a
        if self._offer is None or abs(offer - self._offer) >= 0.05:
            self._offer, self._offer_since = offer, now
            self._drawn.clear()
        drawn = max(reading.phase_currents_a[: max(1, phases)], default=0.0)
        self._drawn.append((now, drawn))
        while self._drawn and self._drawn[0][0] < now - STEADY_S:
            self._drawn.popleft()
        if not reading.charging or offer < self.settings.min_current:
            return
        if now - self._offer_since < SETTLE_S:
            return
        values = [amps for _, amps in self._drawn]
        if max(values) - min(values) > STEADY_A:
            return
        gap = offer - drawn
        if gap > MAX_OFFSET_A:
            self.cap = drawn
            return
        if self.cap is not None and drawn > self.cap + 0.5:
            self.cap = None  # it takes more now
        self.offset += 0.2 * (max(gap, 0.0) - self.offset)

    def offer_for(self, power_w: float, phases: int) -> float:
        """The offer (A) that makes the car take `power_w`, clamped."""
        s = self.settings
        amps = power_w / (phases * s.voltage) + self.offset
        if self.cap is not None:
            amps = min(amps, self.cap + self.offset + 1.0)
        step = s.current_step or 0.1
        amps = round(amps / step) * step
        return max(s.min_current, min(s.max_current, amps))

    def urgent(
        self, now: float, sample: Sample, current: float, phases: int
    ) -> float | None:
        """A large gap: the new current once its wait since the last change is over.

        Until then the sample waits (see `retry`).
        """
        urgent = URGENT_W / (phases * self.settings.voltage)
        since = now - self.last_change
        low = self.offer_for(sample.hi, phases)
        high = self.offer_for(sample.lo, phases)
        if low < current - urgent:
            if since >= URGENT_DOWN_S:
                return low
            self.waiting = sample
        elif high > current + urgent:
            if since >= URGENT_GAP_S:
                return high
            self.waiting = sample
        return None

    def retry(self, now: float, current: float, phases: int) -> float | None:
        """Act on a large gap that had to wait, without a new sample."""
        sample, self.waiting = self.waiting, None
        if sample is None:
            return None
        return self.urgent(now, sample, current, phases)

    def correct(
        self, now: float, sample: Sample, current: float, phases: int
    ) -> float | None:
        """A new current for this sample, or None to keep `current`."""
        s = self.settings
        per_amp = phases * s.voltage
        self.samples.append(sample)
        while self.samples and self.samples[0].time < sample.time - s.control_interval:
            self.samples.popleft()
        self.waiting = None
        new = self.urgent(now, sample, current, phases)
        if new is not None:
            return new
        if now < self.next_look or now - self.last_change < s.control_interval:
            return None
        self.next_look = now + s.control_interval
        count = len(self.samples)
        down = self.offer_for(sum(x.hi for x in self.samples) / count, phases)
        up = self.offer_for(sum(x.lo for x in self.samples) / count, phases)
        band = max(s.current_step, DEADBAND_W / per_amp) - 1e-9
        if up >= current + band:
            return up
        if down <= current - band:
            return down
        return None
