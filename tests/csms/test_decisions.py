"""The solar controller's decisions on a charger, and what does not apply to it."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

import pytest
from ocpp.v16 import call

from custom_components.ocpp_central.csms import (
    CentralSystem,
    ChargerOffline,
    Settings,
    WrongVersion,
)
from tests.sim import SimChargePoint, SimConfig

from .conftest import LineWatch, url
from .test_control import ready


@pytest.fixture
def settings() -> Settings:
    return Settings(host="127.0.0.1", port=0, auto_accept=True, call_timeout=0.5)


def sent(cp: SimChargePoint, since: int) -> list[str]:
    return [action for action, _ in cp.calls[since:]]


async def test_off_while_paused_sends_nothing_and_on_starts_a_plugged_in_car(
    central: CentralSystem,
) -> None:
    async with SimChargePoint(SimConfig(url(central))) as cp:
        await ready(cp)
        control = central.control
        await control.apply_decision("CP1", 1, False, 0)
        before = len(cp.calls)
        assert await control.apply_decision("CP1", 1, False, 0) == "Accepted"
        assert sent(cp, before) == []  # already paused: nothing to say
        await cp.status(1, "Preparing")  # a car plugged in, no session yet
        await control.apply_decision("CP1", 1, True, 8)
        assert sent(cp, before) == ["SetChargingProfile", "RemoteStartTransaction"]


async def test_on_after_a_pause_by_stop_starts_again(central: CentralSystem) -> None:
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
        control = central.control
        await control.apply_decision("CP1", 1, False, 0)
        assert cp.calls[-1] == (
            "RemoteStopTransaction",
            {"transactionId": answer.transaction_id},
        )
        await cp.request(
            call.StopTransaction(
                meter_stop=100,
                timestamp=datetime.now(UTC).isoformat(),
                transaction_id=answer.transaction_id,
                reason="Remote",
            )
        )
        before = len(cp.calls)
        await control.apply_decision("CP1", 1, True, 10)
        assert sent(cp, before) == ["RemoteStartTransaction"]


async def test_what_only_2_0_1_has_is_refused_on_a_1_6_charger_by_version(
    central: CentralSystem,
) -> None:
    async with SimChargePoint(SimConfig(url(central))) as cp:
        await ready(cp)
        for access in (central.control.device_model, central.control.display):
            with pytest.raises(WrongVersion) as wrong:
                access("CP1")
            assert wrong.value.version == "1.6"
    with pytest.raises(ChargerOffline):
        central.control.charger("NOBODY")
    with pytest.raises(ValueError, match="out of range"):
        await central.control.set_current_limit("CP1", 1, 900)


async def test_a_limit_that_cannot_be_applied_again_after_a_reboot_is_a_warning(
    central: CentralSystem, caplog: pytest.LogCaptureFixture
) -> None:
    answers: dict[str, Any] = {}
    watch = LineWatch("could not re-apply the limit on connector 1")
    logger = logging.getLogger("custom_components.ocpp_central.csms.control")
    logger.addHandler(watch)
    try:
        async with SimChargePoint(SimConfig(url(central), answers=answers)) as cp:
            await ready(cp)
            await central.control.set_current_limit("CP1", 1, 10)
            answers["SetChargingProfile"] = "noanswer"
            with caplog.at_level(logging.WARNING):
                assert await cp.boot() == "Accepted"  # it rebooted
                async with asyncio.timeout(5):
                    await watch.seen.wait()
            assert cp.connected
    finally:
        logger.removeHandler(watch)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
