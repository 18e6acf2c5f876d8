"""Unit tests of the available-power estimate and of the current tracker."""

from __future__ import annotations

import pytest

from custom_components.ocpp_central.surplus.estimate import Estimator, Sample
from custom_components.ocpp_central.surplus.model import Reading, SurplusSettings
from custom_components.ocpp_central.surplus.track import Tracker

V = 230.0


def reading(now: float, amps: float, **extra: object) -> Reading:
    return Reading(
        now=now,
        phase_currents_a=(amps, amps, amps),
        charging=amps > 0,
        offered_current_a=amps,
        **extra,  # type: ignore[arg-type]
    )


def test_the_grid_is_matched_with_the_cars_draw_when_it_was_sampled() -> None:
    est = Estimator(SurplusSettings(residual_power=0))
    for now in range(0, 10):
        est.observe(reading(now, 6.0))
    for now in range(10, 20):  # the car ramps up; the meter is 8 s behind
        sample = est.observe(reading(now, 10.0, grid_power_w=-2000, grid_updated=8))
    assert sample is None  # the same grid value again: nothing new
    first = est.observe(reading(10, 10.0, grid_power_w=-2000, grid_updated=9))
    assert first is not None
    assert first.mid == pytest.approx(6.0 * 3 * V + 2000)  # not 10 A's draw


def test_a_battery_on_its_own_clock_gives_a_range_while_the_car_moves() -> None:
    est = Estimator(SurplusSettings(residual_power=0))
    est.observe(
        reading(0, 6.0, grid_power_w=0.0, grid_updated=0, battery_power_w=-3000)
    )
    # the car rose to 10 A; a new battery value arrives without a grid value
    sample = est.observe(
        reading(5, 10.0, grid_power_w=0.0, grid_updated=0, battery_power_w=-240)
    )
    assert sample is not None
    assert sample.lo == pytest.approx(6.0 * 3 * V + 240)
    assert sample.hi == pytest.approx(10.0 * 3 * V + 240)
    assert sample.lo < sample.mid < sample.hi


@pytest.mark.parametrize(
    ("soc", "battery_w", "counted"),
    [
        (50.0, -2000.0, -2000.0),  # charging is surplus
        (50.0, 1000.0, 1000.0),  # its discharge counts against the car
        (10.0, -2000.0, 0.0),  # below the priority SoC its charging is its own
        (95.0, 1000.0, 0.0),  # above the buffer SoC it may carry the car
    ],
)
def test_battery_soc_rules(soc: float, battery_w: float, counted: float) -> None:
    settings = SurplusSettings(
        residual_power=0, battery_priority_soc=20, battery_buffer_soc=90
    )
    est = Estimator(settings)
    sample = est.observe(
        Reading(
            now=0,
            grid_power_w=0.0,
            grid_updated=0,
            battery_power_w=battery_w,
            battery_soc=soc,
        )
    )
    assert sample is not None
    assert sample.mid == pytest.approx(-counted)


def test_the_usual_meter_gap_is_the_median_of_recent_gaps() -> None:
    est = Estimator(SurplusSettings())
    assert est.usual_gap() == 0.0
    for updated in (0, 10, 20, 35, 45):
        est.observe(Reading(now=updated, grid_power_w=0.0, grid_updated=updated))
    assert est.usual_gap() == 10.0


def sample(time: float, watts: float) -> Sample:
    return Sample(time, watts, watts, watts, 0.0, 0.0)


def drawing(now: float, drawn: float, offered: float) -> Reading:
    return Reading(
        now=now,
        phase_currents_a=(drawn, drawn, drawn),
        charging=True,
        offered_current_a=offered,
    )


def test_the_offset_is_learned_once_the_car_settles_and_a_limiting_car_is_capped() -> (
    None
):
    tracker = Tracker(SurplusSettings())
    for now in range(0, 60):
        tracker.learn(drawing(now, 9.2, 10.0), 3)
    assert tracker.offset == pytest.approx(0.8, abs=0.05)
    assert tracker.offer_for(10 * 3 * V, 3) == pytest.approx(10.8)
    for now in range(60, 120):  # now it stays at 8 A whatever it is offered
        tracker.learn(drawing(now, 8.0, 16.0), 3)
    assert tracker.cap == 8.0
    assert tracker.offer_for(14 * 3 * V, 3) <= 8.0 + tracker.offset + 1.0 + 0.05


def test_large_gaps_are_corrected_at_once_and_small_ones_on_the_tick() -> None:
    settings = SurplusSettings(control_interval=10)
    tracker = Tracker(settings)
    per_amp = 3 * V
    # a kettle: 2 kW less than the 10 A the car takes
    assert tracker.correct(0.0, sample(0, 8 * per_amp), 10.0, 3) == pytest.approx(8.0)
    tracker.changed(0.0)
    # 100 W more: not urgent, and the tick has not come
    assert tracker.correct(3.0, sample(3, 8 * per_amp + 100), 8.0, 3) is None
    assert tracker.correct(11.0, sample(11, 8 * per_amp + 100), 8.0, 3) == (
        pytest.approx(8.1)
    )
