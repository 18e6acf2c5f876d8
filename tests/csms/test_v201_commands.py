"""Every neutral command and station message, said and answered in 2.0.1."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from websockets.asyncio.client import connect

from custom_components.ocpp_central.csms import (
    CentralSystem,
    Change,
    ChargerNotSupported,
    ChargerRejected,
    Settings,
)
from custom_components.ocpp_central.csms.auth import verify_password
from custom_components.ocpp_central.csms.authorization import Tag, TagPolicy
from custom_components.ocpp_central.csms.v201.tokens import register_at, samples
from tests.sim.v201 import SimChargingStation, SimStationConfig
from tests.sim.v201.device_model import Key

from .conftest import Recorder, url


@pytest.fixture
def settings() -> Settings:
    return Settings(host="127.0.0.1", port=0, auto_accept=True, call_timeout=5)


async def ready(cs: SimChargingStation) -> None:
    assert await cs.boot() == "Accepted"
    await cs.after_accepted()
    await cs.wait_for_call("GetLocalListVersion")


def station(central: CentralSystem, **options: object) -> SimChargingStation:
    return SimChargingStation(SimStationConfig(url(central, "CS1"), **options))  # type: ignore[arg-type]


async def test_installer_commands_speak_2_0_1(central: CentralSystem) -> None:
    async with station(central) as cs:
        await ready(cs)
        commands = central.control.installer("CS1")
        await central.control.set_available("CS1", 0, True)
        assert cs.calls[-1] == (
            "ChangeAvailability",
            {"operationalStatus": "Operative"},
        )
        assert await central.control.unlock("CS1", 1) == "Unlocked"
        assert cs.calls[-1] == ("UnlockConnector", {"evseId": 1, "connectorId": 1})
        profile = {
            "id": 5,
            "stackLevel": 1,
            "chargingProfilePurpose": "TxDefaultProfile",
            "chargingProfileKind": "Relative",
            "chargingSchedule": [
                {
                    "id": 1,
                    "chargingRateUnit": "A",
                    "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 7.5}],
                }
            ],
        }
        assert await commands.set_charging_profile(1, profile) == "Accepted"
        assert await commands.clear_charging_profile(None, 1, "tx_default", 1) in (
            "Accepted",
            "Unknown",
        )
        assert cs.calls[-1] == (
            "ClearChargingProfile",
            {
                "chargingProfileCriteria": {
                    "evseId": 1,
                    "chargingProfilePurpose": "TxDefaultProfile",
                    "stackLevel": 1,
                }
            },
        )
        schedule = await commands.get_composite_schedule(1, 600, "A")
        assert schedule["connector"] == 1
        with pytest.raises(ChargerNotSupported):
            await commands.data_transfer("acme", "hello", "data")
        expiry = datetime.now(UTC) + timedelta(hours=1)
        assert await commands.reserve_now(1, "TAG9", expiry, 12) == "Accepted"
        assert cs.calls[-1][1]["idToken"] == {"idToken": "TAG9", "type": "ISO14443"}
        assert await commands.cancel_reservation(12) == "Accepted"
        await commands.update_firmware("https://example.com/fw.bin", expiry, 2, 30)
        assert cs.calls[-1][1]["firmware"]["location"] == "https://example.com/fw.bin"
        name = await commands.get_diagnostics("ftp://example.com/", expiry, None)
        assert cs.calls[-1][0] == "GetLog" and name is not None
        assert await commands.clear_cache() == "Accepted"
        with pytest.raises(ValueError, match="cannot be asked"):
            await central.control.trigger("CS1", "nonsense")
        await central.control.refresh("CS1")
        assert cs.calls[-1] == (
            "TriggerMessage",
            {"requestedMessage": "MeterValues", "evse": {"id": 1}},
        )
        assert await central.control.reset("CS1", hard=True) == "Accepted"
        assert cs.calls[-1] == ("Reset", {"type": "Immediate"})


async def test_sessions_started_and_stopped_remotely(
    central: CentralSystem, recorder: Recorder
) -> None:
    async with station(central) as cs:
        await ready(cs)
        await cs.plug_in(1)
        await central.control.set_charging("CS1", 1, True)
        await recorder.wait_for("CS1", Change.SESSION_STARTED)
        transaction = central.chargers["CS1"].connectors[1].transaction
        assert transaction is not None
        await central.control.stop("CS1", 1)
        assert cs.calls[-1] == (
            "RequestStopTransaction",
            {"transactionId": str(transaction.id)},
        )
        await recorder.wait_for("CS1", Change.SESSION_STOPPED)
        with pytest.raises(ChargerRejected, match="NoSession"):
            await central.control.stop("CS1", 1)


async def test_without_smart_charging_a_pause_stops_and_a_resume_starts(
    central: CentralSystem,
) -> None:
    async with station(central) as cs:
        cs.device_model.set(Key("SmartChargingCtrlr", "Enabled"), "false")
        await ready(cs)
        commands = central.control.commands("CS1")
        assert commands.pause_by_stop()
        with pytest.raises(ChargerNotSupported):
            await central.control.set_installation_limit("CS1", 16)
        await cs.plug_in(1)
        await commands.resume(1, None, "home-assistant")
        assert cs.calls[-1][0] == "RequestStartTransaction"


async def test_a_resume_without_a_limit_clears_our_profile(
    central: CentralSystem,
) -> None:
    async with station(central) as cs:
        await ready(cs)
        await central.control.pause("CS1", 1)
        await central.control.resume("CS1", 1)
        assert cs.calls[-1] == ("ClearChargingProfile", {"chargingProfileId": 9101})


async def test_the_password_is_pushed_as_a_variable(central: CentralSystem) -> None:
    async with station(central, keep_connection_on_new_password=True) as cs:
        await ready(cs)
        assert await central.control.rotate_password("CS1") == "Accepted"
        pushed = cs.calls[-1][1]["setVariableData"][0]
        assert pushed["variable"]["name"] == "BasicAuthPassword"
        stored = central.chargers["CS1"].password
        assert stored is not None and verify_password(pushed["attributeValue"], stored)
        kept = central.chargers["CS1"].configuration.get(
            "SecurityCtrlr/BasicAuthPassword"
        )
        assert kept is None or kept.value != pushed["attributeValue"]


async def test_station_messages_are_answered(central: CentralSystem) -> None:
    async with station(central) as cs:
        await ready(cs)
        assert await cs.heartbeat()
        assert central.chargers["CS1"].last_heartbeat is not None
        assert await cs.authorize("TAG1") == "Accepted"
        await cs.firmware_status("Downloading")
        await cs.log_status("Uploading")
        charger = central.chargers["CS1"]
        assert (charger.firmware_status, charger.diagnostics_status) == (
            "Downloading",
            "Uploading",
        )
        await cs.security_event("FirmwareUpdated")
        assert await cs.sign_certificate("-----BEGIN CERTIFICATE REQUEST-----") == (
            "Rejected"
        )
        await cs.meter_values(0, [{"value": 12345}])
        assert charger.connectors[0].energy.register_wh == 12345


async def test_unknown_and_unsupported_messages_and_bad_evse_ids(
    central: CentralSystem,
) -> None:
    async with connect(url(central, "CS7"), subprotocols=["ocpp2.0.1"]) as ws:
        boot = {
            "reason": "PowerUp",
            "chargingStation": {"model": "M", "vendorName": "V"},
        }
        await ws.send(json.dumps([2, "b", "BootNotification", boot]))
        assert json.loads(await ws.recv())[2]["status"] == "Accepted"
        for frame, code in (
            ([2, "u", "MakeCoffee", {}], "NotImplemented"),
            (
                [
                    2,
                    "g",
                    "Get15118EVCertificate",
                    {
                        "iso15118SchemaVersion": "x",
                        "action": "Install",
                        "exiRequest": "x",
                    },
                ],
                "NotSupported",
            ),
            (
                [
                    2,
                    "s",
                    "StatusNotification",
                    {
                        "timestamp": "2026-01-01T00:00:00Z",
                        "connectorStatus": "Available",
                        "evseId": 999,
                        "connectorId": 1,
                    },
                ],
                "PropertyConstraintViolation",
            ),
            ([9, "t"], "MessageTypeNotSupported"),
        ):
            await ws.send(json.dumps(frame))
            while (answer := json.loads(await ws.recv()))[0] == 2:
                await ws.send(json.dumps([4, answer[1], "NotImplemented", "", {}]))
            assert answer[2] == code, frame


def test_meter_values_with_multipliers_and_the_end_register() -> None:
    found = samples(
        [
            {
                "timestamp": "2026-01-01T00:00:00Z",
                "sampledValue": [
                    {"value": 1.5, "unitOfMeasure": {"unit": "kWh", "multiplier": 0}},
                    {
                        "value": 7,
                        "measurand": "Power.Active.Import",
                        "unitOfMeasure": {"unit": "W", "multiplier": 3},
                    },
                    {
                        "value": 2,
                        "context": "Transaction.End",
                        "unitOfMeasure": {"unit": "kWh"},
                    },
                ],
            }
        ]
    )
    (_, sampled) = found[0]
    assert sampled[1]["value"] == 7000
    assert register_at(found, "Transaction.End") == 2000
    assert register_at(found, "Transaction.Begin") is None


async def test_a_pending_station_is_asked_to_boot_once_accepted(
    central: CentralSystem, recorder: Recorder
) -> None:
    central.settings.auto_accept = False
    async with station(central) as cs:
        assert await cs.boot() == "Pending"
        await central.accept("CS1")
        await cs.wait_until(lambda: cs.boot_status == "Accepted", timeout=10)
        await recorder.wait_for("CS1", Change.BOOT)


async def test_a_returning_station_is_asked_about_its_running_transaction(
    central: CentralSystem, recorder: Recorder
) -> None:
    async with station(central) as cs:
        await ready(cs)
        await cs.plug_in(1)
        await cs.start_transaction(1, "TAG1", "ISO14443", meter_wh=0)
        await cs.drop_link()
        await recorder.wait_for("CS1", Change.DISCONNECTED)
        await cs.reconnect()
        await cs.wait_for_call("GetTransactionStatus")
        asked = [p for a, p in cs.calls if a == "TriggerMessage"]
        assert {"requestedMessage": "TransactionEvent", "evse": {"id": 1}} in asked


async def test_the_tag_list_in_2_0_1_shape_full_then_differential(
    central: CentralSystem,
) -> None:
    async with station(central) as cs:
        await ready(cs)
        central.set_tags({"anna": Tag("ANNA", "Anna")}, TagPolicy.LISTED)
        await cs.wait_for_call("SendLocalList")
        central.set_tags({}, TagPolicy.LISTED)
        sent = await cs.wait_for_call("SendLocalList", count=2)
        assert sent["updateType"] == "Differential"
        assert sent["localAuthorizationList"] == [
            {"idToken": {"idToken": "ANNA", "type": "ISO14443"}}
        ]
        assert await central.control.send_local_list("CS1") == "Accepted"
        assert await central.control.local_list_version("CS1") == sent["versionNumber"]
        assert await cs.authorize("ANNA") == "Invalid"


async def test_display_message_refusals_are_typed(central: CentralSystem) -> None:
    async with station(
        central, answers={"SetDisplayMessage": "NotSupportedPriority"}
    ) as cs:
        await ready(cs)
        with pytest.raises(ChargerNotSupported):
            await central.control.display("CS1").set_display_message(
                1, "hello", "always_front", "en", datetime.now(UTC), None, "T1"
            )
        assert await central.control.display("CS1").get_display_messages() == []
