"""The profile model both simulators share: which limit is in force."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.sim.profiles import ProfileStore, profile_from_v16, profile_from_v201

NOON = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def v201(
    profile_id: int,
    purpose: str,
    limit: float,
    *,
    level: int = 0,
    kind: str = "Absolute",
    unit: str = "A",
    periods: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    schedule: dict[str, Any] = {
        "id": 1,
        "charging_rate_unit": unit,
        "charging_schedule_period": periods or [{"start_period": 0, "limit": limit}],
    }
    if kind != "Relative":
        schedule["start_schedule"] = extra.pop("start", "2025-06-01T00:00:00Z")
    if "duration" in extra:
        schedule["duration"] = extra.pop("duration")
    return {
        "id": profile_id,
        "stack_level": level,
        "charging_profile_purpose": purpose,
        "charging_profile_kind": kind,
        "charging_schedule": [schedule],
        **extra,
    }


def store(*profiles: tuple[int, dict[str, Any]]) -> ProfileStore:
    found = ProfileStore()
    for outlet, raw in profiles:
        found.install(profile_from_v201(outlet, raw), same_level_replaces=False)
    return found


def test_an_outlets_own_default_beats_the_station_wide_one_at_the_same_level() -> None:
    profiles = store(
        (0, v201(1, "TxDefaultProfile", 16)),
        (1, v201(2, "TxDefaultProfile", 10)),
    )
    assert profiles.limit_a(1, when=NOON) == 10
    assert profiles.limit_a(2, when=NOON) == 16
    assert profiles.limit_a(0, when=NOON) == 16


def test_higher_stack_levels_win_and_the_station_maximum_caps() -> None:
    profiles = store(
        (1, v201(1, "TxDefaultProfile", 16)),
        (0, v201(2, "TxDefaultProfile", 0, level=3)),  # pause every EVSE
        (0, v201(3, "ChargingStationMaxProfile", 12)),
    )
    assert profiles.limit_a(1, when=NOON) == 0
    profiles.clear(profile_id=2)
    assert profiles.limit_a(1, when=NOON) == 12
    assert profiles.limit_a(2, when=NOON) == 12


def test_a_tx_profile_replaces_the_default_during_its_transaction() -> None:
    raw = v201(4, "TxProfile", 6, kind="Relative", transaction_id="T1")
    profiles = store((1, v201(1, "TxDefaultProfile", 16)), (1, raw))
    assert profiles.limit_a(1, when=NOON, transaction_id="T1", tx_start=NOON) == 6
    assert profiles.limit_a(1, when=NOON, transaction_id="T2", tx_start=NOON) == 16
    profiles.drop_transaction("T1")
    assert [p.id for p in profiles.profiles] == [1]


def test_watts_become_amps_over_the_phases_in_use() -> None:
    three = {"start_period": 0, "limit": 11040, "number_phases": 3}
    one = {"start_period": 0, "limit": 2300, "number_phases": 1}
    profiles = store(
        (1, v201(1, "TxDefaultProfile", 0, unit="W", periods=[three])),
        (2, v201(2, "TxDefaultProfile", 0, unit="W", periods=[one])),
    )
    assert profiles.limit_a(1, when=NOON) == 16
    assert profiles.limit_a(2, when=NOON) == 10


def test_schedules_follow_their_periods_duration_validity_and_recurrence() -> None:
    periods = [
        {"start_period": 0, "limit": 16},
        {"start_period": 3600, "limit": 8},
    ]
    daily = v201(
        1,
        "TxDefaultProfile",
        0,
        kind="Recurring",
        recurrency_kind="Daily",
        start="2025-01-01T11:00:00Z",
        periods=periods,
        duration=7200,
    )
    profiles = store((1, daily))
    assert profiles.limit_a(1, when=NOON - timedelta(minutes=30)) == 16
    assert profiles.limit_a(1, when=NOON + timedelta(minutes=30)) == 8
    assert profiles.limit_a(1, when=NOON + timedelta(hours=2)) is None  # past 2 h
    assert profiles.limit_a(1, when=NOON + timedelta(days=3)) == 8
    later = v201(2, "TxDefaultProfile", 5, level=1, valid_from="2025-06-01T13:00:00Z")
    profiles.install(profile_from_v201(1, later), same_level_replaces=False)
    assert profiles.limit_a(1, when=NOON) == 8
    assert profiles.limit_a(1, when=NOON + timedelta(hours=1, minutes=1)) == 5
    composite = profiles.composite(1, 7200, start=NOON - timedelta(minutes=30))
    assert composite == [(0, 16), (1800, 8), (5400, 5)]


def test_conflicts_follow_the_2_0_1_rules() -> None:
    profiles = store(
        (1, v201(1, "TxDefaultProfile", 16)),
        (0, v201(5, "TxDefaultProfile", 9, level=2)),
    )
    same_level = profile_from_v201(1, v201(2, "TxDefaultProfile", 10))
    assert [p.id for p in profiles.conflicts(same_level)] == [1]  # K01.FR.06
    same_id = profile_from_v201(1, v201(1, "TxDefaultProfile", 10))
    assert profiles.conflicts(same_id) == []  # replaces (K01.FR.05)
    evse_vs_station = profile_from_v201(2, v201(3, "TxDefaultProfile", 10, level=2))
    assert [p.id for p in profiles.conflicts(evse_vs_station)] == [5]
    later = profile_from_v201(
        1, v201(4, "TxDefaultProfile", 10, valid_from="2030-01-01T00:00:00Z")
    )
    profiles.profiles[0] = profile_from_v201(
        1, v201(1, "TxDefaultProfile", 16, valid_to="2029-01-01T00:00:00Z")
    )
    assert profiles.conflicts(later) == []  # validity periods do not overlap


def test_1_6_profiles_replace_by_stack_level_and_purpose() -> None:
    def v16(profile_id: int, limit: float) -> dict[str, Any]:
        return {
            "charging_profile_id": profile_id,
            "stack_level": 0,
            "charging_profile_purpose": "TxDefaultProfile",
            "charging_profile_kind": "Relative",
            "charging_schedule": {
                "charging_rate_unit": "A",
                "charging_schedule_period": [{"start_period": 0, "limit": limit}],
            },
        }

    profiles = ProfileStore()
    profiles.install(profile_from_v16(1, v16(1, 16)), same_level_replaces=True)
    profiles.install(profile_from_v16(1, v16(2, 0)), same_level_replaces=True)
    assert [p.id for p in profiles.profiles] == [2]
    assert profiles.limit_a(1) == 0
    assert profiles.clear(outlet=1, purpose="default")[0].id == 2
    assert profiles.limit_a(1) is None
