"""The issue's acceptance rules, asserted on the harness with a fixed seed.

Every rule of `acceptance.py` is one test. Rules our controller does not meet
yet are marked xfail(strict=True) with the measured reason, so the table in
the README and these tests cannot drift apart: when a rule starts to hold,
its xfail fails and must be removed.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from custom_components.ocpp_central.surplus.controller import SurplusController
from custom_components.ocpp_central.surplus.model import StaleAction, SurplusSettings
from tests.surplus.acceptance import RULE_IDS, rules
from tests.surplus.sim import (
    SCENARIOS,
    BaselineController,
    MeterFedOracleController,
    Metrics,
    get_scenario,
    ours,
    run,
    simulate,
)
from tests.surplus.sim.metrics import compute_metrics
from tests.surplus.sim.world import fresh_settings

SEED = 1
NOT_YET = {
    "clear_summer:tracking_rms": "out of reach of any controller that learns the "
    "house load from the 10 s meter: the meter-fed oracle (ideal charger and car) "
    "has 444 W, ours 463 W; see test_clear_day_tracking_is_what_the_meter_allows",
}


# Seven simulated days per controller: slow under coverage, so a long limit.
pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def results() -> dict[str, dict[str, Metrics]]:
    return {
        name: {
            "ours": run(ours, name, SEED, "ours"),
            "baseline": run(BaselineController, name, SEED, "baseline"),
        }
        for name in SCENARIOS
    }


@pytest.mark.parametrize(
    "rule",
    [
        pytest.param(
            rule,
            marks=pytest.mark.xfail(reason=NOT_YET[rule], strict=True)
            if rule in NOT_YET
            else (),
        )
        for rule in RULE_IDS
    ],
)
def test_rule(results: dict[str, dict[str, Metrics]], rule: str) -> None:
    holds, line = rules(results)[rule]
    assert holds, line


def test_frozen_meter_takes_the_default_stale_action_in_time() -> None:
    sc = get_scenario("frozen_meter")
    settings = fresh_settings(sc)
    assert settings.stale_action in (StaleAction.MIN, StaleAction.PAUSE)
    result = simulate(SurplusController(settings), sc, SEED, "ours")
    freeze = sc.meter_freeze
    assert freeze is not None
    before = result.decided_a[freeze[0] - sc.start - 1]
    assert before >= settings.min_current + 3  # charging at a high current
    m = compute_metrics(result)
    assert m.stale_reaction_s is not None
    assert m.stale_reaction_s <= settings.control_interval  # one step
    assert m.stale_raised is False


def test_a_battery_below_its_priority_soc_gets_the_surplus_first() -> None:
    base = get_scenario("clear_summer_battery")
    assert base.battery is not None
    sc = replace(base, settings=SurplusSettings(battery_priority_soc=80.0))
    result = simulate(SurplusController(fresh_settings(sc)), sc, SEED, "ours")
    energy = result.battery_start_wh
    capacity = base.battery.capacity_wh
    charging_below = 0
    for battery_w, car_w in zip(result.battery_w, result.car_w, strict=True):
        soc = 100.0 * energy / capacity
        if soc < 80.0 - 1.0 and battery_w < 0:
            charging_below += 1
            assert car_w == 0.0, f"the car drew {car_w:.0f} W at SoC {soc:.1f} %"
        energy -= battery_w / 3600.0
    assert charging_below > 3600  # the rule was exercised for over an hour
    assert 100.0 * energy / capacity > 80.0  # and the car charged after it
    assert sum(result.car_w) > 0


def test_clear_day_tracking_is_what_the_meter_allows(
    results: dict[str, dict[str, Metrics]],
) -> None:
    """Why the 250 W rule stays xfail, and how close ours comes to the floor.

    The meter-fed oracle acts perfectly (next second, no car lag, the car's
    offset known) on the true surplus at the time of the last meter sample
    that has arrived; only a controller that forecasts the house load could
    do better. Ours, with a real charger and car, stays within 10 % of it.
    """
    fed = run(MeterFedOracleController, "clear_summer", SEED, "meter_oracle")
    assert fed.tracking_rms_w > 250.0
    assert results["clear_summer"]["ours"].tracking_rms_w <= 1.1 * fed.tracking_rms_w
