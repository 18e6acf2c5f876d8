"""Onboarding: unknown chargers wait, accepted ones are configured."""

from __future__ import annotations

import asyncio
import dataclasses
import logging

import pytest
from websockets.exceptions import InvalidStatus

from custom_components.ocpp_central.csms import (
    CentralSystem,
    Change,
    SecurityProfile,
    Settings,
)
from custom_components.ocpp_central.csms.authorization import Tag, TagPolicy
from tests.sim import NOANSWER, SimChargePoint, SimConfig

from .conftest import LineWatch, Recorder, url


@pytest.fixture
def settings() -> Settings:
    return Settings(
        host="127.0.0.1", port=0, auto_accept=False, pending_retry_interval=60
    )


async def test_unknown_charger_waits_pending_and_nothing_is_persisted(
    central: CentralSystem, recorder: Recorder
) -> None:
    async with SimChargePoint(SimConfig(url(central))) as cp:
        assert await cp.boot() == "Pending"
        assert cp.heartbeat_interval == 60
        await recorder.wait_for("CP1", Change.PENDING)
        # A waiting charger may not report anything but its boot and heartbeat.
        with pytest.raises(Exception, match="SecurityError"):
            await cp.status(1, "Available")
        assert central.records()["chargers"] == []
        assert not any(c == Change.BOOT for _, c, _ in recorder.changes)


async def test_accepting_asks_for_a_new_boot_then_configures_metering(
    central: CentralSystem, recorder: Recorder
) -> None:
    config = SimConfig(
        url(central),
        supported_measurands=(
            "Energy.Active.Import.Register",
            "Power.Active.Import",
            "SoC",
        ),
    )
    async with SimChargePoint(config) as cp:
        assert await cp.boot() == "Pending"
        assert await central.accept("CP1") is None
        await cp.wait_for_call("TriggerMessage")
        assert cp.calls[-1] == (
            "TriggerMessage",
            {"requestedMessage": "BootNotification"},
        )
        await recorder.wait_for("CP1", Change.BOOT)
        answer = await cp.wait_for_frame(
            lambda f: f[0] == 3 and f[2]["status"] == "Accepted"
        )
        assert answer[2]["interval"] == central.settings.heartbeat_interval
        await cp.wait_for_call("GetConfiguration")
        final = "Energy.Active.Import.Register,Power.Active.Import,SoC"
        await cp.wait_for_frame(
            lambda f: f[2] == "ChangeConfiguration" and f[3]["value"] == final
        )
        changes = [p for a, p in cp.calls if a == "ChangeConfiguration"]
        assert changes[0] == {"key": "MeterValueSampleInterval", "value": "10"}
        await recorder.wait_for("CP1", Change.CONFIGURATION, count=2)
        charger = central.chargers["CP1"]
        assert charger.measurands == final.split(",")
        assert charger.configuration["NumberOfConnectors"].value == "1"
        assert charger.outlet_ids == [1]
        assert central.records()["chargers"][0]["identity"] == "CP1"


async def test_auto_accept_accepts_at_once(central: CentralSystem) -> None:
    central.settings.auto_accept = True
    async with SimChargePoint(SimConfig(url(central))) as cp:
        assert await cp.boot() == "Accepted"
        await cp.status(1, "Available")
    assert central.chargers["CP1"].accepted


async def test_a_waiting_charger_is_sent_no_tag_list_until_it_is_accepted(
    central: CentralSystem,
) -> None:
    async with (
        SimChargePoint(SimConfig(url(central, "WAITING"))) as waiting,
        SimChargePoint(SimConfig(url(central, "CP2"))) as accepted,
    ):
        assert await waiting.boot() == "Pending"
        central.settings.auto_accept = True
        assert await accepted.boot() == "Accepted"
        await accepted.wait_for_call("GetLocalListVersion")
        central.set_tags({"anna": Tag("ANNA", "Anna")}, TagPolicy.LISTED)
        sent = await accepted.wait_for_call("SendLocalList")
        assert [entry["idTag"] for entry in sent["localAuthorizationList"]] == ["ANNA"]
        assert [action for action, _ in waiting.calls] == []


