"""Unit tests for the ride-or-pause weighing (pure logic, no simulation)."""

from __future__ import annotations

import pytest

from custom_components.ocpp_central.surplus.model import SurplusSettings
from custom_components.ocpp_central.surplus.weigh import (
    DIP_CAP,
    DIP_PRIOR,
    EXTEND,
    Weigher,
)

MIN_W = 4140.0  # 6 A on three phases
TOP_W = 11040.0  # 16 A on three phases
S = SurplusSettings()


def weigher_with_dips(*dips: float, clear: float = 7000.0) -> Weigher:
    weigher = Weigher()
    now = 0.0
    weigher.observe(now, clear, MIN_W)
    for dip in dips:
        weigher.observe(now + 1, 0.0, MIN_W)
        weigher.observe(now + 1 + dip, clear, MIN_W)
        now += dip + 100
    return weigher


def start_dip(weigher: Weigher, at: float) -> None:
    weigher.observe(at, 0.0, MIN_W)


def test_spells_below_the_minimum_are_learned_and_capped() -> None:
    weigher = weigher_with_dips(60, 90, 5000)
    assert list(weigher.dips) == [60, 90, DIP_CAP]
    assert weigher.clear_w == pytest.approx(7000.0)


def test_survival_blends_the_days_dips_with_the_prior() -> None:
    fresh = Weigher().survival(0.0, 1e9)
    assert fresh(DIP_PRIOR) == pytest.approx(0.367879, rel=1e-4)
    prior = Weigher().survival(30.0, 1e9)
    short = weigher_with_dips(40, 50, 60, 45, 55).survival(30.0, 1e9)
    assert short(70.0) < 0.5 * prior(70.0)  # the day's dips were all short
    # beyond the horizon only dips seen today count; none seen: it goes on
    assert Weigher().survival(0.0, 100.0)(150.0) == 1.0


def test_recent_dips_weigh_more_than_old_ones() -> None:
    old_long = weigher_with_dips(900, 900, 60, 60, 60).survival(30.0, 1e9)
    old_short = weigher_with_dips(60, 60, 60, 900, 900).survival(30.0, 1e9)
    assert old_long(300.0) < old_short(300.0)


def test_a_dip_younger_than_thirty_seconds_or_two_samples_is_never_paused() -> None:
    weigher = weigher_with_dips(1800, 1800, 1800)
    start_dip(weigher, 50_000)
    assert not weigher.pause_pays(50_020, -3000.0, 0.0, MIN_W, TOP_W, S)
    assert not weigher.pause_pays(50_040, -3000.0, 0.0, MIN_W, TOP_W, S, gap=60)
    assert weigher.pause_pays(50_040, -3000.0, 0.0, MIN_W, TOP_W, S)


def test_a_deep_dip_pauses_when_dips_run_long_and_rides_when_they_are_short() -> None:
    long_days = weigher_with_dips(1500, 1200, 1800)
    short_days = weigher_with_dips(40, 60, 50, 45, 55, 60)
    for weigher in (long_days, short_days):
        start_dip(weigher, 90_000)
    assert long_days.pause_pays(90_040, 500.0, 0.0, MIN_W, TOP_W, S)
    assert not short_days.pause_pays(90_040, 500.0, 0.0, MIN_W, TOP_W, S)


def test_a_shallow_dip_rides_to_the_disable_delay_and_no_further_without_evidence() -> (
    None
):
    weigher = Weigher()
    start_dip(weigher, 0.0)
    level = 0.9 * MIN_W
    assert not weigher.pause_pays(170.0, level, 0.0, MIN_W, TOP_W, S)
    assert weigher.pause_pays(S.disable_delay + 1, level, 0.0, MIN_W, TOP_W, S)


def test_a_shallow_dip_rides_on_for_a_restart_when_todays_dips_ended_soon() -> None:
    # today's dips ended a little after the disable delay: riding on past it
    # saves a restart, but never past EXTEND disable delays
    weigher = weigher_with_dips(250, 280, 300, 260)
    start_dip(weigher, 90_000)
    level = 0.9 * MIN_W
    assert not weigher.pause_pays(
        90_000 + S.disable_delay + 20, level, 0.0, MIN_W, TOP_W, S
    )
    limit = 90_000 + EXTEND * S.disable_delay
    assert weigher.pause_pays(limit, level, 0.0, MIN_W, TOP_W, S)


def test_the_accepted_grid_share_and_the_battery_set_the_weight() -> None:
    strict = SurplusSettings(accepted_grid_share=0.2)
    assert Weigher().grid_weight(strict, 0.0) == pytest.approx(4.0)
    assert Weigher().grid_weight(strict, 1.0) == pytest.approx(1.0)
    # The same dip: paused when the grid covers it, ridden when the battery does.
    weigher = weigher_with_dips(300, 400, 350)
    start_dip(weigher, 90_000)
    assert weigher.pause_pays(90_060, 1500.0, 0.0, MIN_W, TOP_W, strict)
    assert not weigher.pause_pays(90_060, 1500.0, 1.0, MIN_W, TOP_W, strict)


def test_three_phases_go_to_one_when_one_takes_the_surplus() -> None:
    weigher = weigher_with_dips(600, 700, 900)
    start_dip(weigher, 90_000)
    one = (1380.0, 3680.0)
    # like evcc, a switch down waits for the dip to last the stop delay: a
    # cloud shorter than that would cost two switches and their pauses
    assert not weigher.switch_down_pays(90_040, 2500.0, 0.0, MIN_W, one, S)
    assert weigher.switch_down_pays(
        90_000 + S.disable_delay, 2500.0, 0.0, MIN_W, one, S
    )
    assert not weigher.switch_down_pays(90_200, 4000.0, 0.0, MIN_W, one, S)


def test_a_start_costs_the_same_on_a_one_phase_charger() -> None:
    one_phase = SurplusSettings(max_phases=1)
    assert Weigher.start_cost(one_phase) == Weigher.start_cost(SurplusSettings())


def test_the_charger_lag_is_learned_from_sent_to_applied() -> None:
    weigher = Weigher()
    for sent in (0.0, 100.0, 200.0):
        weigher.sent(sent)
        weigher.sent(sent + 1)  # a second change before it applies
        weigher.applied(sent + 60)
    assert weigher.lag() == 60.0


def test_a_reading_that_covers_the_minimum_restarts_the_ride_clock() -> None:
    """Like evcc's disable timer: short clouds with sun between them are ridden."""
    weigher = weigher_with_dips(1800, 1800, 1800)
    start_dip(weigher, 50_000)
    # the smoothed surplus stays under the minimum, but one reading covers it
    weigher.observe(50_035, 3000.0, MIN_W, raw=MIN_W + 500)
    assert weigher.low_since == 50_000  # the dip goes on ...
    assert not weigher.pause_pays(50_040, -3000.0, 0.0, MIN_W, TOP_W, S)
    weigher.observe(50_070, 2000.0, MIN_W, raw=1000.0)
    # ... and is weighed from the last reading that covered the car
    assert weigher.pause_pays(50_070, -3000.0, 0.0, MIN_W, TOP_W, S)
    assert list(weigher.dips) == [1800, 1800, 1800]
