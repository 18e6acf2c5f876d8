"""The ideal oracle: an upper bound for the solar energy a controller can get.

It knows the true PV and house load of every second (no meter, no delay)
and the car's true offset below the offer. Surplus S = pv - house (any home
battery is ignored: the car has priority over it).

The judged energy is solar = delivered - import caused by the car. In one
second, drawing P while the surplus is S > 0 earns min(P, S); the car can
draw 0 or anything in [P_min, P_max]. So the best a controller can ever do
is P = clamp(S, P_min, P_max) whenever S > 0 (at the minimum current while
the surplus is below it: that earns all of S, importing P_min - S), and
nothing when S <= 0. `OracleController` does exactly that every second:

    draw per phase = S / (phases * V), offer = draw + car offset,
    rounded UP to 0.1 A and clamped to [min_current, max_current].

With phase switching it picks, every second, the phases that earn the most
(ties: the one that imports less, i.e. 1p at small surplus).
`StrictOracleController` never imports: it rounds down and stops below the
minimum (the "exact surplus or nothing" reference; not a bound on the
solar metric). `MeterFedOracleController` knows the surplus only as of the
last meter sample that has arrived (the tracking floor a 10 s meter sets).
Modes: off -> off; fast -> max; min_solar -> at least the min current.

It bypasses what a real controller cannot: `ideal = True` makes the world
apply its commands at the very next second (exactly the second it decided
for), lets the car follow without lag and skips the 60 s pause on a phase
switch. Its messages (one per changed command, up to every second) are
counted like anyone's but mean nothing.
"""

from __future__ import annotations

import math

from custom_components.ocpp_central.surplus.model import (
    Decision,
    Mode,
    PhaseMode,
    Reading,
    State,
    SurplusSettings,
)

from .world import Truth


class OracleController:
    """Per-second perfect surplus following (needs `bind_truth`)."""

    ideal = True
    strict = False  # True: never charge at the minimum with too little surplus

    def __init__(self, settings: SurplusSettings) -> None:
        self.settings = settings
        self._truth: Truth | None = None

    def bind_truth(self, truth: Truth) -> None:
        """Receive the true traces before the run."""
        self._truth = truth

    def _offer(self, surplus: float, phases: int, offset: float) -> float:
        s = self.settings
        offer = surplus / (phases * s.voltage) + offset
        if self.strict:  # never above the surplus
            return min(s.max_current, math.floor(offer * 10.0 + 1e-9) / 10.0)
        # never below it: earns all of the surplus (imports < 0.1 A)
        return min(s.max_current, math.ceil(offer * 10.0 - 1e-9) / 10.0)

    def _known_index(self, reading: Reading, i: int) -> int | None:
        """The second (index) whose surplus the oracle goes by: `i` itself."""
        return i

    def update(self, reading: Reading) -> Decision:
        """Decide for the next second (when the command takes effect)."""
        truth = self._truth
        if truth is None:
            raise RuntimeError("the oracle needs bind_truth() before update()")
        s = self.settings
        mode = Mode(reading.mode)
        phases_max = 1 if s.phase_mode == PhaseMode.ONE else s.max_phases
        if not reading.connected or mode == Mode.OFF:
            return Decision(False, 0.0, reading.active_phases, State.OFF, "off")
        if mode == Mode.FAST:
            return Decision(True, s.max_current, phases_max, State.FAST, "fast")
        t = int(reading.now) + 1
        i = min(t - truth.start, len(truth.pv_w) - 1)
        t = truth.start + i
        known = self._known_index(reading, i)
        if known is None:
            return Decision(
                False, 0.0, reading.active_phases, State.WAITING, "no meter value yet"
            )
        surplus = truth.pv_w[known] - truth.house_w[known]
        vehicle = truth.vehicle
        offset = vehicle.offset_at(t)
        options = [phases_max]
        if s.phase_switching and s.phase_mode == PhaseMode.AUTO and phases_max > 1:
            options.append(1)
        # (earned, -imported, offer, phases)
        best: tuple[float, float, float, int] | None = None
        for phases in options:
            offer = self._offer(surplus, phases, offset)
            if offer < s.min_current:
                if mode == Mode.MIN_SOLAR or (surplus > 0.0 and not self.strict):
                    offer = s.min_current
                else:
                    continue
            power = (
                vehicle.target_at(t, offer) * vehicle.drawn_phases(phases) * s.voltage
            )
            option = (
                min(power, max(0.0, surplus)),
                -max(0.0, power - surplus),
                offer,
                phases,
            )
            if best is None or option[:2] > best[:2]:
                best = option
        if best is None:
            return Decision(
                False, 0.0, reading.active_phases, State.WAITING, "no surplus"
            )
        _, _, offer, phases = best
        return Decision(True, offer, phases, State.CHARGING, "clamped surplus")


class StrictOracleController(OracleController):
    """The oracle that never imports (stops below the minimum)."""

    strict = True


class MeterFedOracleController(OracleController):
    """The oracle that knows the house and PV only through the grid meter.

    Everything else stays ideal (commands take effect the next second, the
    car follows without lag, its offset below the offer is known), but the
    surplus it goes by is the true one at the time of the last meter sample
    that has reached it: what any controller that does not forecast the
    house load can know. Its tracking error is therefore the floor that the
    meter's interval and latency alone set for such controllers.
    """

    def _known_index(self, reading: Reading, i: int) -> int | None:
        truth = self._truth
        if reading.grid_updated is None or truth is None:
            return None
        return min(max(0, int(reading.grid_updated) - truth.start), i)
