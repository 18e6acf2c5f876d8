"""Commands to chargers: the exact OCPP call, the charger's answer or a typed error."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from ocpp.v16 import call

from custom_components.ocpp_central.csms import (
    CentralSystem,
    Charger,
    ChargerNotSupported,
    ChargerOffline,
    ChargerRejected,
    ChargerTimeout,
    Settings,
)
from custom_components.ocpp_central.csms.timeutil import parse_timestamp
from tests.sim import NOANSWER, SimChargePoint, SimConfig, default_configuration

from .conftest import url


@pytest.fixture
def settings() -> Settings:
    return Settings(host="127.0.0.1", port=0, auto_accept=True, call_timeout=0.5)


def profiles(cp: SimChargePoint) -> list[dict[str, Any]]:
    return [p for action, p in cp.calls if action == "SetChargingProfile"]


async def ready(cp: SimChargePoint, local_list: bool = True) -> None:
    """Booted and configured (the last step after boot is the local list)."""
    assert await cp.boot() == "Accepted"
    if local_list:
        await cp.wait_for_call("GetLocalListVersion")
    else:
        await cp.wait_for_frame(
            lambda f: f[2] == "ChangeConfiguration"
            and f[3]["key"] == "MeterValuesSampledData"
        )


async def test_a_current_limit_is_one_tx_default_profile_replaced_each_time(
    central: CentralSystem,
) -> None:
    async with SimChargePoint(SimConfig(url(central))) as cp:
        await ready(cp)
        control = central.control
        assert await control.set_current_limit("CP1", 1, 10.04, phases=3) == "Accepted"
        assert await control.set_current_limit("CP1", 1, 6) == "Accepted"
        first, second = profiles(cp)
        assert first["connectorId"] == 1
        profile = first["csChargingProfiles"]
        assert (
            profile["chargingProfileId"]
            == second["csChargingProfiles"]["chargingProfileId"]
        )
        assert profile["chargingProfilePurpose"] == "TxDefaultProfile"
        assert profile["stackLevel"] == 8  # the charger's ChargeProfileMaxStackLevel
        assert profile["chargingProfileKind"] == "Absolute"
        schedule = profile["chargingSchedule"]
        start = parse_timestamp(schedule["startSchedule"])
        assert start is not None
        assert timedelta(seconds=50) < datetime.now(UTC) - start < timedelta(seconds=70)
        assert schedule["chargingRateUnit"] == "A"
        assert schedule["chargingSchedulePeriod"] == [
            {"startPeriod": 0, "limit": 10.0, "numberPhases": 3}
        ]
        assert (
            second["csChargingProfiles"]["chargingSchedule"]["chargingSchedulePeriod"][
                0
            ]["limit"]
            == 6
        )
        assert central.chargers["CP1"].connectors[1].control.limit_a == 6


async def test_a_power_only_charger_gets_watts_from_voltage_and_phases(
    central: CentralSystem,
) -> None:
    config = SimConfig(url(central))
    config.configuration["ChargingScheduleAllowedChargingRateUnit"] = ("Power", True)
    async with SimChargePoint(config) as cp:
        await ready(cp)
        await central.control.set_current_limit("CP1", 1, 16, phases=1)
        period = profiles(cp)[0]["csChargingProfiles"]["chargingSchedule"]
        assert period["chargingRateUnit"] == "W"
        assert period["chargingSchedulePeriod"][0] == {
            "startPeriod": 0,
            "limit": 3680.0,
            "numberPhases": 1,
        }


async def test_pause_is_zero_amps_and_resume_restores_the_limit(
    central: CentralSystem,
) -> None:
    async with SimChargePoint(SimConfig(url(central))) as cp:
        await ready(cp)
        control = central.control
        await control.pause("CP1", 1)
        await control.set_current_limit("CP1", 1, 12)  # kept while paused
        assert len(profiles(cp)) == 1
        await control.resume("CP1", 1)
        limits = [
            p["csChargingProfiles"]["chargingSchedule"]["chargingSchedulePeriod"][0][
                "limit"
            ]
            for p in profiles(cp)
        ]
        assert limits == [0, 12]
        # Without a limit in force, resuming removes our profile.
        central.chargers["CP1"].connectors[1].control.limit_a = None
        await control.pause("CP1", 1)
        await control.resume("CP1", 1)
        assert cp.calls[-1] == ("ClearChargingProfile", {"id": 9001, "connectorId": 1})
    assert not any(
        p["csChargingProfiles"]["chargingProfilePurpose"] == "ChargePointMaxProfile"
        for p in profiles(cp)
    )


async def test_without_smart_charging_pause_and_resume_stop_and_start(
    central: CentralSystem,
) -> None:
    config = SimConfig(url(central))
    config.configuration["SupportedFeatureProfiles"] = ("Core,RemoteTrigger", True)
    async with SimChargePoint(config) as cp:
        await ready(cp, local_list=False)
        answer = await cp.request(
            call.StartTransaction(
                connector_id=1,
                id_tag="T",
                meter_start=0,
                timestamp=datetime.now(UTC).isoformat(),
            )
        )
        await central.control.pause("CP1", 1)
        assert cp.calls[-1] == (
            "RemoteStopTransaction",
            {"transactionId": answer.transaction_id},
        )
        await central.control.resume("CP1", 1)
        assert cp.calls[-1] == (
            "RemoteStartTransaction",
            {"connectorId": 1, "idTag": "home-assistant"},
        )
        with pytest.raises(ChargerNotSupported):
            await central.control.set_current_limit("CP1", 1, 10)


async def test_quirks_shape_the_profile(central: CentralSystem) -> None:
    async with SimChargePoint(SimConfig(url(central))) as cp:
        await ready(cp)
        quirks = central.chargers["CP1"].quirks
        (
            quirks.stack_level,
            quirks.relative_profile,
            quirks.omit_phases,
            quirks.rate_unit,
        ) = 2, True, True, "W"
        await central.control.set_current_limit("CP1", 1, 10, phases=3)
        profile = profiles(cp)[0]["csChargingProfiles"]
        assert (profile["stackLevel"], profile["chargingProfileKind"]) == (
            2,
            "Relative",
        )
        assert "startSchedule" not in profile["chargingSchedule"]
        assert profile["chargingSchedule"]["chargingSchedulePeriod"] == [
            {"startPeriod": 0, "limit": 6900.0}
        ]
        quirks.pause_by_stop = True
        with pytest.raises(ChargerRejected) as no_session:
            await central.control.pause("CP1", 1)
        assert no_session.value.status == "NoSession"


async def test_the_installation_limit_is_the_only_charge_point_max_profile(
    central: CentralSystem,
) -> None:
    async with SimChargePoint(SimConfig(url(central))) as cp:
        await ready(cp)
        await central.control.set_installation_limit("CP1", 25)
        profile = profiles(cp)[0]
        assert profile["connectorId"] == 0
        assert (
            profile["csChargingProfiles"]["chargingProfilePurpose"]
            == "ChargePointMaxProfile"
        )
        assert central.chargers["CP1"].installation_max_a == 25
        with pytest.raises(ValueError, match="out of range"):
            await central.control.set_installation_limit("CP1", 0)


async def test_a_reboot_gets_the_limit_and_pause_again(central: CentralSystem) -> None:
    async with SimChargePoint(SimConfig(url(central), connectors=2)) as cp:
        await ready(cp)
        await central.control.set_current_limit("CP1", 1, 10)
        await central.control.pause("CP1", 2)
        before = len(profiles(cp))
        assert await cp.boot() == "Accepted"  # the charger rebooted
        await cp.wait_for_call("SetChargingProfile", count=before + 2)
        again = {
            p["connectorId"]: p["csChargingProfiles"]["chargingSchedule"][
                "chargingSchedulePeriod"
            ][0]["limit"]
            for p in profiles(cp)[before:]
        }
        assert again == {1: 10, 2: 0}


def phases_sent(cp: SimChargePoint) -> list[tuple[float, int]]:
    """(limit, numberPhases) of every SetChargingProfile so far."""
    periods = [
        p["csChargingProfiles"]["chargingSchedule"]["chargingSchedulePeriod"][0]
        for p in profiles(cp)
    ]
    return [(period["limit"], period["numberPhases"]) for period in periods]


async def test_the_phases_in_force_survive_a_pause_a_reboot_and_a_restart(
    central: CentralSystem,
) -> None:
    async with SimChargePoint(SimConfig(url(central))) as cp:
        await ready(cp)
        control = central.control
        await control.apply_decision("CP1", 1, True, 8.2, phases=1)
        await control.pause("CP1", 1)
        await control.resume("CP1", 1)
        assert phases_sent(cp) == [(8.2, 1), (0, 3), (8.2, 1)]
        assert await cp.boot() == "Accepted"  # the charger rebooted
        await cp.wait_for_call("SetChargingProfile", count=4)
        assert phases_sent(cp)[-1] == (8.2, 1)  # still on one phase
        # A person's limit without phases goes back to the usual phases.
        await control.set_current_limit("CP1", 1, 10)
        assert phases_sent(cp)[-1] == (10, 3)
        assert central.chargers["CP1"].connectors[1].control.phases is None
        await control.set_current_limit("CP1", 1, 9, phases=1)
    record = central.chargers["CP1"].to_record()
    restored = Charger.from_record(record).connectors[1].control
    assert (restored.limit_a, restored.phases) == (9, 1)
    # A record from before phases were kept still loads.
    del record["control"]["1"]["phases"]
    assert Charger.from_record(record).connectors[1].control.phases is None


async def test_the_charging_switch_starts_a_session_only_with_a_car_plugged_in(
    central: CentralSystem,
) -> None:
    async with SimChargePoint(SimConfig(url(central))) as cp:
        await ready(cp)
        await cp.status(1, "Available")
        with pytest.raises(ChargerRejected) as refused:
            await central.control.set_charging("CP1", 1, True)
        assert refused.value.status == "NotPluggedIn"
        await cp.status(1, "Preparing")
        await central.control.set_charging("CP1", 1, False)  # paused before the session
        await central.control.set_charging("CP1", 1, True)
        assert [a for a, _ in cp.calls[-2:]] == [
            "ClearChargingProfile",
            "RemoteStartTransaction",
        ]
        assert cp.calls[-1][1] == {"connectorId": 1, "idTag": "home-assistant"}
        answer = await cp.request(
            call.StartTransaction(
                connector_id=1,
                id_tag="home-assistant",
                meter_start=0,
                timestamp=datetime.now(UTC).isoformat(),
            )
        )
        assert answer.transaction_id
        await central.control.set_charging("CP1", 1, False)
        await central.control.set_charging("CP1", 1, True)
        assert [a for a, _ in cp.calls[-2:]] == [
            "SetChargingProfile",
            "ClearChargingProfile",
        ]


async def test_operations_and_their_answers(central: CentralSystem) -> None:
    config = SimConfig(
        url(central),
        answers={
            "ChangeAvailability": "Scheduled",
            "UnlockConnector": "UnlockFailed",
            "Reset": "Rejected",
        },
        configuration={**default_configuration(1), "Locked": ("1", True)},
    )
    async with SimChargePoint(config) as cp:
        await ready(cp)
        control = central.control
        assert await control.set_available("CP1", 1, False) == "Scheduled"
        assert cp.calls[-1] == (
            "ChangeAvailability",
            {"connectorId": 1, "type": "Inoperative"},
        )
        with pytest.raises(ChargerRejected) as failed:
            await control.unlock("CP1", 1)
        assert failed.value.status == "UnlockFailed"
        with pytest.raises(ChargerRejected):
            await control.reset("CP1", hard=True)
        assert cp.calls[-1] == ("Reset", {"type": "Hard"})
        assert await control.trigger("CP1", "status", 1) == "Accepted"
        assert cp.calls[-1] == (
            "TriggerMessage",
            {"requestedMessage": "StatusNotification", "connectorId": 1},
        )
        with pytest.raises(ChargerNotSupported):
            await control.trigger("CP1", "firmware_status")
        with pytest.raises(ValueError, match="cannot be asked"):
            await control.trigger("CP1", "transaction_event")
        found = await control.get_configuration("CP1", ["HeartbeatInterval", "Nope"])
        assert found == {
            "keys": [{"key": "HeartbeatInterval", "value": "300", "readonly": False}],
            "unknown_keys": ["Nope"],
        }
        assert (
            await control.change_configuration("CP1", "HeartbeatInterval", "60")
            == "Accepted"
        )
        with pytest.raises(ChargerRejected):
            await control.change_configuration("CP1", "Locked", "0")
        with pytest.raises(ChargerNotSupported):
            await control.change_configuration("CP1", "NoSuchKey", "0")
        assert await control.installer("CP1").clear_cache() == "Accepted"


async def test_offline_and_silent_chargers_fail_promptly(
    central: CentralSystem,
) -> None:
    with pytest.raises(ChargerOffline):
        await central.control.reset("NOBODY")
    async with SimChargePoint(
        SimConfig(url(central), answers={"UnlockConnector": NOANSWER})
    ) as cp:
        await ready(cp)
        with pytest.raises(ChargerTimeout):
            await central.control.unlock("CP1", 1)
    with pytest.raises(ChargerOffline):
        await central.control.unlock("CP1", 1)