async def test_revoking_closes_the_session_and_the_charger_waits_again(
    central: CentralSystem, recorder: Recorder
) -> None:
    central.settings.auto_accept = True
    async with SimChargePoint(SimConfig(url(central))) as cp:
        assert await cp.boot() == "Accepted"
        central.settings.auto_accept = False
        await central.revoke("CP1")
        assert await cp.wait_closed() == 1008
    async with SimChargePoint(SimConfig(url(central))) as cp:
        assert await cp.boot() == "Pending"
    assert central.records()["chargers"] == []


async def test_restored_records_accept_the_charger_without_asking(
    settings: Settings, recorder: Recorder
) -> None:
    first = CentralSystem(settings, recorder)
    await first.start()
    try:
        async with SimChargePoint(SimConfig(url(first))) as cp:
            await cp.boot()
            await first.accept("CP1")
        records = first.records()
    finally:
        await first.stop()
    second = CentralSystem(dataclasses.replace(settings), recorder)
    second.load(records)
    await second.start()
    try:
        async with SimChargePoint(SimConfig(url(second))) as cp:
            assert await cp.boot() == "Accepted"
    finally:
        await second.stop()


@pytest.fixture
def secured_settings(settings: Settings) -> Settings:
    settings.security_profile = SecurityProfile.BASIC_AUTH
    return settings


async def test_profile_1_accept_pushes_a_password_and_the_charger_returns_with_it(
    secured_settings: Settings, central: CentralSystem, recorder: Recorder
) -> None:
    cp = SimChargePoint(SimConfig(url(central)))
    stop = asyncio.Event()
    runner = asyncio.create_task(cp.run(stop=stop))
    try:
        await recorder.wait_for("CP1", Change.PENDING)
        assert not central.sessions["CP1"].authenticated
        assert await central.accept("CP1") is None  # pushed, nothing to show
        change = await cp.wait_for_call("ChangeConfiguration")
        assert change["key"] == "AuthorizationKey"
        assert 16 <= len(change["value"]) <= 40
        await recorder.wait_for("CP1", Change.CONNECTED, count=2)
        session = central.sessions["CP1"]
        assert session.authenticated
        assert session.trusted
        assert cp.config.password == change["value"]
    finally:
        stop.set()
        await runner
        await cp.close()
    # Without the password, the identity is now refused.
    with pytest.raises(InvalidStatus):
        await SimChargePoint(SimConfig(url(central))).connect()


async def test_profile_1_password_is_returned_when_the_charger_refuses_it(
    secured_settings: Settings, central: CentralSystem
) -> None:
    config = SimConfig(url(central), answers={"ChangeConfiguration": "Rejected"})
    async with SimChargePoint(config) as cp:
        await cp.boot()
        password = await central.accept("CP1")
    assert password is not None
    async with SimChargePoint(SimConfig(url(central), password=password)) as cp:
        assert await cp.boot() == "Accepted"
        assert central.sessions["CP1"].authenticated


async def test_profile_1_auto_accept_reports_a_password_it_could_not_push(
    secured_settings: Settings, central: CentralSystem, recorder: Recorder
) -> None:
    central.settings.auto_accept = True
    config = SimConfig(url(central), answers={"ChangeConfiguration": "NotSupported"})
    async with SimChargePoint(config) as cp:
        assert await cp.boot() == "Accepted"
        async with asyncio.timeout(10):
            while "CP1" not in recorder.passwords:
                await cp.wait_for_call("ChangeConfiguration")
                await asyncio.sleep(0)
    assert len(recorder.passwords["CP1"]) == 32


