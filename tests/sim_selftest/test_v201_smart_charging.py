"""Self-test of the 2.0.1 station's smart charging handlers."""

from __future__ import annotations

from typing import Any

import pytest
from ocpp.v201 import call

from tests.sim.v201 import SimChargingStation, SimStationConfig

from .fake_csms201 import CsmsSession, FakeCsms


def profile(
    profile_id: int,
    purpose: str = "TxDefaultProfile",
    limit: float = 16,
    *,
    level: int = 0,
    kind: str = "Relative",
    periods: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    schedule: dict[str, Any] = {
        "id": 1,
        "charging_rate_unit": extra.pop("unit", "A"),
        "charging_schedule_period": periods or [{"start_period": 0, "limit": limit}],
    }
    if "start" in extra:
        schedule["start_schedule"] = extra.pop("start")
    return {
        "id": profile_id,
        "stack_level": level,
        "charging_profile_purpose": purpose,
        "charging_profile_kind": kind,
        "charging_schedule": [schedule],
        **extra,
    }


@pytest.fixture
async def station() -> Any:
    async with FakeCsms() as csms:
        cs = SimChargingStation(SimStationConfig(csms.url("SC1"), evses=(1, 1)))
        await cs.connect()
        session = await csms.next_session()
        assert await cs.boot() == "Accepted"
        yield cs, session
        await cs.close()


async def set_profile(session: CsmsSession, evse: int, raw: dict[str, Any]) -> Any:
    return await session.request(
        call.SetChargingProfile(evse_id=evse, charging_profile=raw)
    )


async def test_tx_default_profiles_set_pause_and_resume_the_limit(
    station: tuple[SimChargingStation, CsmsSession],
) -> None:
    cs, session = station
    assert cs.limit_a(1) is None
    assert (await set_profile(session, 0, profile(1, limit=16))).status == "Accepted"
    assert (cs.limit_a(1), cs.limit_a(2)) == (16, 16)
    assert (
        await set_profile(session, 1, profile(2, limit=0, level=1))
    ).status == "Accepted"
    assert (cs.limit_a(1), cs.limit_a(2)) == (0, 16)  # EVSE 1 paused
    assert (
        await set_profile(session, 1, profile(2, limit=10, level=1))
    ).status == "Accepted"
    assert cs.limit_a(1) == 10  # the same id replaced it
    max_profile = profile(
        3, "ChargingStationMaxProfile", 8, kind="Absolute", start="2025-01-01T00:00:00Z"
    )
    assert (await set_profile(session, 0, max_profile)).status == "Accepted"
    assert (cs.limit_a(1), cs.limit_a(2)) == (8, 8)
    value = cs.device_model.value(
        "SmartChargingCtrlr", "Entries", variable_instance="ChargingProfiles"
    )
    assert value == "3"


@pytest.mark.parametrize(
    ("evse", "raw", "reason"),
    [
        (3, profile(1), "UnknownEVSE"),
        (
            1,
            profile(
                1,
                "ChargingStationMaxProfile",
                kind="Absolute",
                start="2025-01-01T00:00:00Z",
            ),
            "MaxNotOnEVSE0",
        ),
        (0, profile(1, "ChargingStationMaxProfile"), "MaxRelative"),
        (
            1,
            profile(1, periods=[{"start_period": 5, "limit": 6}]),
            "FirstPeriodNotZero",
        ),
        (
            1,
            profile(
                1,
                periods=[
                    {"start_period": 0, "limit": 6},
                    {"start_period": 0, "limit": 7},
                ],
            ),
            "PeriodsOutOfOrder",
        ),
        (1, profile(1, kind="Absolute"), "NoStartSchedule"),
        (1, profile(1, start="2025-01-01T00:00:00Z"), "ExtraStartSchedule"),
        (1, profile(1, level=9), "StackLevel"),
        (
            1,
            profile(1, periods=[{"start_period": 0, "limit": 6, "phase_to_use": 1}]),
            "PhaseToUse",
        ),
        (1, profile(1, "TxProfile"), "NoTransactionId"),
        (1, profile(1, "TxProfile", transaction_id="nope"), "NoSuchTransaction"),
        (1, profile(7, level=0), "DuplicateLevel"),
    ],
)
async def test_a_strict_station_rejects_invalid_profiles(
    station: tuple[SimChargingStation, CsmsSession],
    evse: int,
    raw: dict[str, Any],
    reason: str,
) -> None:
    cs, session = station
    assert (await set_profile(session, 1, profile(5))).status == "Accepted"
    result = await set_profile(session, evse, raw)
    assert (result.status, result.status_info) == ("Rejected", {"reason_code": reason})
    assert [p.id for p in cs.profiles.profiles] == [5]


async def test_a_tx_profile_limits_its_transaction_only(
    station: tuple[SimChargingStation, CsmsSession],
) -> None:
    cs, session = station
    tx = await cs.start_transaction(1, "TAG")
    await set_profile(session, 0, profile(1, limit=16))
    result = await set_profile(
        session, 1, profile(2, "TxProfile", 6, transaction_id=tx)
    )
    assert result.status == "Accepted"
    assert (cs.limit_a(1), cs.limit_a(2)) == (6, 16)
    await cs.end_transaction(1)
    assert cs.limit_a(1) == 16


async def test_clear_and_get_profiles_report_what_is_installed(
    station: tuple[SimChargingStation, CsmsSession],
) -> None:
    cs, session = station
    for evse, raw in [
        (0, profile(1)),
        (1, profile(2, level=1)),
        (2, profile(3, level=1)),
    ]:
        await set_profile(session, evse, raw)
    result = await session.request(
        call.GetChargingProfiles(
            request_id=11,
            charging_profile={"charging_profile_purpose": "TxDefaultProfile"},
        )
    )
    assert result.status == "Accepted"
    reports = [await session.expect("ReportChargingProfiles") for _ in range(3)]
    assert [(r["evseId"], r.get("tbc")) for r in reports] == [
        (0, True),
        (1, True),
        (2, False),
    ]
    assert reports[1]["chargingProfile"][0]["id"] == 2
    result = await session.request(
        call.ClearChargingProfile(charging_profile_criteria={"evse_id": 1})
    )
    assert result.status == "Accepted"
    result = await session.request(call.ClearChargingProfile(charging_profile_id=99))
    assert result.status == "Unknown"
    result = await session.request(
        call.GetChargingProfiles(
            request_id=12, charging_profile={"charging_profile_id": [2]}
        )
    )
    assert result.status == "NoProfiles"
    assert [p.id for p in cs.profiles.profiles] == [1, 3]


async def test_the_composite_schedule_merges_profiles(
    station: tuple[SimChargingStation, CsmsSession],
) -> None:
    _, session = station
    periods = [{"start_period": 0, "limit": 16}, {"start_period": 600, "limit": 10}]
    await set_profile(session, 1, profile(1, periods=periods))
    result = await session.request(
        call.GetCompositeSchedule(duration=3600, evse_id=1, charging_rate_unit="A")
    )
    assert result.status == "Accepted"
    limits = [
        (p["start_period"], p["limit"])
        for p in result.schedule["charging_schedule_period"]
    ]
    assert limits[0] == (0, 16) and limits[1][1] == 10
    assert 595 <= limits[1][0] <= 600  # the profile was installed a moment ago
    result = await session.request(
        call.GetCompositeSchedule(duration=60, evse_id=2, charging_rate_unit="W")
    )
    assert result.schedule["charging_schedule_period"] == [
        {"start_period": 0, "limit": 22080.0}
    ]
    result = await session.request(call.GetCompositeSchedule(duration=60, evse_id=7))
    assert result.status == "Rejected"
