"""The controller's answers to the mechanisms of issue 15, one test each.

Each test feeds readings the way a meter and a charger would (see `World`):
a grid meter that samples every `meter_s` seconds, an optional home battery
that holds the grid at 0 W (its sensor on its own clock), and a car that
takes the offer (less an offset) after a second.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from custom_components.ocpp_central.surplus import (
    Decision,
    Mode,
    PhaseMode,
    Reading,
    State,
    SurplusController,
    SurplusSettings,
)

V = 230.0


@dataclass
class World:
    """A surplus, a meter, maybe a self-consumption battery, and a car."""

    controller: SurplusController
    meter_s: int = 5
    battery: bool = False
    battery_s: int | None = None  # its sensor's own interval
    offset_a: float = 0.0
    noise_w: float = 0.0
    seed: int = 1
    now: int = 0
    car_a: float = 0.0
    phases: int = 3
    grid: tuple[float, float] | None = None
    battery_w: float | None = None
    decision: Decision | None = None
    offers: list[float] = field(default_factory=list)
    changes: int = 0

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def run(self, seconds: int, surplus_w: float, mode: Mode = Mode.SOLAR) -> Decision:
        """`seconds` of a constant surplus (pv - house, W)."""
        for _ in range(seconds):
            self.step(surplus_w, mode)
        assert self.decision is not None
        return self.decision

    def step(self, surplus_w: float, mode: Mode = Mode.SOLAR) -> None:
        d = self.decision
        offer = d.current_a if d is not None and d.enabled else 0.0
        self.phases = d.phases if d is not None else self.phases
        self.car_a = max(0.0, offer - self.offset_a) if offer >= 6 else 0.0
        car_w = self.car_a * self.phases * V
        net = car_w - surplus_w + self.rng.gauss(0.0, self.noise_w)
        battery = net if self.battery else 0.0  # holds the grid at 0 W
        if self.now % self.meter_s == 0:
            self.grid = (net - battery, float(self.now))
        if self.battery and self.now % (self.battery_s or self.meter_s) == 0:
            self.battery_w = battery
        currents = tuple(self.car_a if i < self.phases else 0.0 for i in range(3))
        decision = self.controller.update(
            Reading(
                now=float(self.now),
                mode=mode,
                grid_power_w=self.grid[0] if self.grid else None,
                grid_updated=self.grid[1] if self.grid else None,
                battery_power_w=self.battery_w,
                battery_soc=50.0 if self.battery else None,
                charging=self.car_a > 0,
                phase_currents_a=currents,  # type: ignore[arg-type]
                active_phases=self.phases,
                offered_current_a=offer,
            )
        )
        if self.decision is not None and (
            decision.enabled,
            decision.current_a,
            decision.phases,
        ) != (self.decision.enabled, self.decision.current_a, self.decision.phases):
            self.changes += 1
        self.decision = decision
        self.offers.append(offer)
        self.now += 1


def settings(**changes: object) -> SurplusSettings:
    return SurplusSettings(**changes)  # type: ignore[arg-type]


# 1. Start on present evidence


def test_a_start_needs_only_the_start_delay_of_surplus_even_after_a_long_dark_spell() -> (
    None
):
    world = World(SurplusController(settings(enable_delay=60)))
    assert not world.run(1800, 1000).enabled  # half an hour without enough sun
    world.run(85, 6000)  # the sun is back: smoothing + the start delay
    assert world.decision is not None and world.decision.enabled


# 2. Home-battery charging is surplus, read on its own clock, counted once


def test_the_current_rises_until_the_home_battery_stops_absorbing() -> None:
    world = World(SurplusController(settings(enable_delay=10)), battery=True)
    decision = world.run(300, 7000)
    # the battery kept the grid at 0 W the whole time; the car took the rest
    expected = (7000 - 50) / (3 * V)
    assert abs(decision.current_a - expected) < 0.3
    assert abs(world.battery_w or 0.0) < 150


def test_a_battery_sensor_on_its_own_clock_is_not_counted_twice() -> None:
    world = World(
        SurplusController(settings(enable_delay=10)),
        battery=True,
        meter_s=2,
        battery_s=13,
    )
    world.run(400, 7000)
    top = max(world.offers[100:])
    assert top <= (7000 - 50) / (3 * V) + 0.3  # never overshoots the surplus


# 3. A battery covering the car in a short cloud is not grid import


def test_a_battery_covering_a_short_cloud_does_not_pause_the_car() -> None:
    world = World(SurplusController(settings(enable_delay=10)), battery=True)
    world.run(300, 7000)
    decision = world.run(90, 1500)  # the battery covers the car's minimum
    assert decision.enabled
    assert world.run(120, 7000).current_a > 9  # and it follows the sun back


# 4. Track without bias


def test_one_noisy_sample_does_not_drop_the_current() -> None:
    world = World(SurplusController(settings(enable_delay=10)), meter_s=1)
    world.run(200, 6000)
    steady = world.decision
    assert steady is not None
    world.step(6000 - 250)  # one sample 250 W short, then back
    decision = world.run(5, 6000)
    assert decision.current_a == steady.current_a


def test_raise_and_lower_are_symmetric_once_settled() -> None:
    world = World(SurplusController(settings(enable_delay=10)))
    world.run(200, 6000)
    base = world.decision
    assert base is not None
    up = world.run(30, 6000 + 150).current_a - base.current_a
    back = world.run(30, 6000).current_a
    down = world.run(30, 6000 - 150).current_a - back
    assert up > 0 > down
    assert abs(up + down) <= 0.1


def test_the_default_margin_is_small() -> None:
    assert 0 < SurplusSettings().residual_power <= 50


# 5. A 1 s meter makes no more corrections than a 5 s meter


def test_a_one_second_meter_corrects_no_more_often_than_a_five_second_one() -> None:
    changes = {}
    for meter_s in (1, 5):
        world = World(
            SurplusController(settings(enable_delay=10)), meter_s=meter_s, noise_w=60
        )
        world.run(100, 6000)
        start = world.changes
        for minute in range(30):
            world.run(60, 6000 + 300 * (minute % 3))
        changes[meter_s] = world.changes - start
    assert changes[1] <= changes[5]


# 6. One to three phases after about one start delay, with hysteresis


def test_one_to_three_phases_after_about_one_start_delay_of_clear_surplus() -> None:
    controller = SurplusController(
        settings(phase_switching=True, phase_mode=PhaseMode.AUTO, enable_delay=60)
    )
    world = World(controller)
    assert world.run(300, 2500).phases == 1
    world.run(60, 6000)
    assert world.decision is not None and world.decision.phases == 1
    assert world.run(60, 6000).phases == 3  # smoothing + the start delay
    # Inside the hysteresis band below the 3-phase minimum: no switch back yet.
    assert world.run(20, 6 * 3 * V - 100).phases == 3


# 7. Bounded grid-assisted minimum charging on ramps


def test_a_dusk_ramp_is_ridden_at_most_the_disable_delay() -> None:
    world = World(SurplusController(settings(enable_delay=10)))
    world.run(200, 5000)
    paused_at = None
    for second in range(900):  # the surplus falls by 2 W a second
        world.step(4200 - 2 * second)
        assert world.decision is not None
        if not world.decision.enabled:
            paused_at = second
            break
    assert paused_at is not None
    below_since = (4200 - 50 - 6 * 3 * V) / 2  # the surplus falls below the minimum
    smoothing = SurplusSettings().smoothing
    assert paused_at - below_since <= SurplusSettings().disable_delay + 3 * smoothing


def test_the_accepted_grid_share_decides_a_grey_spell() -> None:
    low = World(SurplusController(settings(enable_delay=10, accepted_grid_share=0.05)))
    high = World(SurplusController(settings(enable_delay=10, accepted_grid_share=0.9)))
    for world in (low, high):
        world.run(200, 6000)
        world.run(120, 3000)  # the sun brings 72 % of the minimum
    assert low.decision is not None and not low.decision.enabled
    assert high.decision is not None and high.decision.enabled


# 8. A cycling house load delays a start only while it is on


def test_a_cycling_load_delays_a_start_only_while_it_is_on() -> None:
    world = World(SurplusController(settings(enable_delay=60)))
    for _ in range(3):  # a heat pump: 20 minutes on, then off
        assert not world.run(1200, 6000 - 3000).enabled
        off = world.now
        world.run(120, 6000)
        assert world.decision is not None and world.decision.enabled
        started = next(i for i, offer in enumerate(world.offers[off:]) if offer >= 6)
        assert started <= 60 + 30  # the start delay, smoothing, the charger
        world.run(400, 6000 - 3000)  # on again: ridden, then paused


# The car's offset


def test_a_car_below_its_offer_gets_the_offer_raised_by_what_it_leaves() -> None:
    world = World(SurplusController(settings(enable_delay=10)), offset_a=0.8)
    decision = world.run(400, 6000)
    taken = world.car_a * 3 * V
    assert abs(taken - (6000 - 50)) < 150
    assert decision.state is State.CHARGING