async def test_waiting_newcomers_are_capped_and_old_offline_ones_forgotten(
    central: CentralSystem, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("custom_components.ocpp_central.csms.gate.MAX_WAITING", 3)
    central.settings.auto_accept = False
    chargers = [SimChargePoint(SimConfig(url(central, f"N{i}"))) for i in range(3)]
    for cp in chargers:
        await cp.connect()
        assert await cp.boot() == "Pending"
    # Every waiting charger is online: a fourth identity is turned away.
    with pytest.raises(InvalidStatus) as refused:
        await SimChargePoint(SimConfig(url(central, "N3"))).connect()
    assert refused.value.response.status_code == 429
    assert "N3" not in central.chargers
    for cp in chargers:
        await cp.close()
    for i in range(3):
        await recorder.wait_for(f"N{i}", Change.DISCONNECTED)
    # Room is made by forgetting the oldest offline one, and the host is told.
    async with SimChargePoint(SimConfig(url(central, "LATE"))) as cp:
        assert await cp.boot() == "Pending"
    waiting = sorted(c for c in central.chargers if c.startswith("N"))
    assert waiting == ["N1", "N2"]
    await recorder.wait_for("N0", Change.FORGOTTEN)


async def test_profile_1_a_charger_accepted_while_offline_gets_a_password_to_type(
    secured_settings: Settings, central: CentralSystem, recorder: Recorder
) -> None:
    async with SimChargePoint(SimConfig(url(central))) as cp:
        assert await cp.boot() == "Pending"
    await recorder.wait_for("CP1", Change.DISCONNECTED)
    password = await central.accept("CP1")
    assert password is not None  # nobody to push it to: the user types it in
    async with SimChargePoint(SimConfig(url(central), password=password)) as cp:
        assert await cp.boot() == "Accepted"
        assert central.sessions["CP1"].authenticated


async def test_profile_1_an_unanswered_password_push_shows_the_password(
    secured_settings: Settings,
    central: CentralSystem,
    caplog: pytest.LogCaptureFixture,
) -> None:
    central.settings.call_timeout = 0.5
    config = SimConfig(url(central), answers={"ChangeConfiguration": NOANSWER})
    async with SimChargePoint(config) as cp:
        assert await cp.boot() == "Pending"
        with caplog.at_level(logging.INFO):
            password = await central.accept("CP1")
        assert password is not None
    assert "CP1: could not push a new password" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("answer", ["Rejected", NOANSWER])
async def test_a_charger_that_will_not_boot_on_request_is_accepted_on_its_retry(
    central: CentralSystem, caplog: pytest.LogCaptureFixture, answer: str
) -> None:
    central.settings.call_timeout = 0.3
    config = SimConfig(url(central), answers={"TriggerMessage": answer})
    watch = LineWatch("it will be accepted on its next retry")
    logger = logging.getLogger("custom_components.ocpp_central.csms.onboarding")
    logger.addHandler(watch)
    try:
        async with SimChargePoint(config) as cp:
            assert await cp.boot() == "Pending"
            with caplog.at_level(logging.INFO):
                await central.accept("CP1")
                # The refusal (or the timeout) is told in one INFO line.
                async with asyncio.timeout(5):
                    await watch.seen.wait()
            # Its own next BootNotification is accepted.
            assert await cp.boot() == "Accepted"
    finally:
        logger.removeHandler(watch)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_revoking_an_offline_or_unknown_charger(
    central: CentralSystem, recorder: Recorder
) -> None:
    await central.revoke("NOBODY")  # nothing to do, no error
    central.settings.auto_accept = True
    async with SimChargePoint(SimConfig(url(central))) as cp:
        assert await cp.boot() == "Accepted"
    await recorder.wait_for("CP1", Change.DISCONNECTED)
    await central.revoke("CP1")
    assert not central.chargers["CP1"].accepted
    central.settings.auto_accept = False
    async with SimChargePoint(SimConfig(url(central))) as cp:
        assert await cp.boot() == "Pending"
