"""Unit tests for the ride-or-pause weighing (pure logic, no simulation)."""

from __future__ import annotations

import pytest

from custom_components.ocpp_central.surplus import SurplusController
from custom_components.ocpp_central.surplus.model import (
    Decision,
    Reading,
    State,
    SurplusSettings,
)
from custom_components.ocpp_central.surplus.weigh import DIP_CAP, Weigher

MIN_W = 4140.0  # 6 A on three phases
TOP_W = 11040.0  # 16 A on three phases


def _weigher(samples: list[tuple[float, float]], span: float = 600.0) -> Weigher:
    weigher = Weigher()
    for now, surplus in samples:
        weigher.add(now, surplus, span)
    return weigher


def test_split_counts_only_what_the_minimum_can_use() -> None:
    # Negative surplus (house load above PV) imports the whole minimum, not more;
    # surplus above the minimum covers it fully, not more.
    weigher = _weigher([(0, -1000.0), (1, 2070.0), (2, 9000.0), (3, MIN_W)])
    solar, grid = weigher.split(MIN_W)
    assert solar == pytest.approx((0 + 2070 + MIN_W + MIN_W) / 4)
    assert grid == pytest.approx(MIN_W - solar)
    assert weigher.ratio_below(MIN_W, 2.0)  # 1.67 W of sun per W of grid
    assert not weigher.ratio_below(MIN_W, 1.5)
    # Only the samples from `since` on.
    assert weigher.split(MIN_W, since=2) == (MIN_W, 0.0)


def test_window_keeps_its_span_and_knows_when_it_is_full() -> None:
    weigher = _weigher([(t, 1.0) for t in range(0, 700, 10)])
    assert weigher.window[0][0] == 90  # older than 600 s dropped
    assert weigher.covers(690, 600)
    assert not _weigher([(0, 1.0), (100, 1.0)]).covers(100, 600)


def test_dips_and_lags_are_learned() -> None:
    weigher = Weigher()
    weigher.observe(10, low=True)
    weigher.observe(20, low=True)
    weigher.observe(100, low=False)
    weigher.observe(200, low=True)
    weigher.observe(200 + 2 * DIP_CAP, low=False)
    assert list(weigher.dips) == [90, DIP_CAP]  # the night counts as the cap
    weigher.sent(5)
    weigher.sent(6)  # still the first command's clock
    weigher.applied(65)
    weigher.applied(70)  # nothing outstanding: no second lag
    assert list(weigher.lags) == [60]


def _sunny_then_dip(dip_w: float, dips: list[float]) -> Weigher:
    """Ten sunny minutes at 7 kW, then a dip at `dip_w` from t=600."""
    weigher = _weigher([(t, 7000.0) for t in range(0, 600, 5)])
    for t in range(600, 700, 5):
        weigher.add(t, dip_w, 600)
    weigher.dips.extend(dips)
    return weigher


def test_a_passing_cloud_is_ridden_out() -> None:
    weigher = _sunny_then_dip(2000.0, dips=[90, 80, 100])
    assert not weigher.pause_pays(700, 600, MIN_W, TOP_W, SurplusSettings())


def test_a_long_deep_dip_pauses() -> None:
    weigher = _sunny_then_dip(500.0, dips=[900, 1200])
    assert weigher.pause_pays(700, 600, MIN_W, TOP_W, SurplusSettings())


def test_a_slow_charger_rides_out_what_a_quick_one_pauses() -> None:
    settings = SurplusSettings()
    quick = _sunny_then_dip(1500.0, dips=[300, 300])
    slow = _sunny_then_dip(1500.0, dips=[300, 300])
    slow.lags.extend([60, 60, 60])
    assert quick.pause_pays(700, 600, MIN_W, TOP_W, settings)
    assert not slow.pause_pays(700, 600, MIN_W, TOP_W, settings)


def test_import_weight_sets_the_exchange_rate() -> None:
    weigher = _sunny_then_dip(2500.0, dips=[600])
    cheap = SurplusSettings(import_weight=1.0)
    dear = SurplusSettings(import_weight=4.0)
    assert not weigher.pause_pays(700, 600, MIN_W, TOP_W, cheap)
    assert weigher.pause_pays(700, 600, MIN_W, TOP_W, dear)


def test_the_controller_rides_a_cloud_and_pauses_in_a_long_dip() -> None:
    controller = SurplusController(SurplusSettings())
    offered = 0.0

    def step(now: int, surplus_w: float) -> Decision:
        nonlocal offered
        car_a = offered if offered >= 6 else 0.0
        decision = controller.update(
            Reading(
                now=now,
                grid_power_w=3 * 230 * car_a - surplus_w,
                grid_updated=now,
                charging=car_a > 0,
                phase_currents_a=(car_a, car_a, car_a),
                offered_current_a=offered,
            )
        )
        offered = decision.current_a  # a charger that applies at once
        return decision

    assert [step(t, 8000.0) for t in range(900)][-1].state is State.CHARGING
    # A 90 s cloud at 2 kW: ridden out at the minimum current.
    cloud = [step(t, 2000.0) for t in range(900, 990)]
    assert all(d.enabled for d in cloud)
    assert cloud[-1].current_a == 6.0
    assert [step(t, 8000.0) for t in range(990, 1200)][-1].state is State.CHARGING
    # Next to nothing for half an hour: paused long before it ends, and why.
    dark = [step(t, 300.0) for t in range(1200, 3000)]
    paused = next(i for i, d in enumerate(dark) if not d.enabled)
    assert paused < 300
    assert "long dip" in dark[paused].reason
