"""The demo charger's car and limits: what it draws under which profiles."""

from __future__ import annotations

import pytest

from tests.sim import SimConfig
from tests.sim.demo import DemoCar, DemoChargePoint, Limits, Profile


def profile(
    profile_id: int,
    limit: float,
    purpose: str = "TxDefaultProfile",
    level: int = 0,
    unit: str = "A",
    connector: int = 1,
) -> Profile:
    return Profile.from_call(
        connector,
        {
            "charging_profile_id": profile_id,
            "charging_profile_purpose": purpose,
            "stack_level": level,
            "charging_schedule": {
                "charging_rate_unit": unit,
                "charging_schedule_period": [{"start_period": 0, "limit": limit}],
            },
        },
        phases=3,
    )


def test_the_car_takes_what_is_offered_up_to_its_own_maximum() -> None:
    car = DemoCar(max_current_a=16)
    assert car.current_a(32) == 16
    assert car.current_a(10) == 10
    assert car.current_a(5.9) == 0  # below what an EV can charge with
    assert car.power_w(16) == pytest.approx(11_040)


def test_the_car_tapers_near_full_and_stops_when_full() -> None:
    car = DemoCar(capacity_wh=10_000, start_soc=95)
    assert car.current_a(32) == 8  # half way between 90 % and full
    taken = car.charge(power_w=10_000, seconds=360)  # 1 kWh = 10 %
    assert taken == pytest.approx(1000)
    assert car.full
    assert car.current_a(32) == 0
    car.replace()
    assert car.soc == 95


def test_a_tx_profile_wins_over_the_default_and_the_station_cap_caps_both() -> None:
    limits = Limits(hardware_a=32)
    assert limits.offered_a(1) == 32
    limits.install(profile(1, 10))
    assert limits.offered_a(1) == 10
    limits.install(profile(2, 0, level=5))
    assert limits.offered_a(1) == 0  # the highest stack level counts
    limits.install(profile(3, 20, purpose="TxProfile"))
    assert limits.offered_a(1) == 20
    limits.install(profile(4, 16, purpose="ChargePointMaxProfile", connector=0))
    assert limits.offered_a(1) == 16
    limits.end_transaction()
    assert limits.offered_a(1) == 0


def test_profiles_replace_by_purpose_and_level_and_clear_by_any_criterion() -> None:
    limits = Limits()
    limits.install(profile(1, 10))
    limits.install(profile(2, 12))  # same purpose and level: replaces #1
    assert list(limits.profiles) == [2]
    assert not limits.clear(profile_id=1)
    assert limits.clear(purpose="TxDefaultProfile", connector=1)
    assert limits.profiles == {}


def test_a_limit_in_watts_is_turned_into_amps_per_phase() -> None:
    assert profile(1, 6900, unit="W").limit_a == pytest.approx(10)


def test_the_demo_meter_reads_what_was_asked_and_the_mains_moves() -> None:
    cp = DemoChargePoint(SimConfig("ws://127.0.0.1:1/CP1"), mains_swing_v=3)
    assert all(227 <= cp.voltage() <= 233 for _ in range(3))
    cp.config.configuration["MeterValuesSampledData"] = (
        "Power.Active.Import, SoC",
        False,
    )
    cp.current_a = 16
    read = {v["measurand"]: v for v in cp.sampled_values()}
    assert set(read) == {"Energy.Active.Import.Register", "Power.Active.Import", "SoC"}
    assert read["Power.Active.Import"]["value"] == "11040.0"  # before any swing
    assert read["SoC"]["location"] == "EV"
