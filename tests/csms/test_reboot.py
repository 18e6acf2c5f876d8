"""A charger that reboots gets what was asked last, before any housekeeping."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from custom_components.ocpp_central.csms import (
    CentralSystem,
    ChargerOffline,
    Settings,
)
from tests.sim import NOANSWER, SimChargePoint, SimConfig

from .conftest import url


@pytest.fixture
def settings() -> Settings:
    # A long call timeout: the test shows control does not wait for it.
    return Settings(host="127.0.0.1", port=0, auto_accept=True, call_timeout=60)


def limits(cp: SimChargePoint) -> list[float]:
    return [
        p["csChargingProfiles"]["chargingSchedule"]["chargingSchedulePeriod"][0][
            "limit"
        ]
        for action, p in cp.calls
        if action == "SetChargingProfile"
    ]


async def test_a_pause_goes_out_first_after_a_reboot_though_housekeeping_hangs(
    central: CentralSystem, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with SimChargePoint(SimConfig(url(central))) as cp:
        assert await cp.boot() == "Accepted"
        await cp.wait_for_call("GetLocalListVersion")
        await central.control.pause("CP1", 1)
    # The charger comes back and never answers the tag-list check that a
    # reconnect starts; then it turns out it had rebooted.
    config = SimConfig(url(central), answers={"GetLocalListVersion": NOANSWER})
    async with SimChargePoint(config) as cp:
        await cp.wait_for_call("GetLocalListVersion")
        assert await cp.boot() == "Accepted"
        # Within seconds, not after the 60 s call timeout.
        await cp.wait_for_call("SetChargingProfile", timeout=5)
        assert limits(cp) == [0]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_reboot_during_a_resume_reapplies_the_resume_not_the_pause(
    central: CentralSystem,
) -> None:
    async with SimChargePoint(SimConfig(url(central))) as cp:
        assert await cp.boot() == "Accepted"
        await cp.wait_for_call("GetLocalListVersion")
        await central.control.set_current_limit("CP1", 1, 10)
        await central.control.pause("CP1", 1)
        assert limits(cp) == [10, 0]
        # The resume reaches the charger, which reboots before it answers.
        cp.config.answers["SetChargingProfile"] = NOANSWER
        resume = asyncio.create_task(central.control.resume("CP1", 1))
        await cp.wait_for_call("SetChargingProfile", count=3)
        cp.config.answers.clear()
        assert await cp.boot() == "Accepted"
        with pytest.raises(ChargerOffline):
            await resume  # the call was void: the charger restarted
        await cp.wait_for_call("SetChargingProfile", count=4)
        assert limits(cp) == [10, 0, 10, 10]  # the resume again, not the pause
    assert not central.chargers["CP1"].connectors[1].control.paused


async def test_commands_to_one_connector_go_out_in_the_order_asked(
    central: CentralSystem,
) -> None:
    async with SimChargePoint(SimConfig(url(central))) as cp:
        assert await cp.boot() == "Accepted"
        await cp.wait_for_call("GetLocalListVersion")
        control = central.control
        asked: list[Any] = [
            control.set_current_limit("CP1", 1, amps) for amps in (6, 7, 8, 9)
        ]
        await asyncio.gather(*asked)
        assert limits(cp) == [6, 7, 8, 9]
        assert central.chargers["CP1"].connectors[1].control.limit_a == 9
