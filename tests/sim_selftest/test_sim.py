"""Self-test of tests.sim against a minimal raw-JSON central system."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.sim import NOANSWER, SimChargePoint, SimConfig, default_configuration

from .fake_central import NOW, TIMEOUT, FakeCentral, basic_auth

CHARGING_PROFILE = {
    "connectorId": 1,
    "csChargingProfiles": {
        "chargingProfileId": 1,
        "stackLevel": 0,
        "chargingProfilePurpose": "TxDefaultProfile",
        "chargingProfileKind": "Relative",
        "chargingSchedule": {
            "chargingRateUnit": "A",
            "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 16.0}],
        },
    },
}


def test_config_defaults() -> None:
    config = SimConfig(url="ws://127.0.0.1:9/ocpp/CP%201/", connectors=2)
    assert config.identity == "CP 1"
    assert config.configuration["NumberOfConnectors"] == ("2", True)
    assert config.configuration["HeartbeatInterval"] == ("300", False)
    assert "AuthorizationKey" not in config.configuration
    assert SimConfig(url="ws://h/x", identity="Y").identity == "Y"
    assert "NumberOfConnectors" not in default_configuration()
    assert default_configuration(3)["NumberOfConnectors"] == ("3", True)


@pytest.mark.asyncio
async def test_requests_and_answers() -> None:
    async with FakeCentral() as central:
        answers = {"Reset": "Rejected", "UnlockConnector": NOANSWER}
        config = SimConfig(url=central.url("CP%201"), connectors=2, answers=answers)
        async with SimChargePoint(config) as cp:
            session = await central.next_session()
            assert (cp.id, session.path, session.auth) == ("CP 1", "/CP%201", None)
            assert session.ws.subprotocol == "ocpp1.6"

            central.boot_answers = [("Pending", 7)]
            assert await cp.boot() == "Pending"
            assert (cp.boot_status, cp.heartbeat_interval) == ("Pending", 7)
            assert await session.expect("BootNotification") == {
                "chargePointVendor": "SimVendor",
                "chargePointModel": "SimModel",
                "chargePointSerialNumber": "SIM-0001",
                "firmwareVersion": "1.0.0",
            }
            reply = await session.call(
                "TriggerMessage", {"requestedMessage": "BootNotification"}
            )
            assert reply[2] == {"status": "Accepted"}
            await session.expect("BootNotification")
            assert await cp.wait_for_call("TriggerMessage") == {
                "requestedMessage": "BootNotification"
            }

            assert await cp.heartbeat() == NOW
            await cp.status(1, "Charging", info="plugged")
            assert await session.expect("StatusNotification") == {
                "connectorId": 1,
                "errorCode": "NoError",
                "status": "Charging",
                "info": "plugged",
            }

            # GetConfiguration: everything but the write-only AuthorizationKey.
            reply = await session.call("GetConfiguration")
            reported = {
                k["key"]: (k["value"], k["readonly"])
                for k in reply[2]["configurationKey"]
            }
            assert reported == config.configuration
            assert reported["NumberOfConnectors"] == ("2", True)
            assert "unknownKey" not in reply[2]
            keys = ["HeartbeatInterval", "Nope", "AuthorizationKey"]
            reply = await session.call("GetConfiguration", {"key": keys})
            assert reply[2] == {
                "configurationKey": [
                    {"key": "HeartbeatInterval", "readonly": False, "value": "300"}
                ],
                "unknownKey": ["Nope", "AuthorizationKey"],
            }

            for key, value, expected in [
                (
                    "MeterValuesSampledData",
                    "Energy.Active.Import.Register,Bogus",
                    "Rejected",
                ),
                (
                    "MeterValuesSampledData",
                    "Energy.Active.Import.Register,SoC",
                    "Accepted",
                ),
                ("NumberOfConnectors", "5", "Rejected"),
                ("NoSuchKey", "1", "NotSupported"),
                ("HeartbeatInterval", "60", "Accepted"),
            ]:
                payload = {"key": key, "value": value}
                reply = await session.call("ChangeConfiguration", payload)
                assert reply[2] == {"status": expected}, payload
            assert config.configuration["MeterValuesSampledData"] == (
                "Energy.Active.Import.Register,SoC",
                False,
            )
            assert config.configuration["NumberOfConnectors"] == ("2", True)
            assert cp.heartbeat_interval == 60
            assert await cp.wait_for_call("ChangeConfiguration", count=3) == {
                "key": "NumberOfConnectors",
                "value": "5",
            }

            # Triggered messages are sent after the answer.
            for requested, connector, action, count in [
                ("StatusNotification", None, "StatusNotification", 3),
                ("MeterValues", 2, "MeterValues", 1),
                ("Heartbeat", None, "Heartbeat", 1),
            ]:
                trigger: dict[str, Any] = {"requestedMessage": requested}
                if connector is not None:
                    trigger["connectorId"] = connector
                reply = await session.call("TriggerMessage", trigger)
                assert reply[2] == {"status": "Accepted"}
                got = [await session.expect(action) for _ in range(count)]
                if requested == "StatusNotification":
                    states = [(g["connectorId"], g["status"]) for g in got]
                    assert states == [
                        (0, "Available"),
                        (1, "Charging"),
                        (2, "Available"),
                    ]
                if requested == "MeterValues":
                    assert got[0]["connectorId"] == 2
                    sample = got[0]["meterValue"][0]["sampledValue"][0]
                    assert sample["value"] == "0"
            reply = await session.call(
                "TriggerMessage", {"requestedMessage": "DiagnosticsStatusNotification"}
            )
            assert reply[2] == {"status": "NotImplemented"}

            # Plain answers, overrides and "noanswer".
            cases: list[tuple[str, dict[str, Any], str]] = [
                (
                    "ChangeAvailability",
                    {"connectorId": 0, "type": "Inoperative"},
                    "Accepted",
                ),
                ("Reset", {"type": "Soft"}, "Rejected"),
                ("RemoteStartTransaction", {"idTag": "TAG"}, "Accepted"),
                ("RemoteStopTransaction", {"transactionId": 1}, "Accepted"),
                ("SetChargingProfile", CHARGING_PROFILE, "Accepted"),
                ("ClearChargingProfile", {}, "Accepted"),
                ("ClearCache", {}, "Accepted"),
            ]
            for action, request, expected in cases:
                reply = await session.call(action, request)
                assert reply[2] == {"status": expected}, action
            unanswered = await session.send_call("UnlockConnector", {"connectorId": 1})
            reply = await session.call("DataTransfer", {"vendorId": "V"})
            assert reply[2] == {"status": "Accepted"}
            assert not unanswered.done()  # the sim answers in order: this one never
            assert ("UnlockConnector", {"connectorId": 1}) in cp.calls
            del config.answers["UnlockConnector"]
            reply = await session.call("UnlockConnector", {"connectorId": 1})
            assert reply[2] == {"status": "Unlocked"}
            reply = await session.call("Reset", {"type": "Bogus"})
            assert reply[0] == 4  # schema violation -> CALLERROR

            # Raw frames both ways.
            await cp.send_raw("not json")
            async with asyncio.timeout(TIMEOUT):
                assert await session.raw.get() == "not json"
            await session.ws.send("hello")
            assert await cp.wait_for_frame(lambda f: f == "hello") == "hello"
            frame = await cp.wait_for_frame(lambda f: f[2] == "ClearCache")
            assert frame[0] == 2
            assert [a for a, _ in cp.calls].count("TriggerMessage") == 5
            assert len(cp.frames_in) > len(cp.calls)
            with pytest.raises(TimeoutError):
                await cp.wait_for_call("GetDiagnostics", timeout=0.01)

            # A new AuthorizationKey closes the link (run() would reconnect).
            payload = {"key": "AuthorizationKey", "value": "0123456789abcdef"}
            reply = await session.call("ChangeConfiguration", payload)
            assert reply[2] == {"status": "Accepted"}
            assert await cp.wait_closed() == 1000
            assert not cp.connected
            assert config.password == "0123456789abcdef"
            assert "AuthorizationKey" not in config.configuration


@pytest.mark.asyncio
async def test_wait_closed_and_close() -> None:
    async with FakeCentral() as central:
        cp = SimChargePoint(SimConfig(url=central.url("CP2")))
        assert await cp.wait_closed() is None
        await cp.connect()
        session = await central.next_session()
        await session.ws.close(1009)
        assert await cp.wait_closed() == 1009
        assert not cp.connected
        with pytest.raises(ConnectionClosed):
            await cp.heartbeat()
        await cp.close()
        await cp.close()  # idempotent


@pytest.mark.asyncio
async def test_handshake_refused_without_password() -> None:
    async with FakeCentral(password="pw") as central:
        for password in (None, "wrong"):
            cp = SimChargePoint(SimConfig(url=central.url("CP3"), password=password))
            with pytest.raises(InvalidStatus) as refused:
                await cp.connect()
            assert refused.value.response.status_code == 401
        config = SimConfig(url=central.url("CP3"), password="pw")
        async with SimChargePoint(config) as cp:
            assert cp.connected
            session = await central.next_session()
            assert session.auth == basic_auth("CP3", "pw")


@pytest.mark.asyncio
async def test_run_boots_heartbeats_and_rekeys() -> None:
    async with FakeCentral() as central:
        central.boot_answers = [("Pending", 300), ("Accepted", 1)]
        config = SimConfig(url=central.url("CP4"), connectors=1, password="old")
        cp = SimChargePoint(config)
        stop = asyncio.Event()
        accepted: list[str | None] = []
        runner = asyncio.create_task(
            cp.run(stop=stop, on_accepted=lambda c: accepted.append(c.boot_status))
        )
        try:
            first = await central.next_session()
            assert first.auth == basic_auth("CP4", "old")
            await first.expect("BootNotification")  # answered Pending, retry in 300s
            reply = await first.call(
                "TriggerMessage", {"requestedMessage": "BootNotification"}
            )
            assert reply[2] == {"status": "Accepted"}
            await first.expect("BootNotification")  # answered Accepted
            states = [await first.expect("StatusNotification") for _ in range(2)]
            assert [s["connectorId"] for s in states] == [0, 1]
            assert accepted == ["Accepted"]
            await first.expect("Heartbeat")  # interval 1 s

            payload = {"key": "AuthorizationKey", "value": "new-secret-key-16"}
            reply = await first.call("ChangeConfiguration", payload)
            assert reply[2] == {"status": "Accepted"}
            second = await central.next_session()
            assert second.auth == basic_auth("CP4", "new-secret-key-16")
            await first.ws.wait_closed()
            assert first.ws.close_code == 1000
            states = [await second.expect("StatusNotification") for _ in range(2)]
            assert [s["connectorId"] for s in states] == [0, 1]
            await second.expect("Heartbeat")
            assert second.actions == ["StatusNotification"] * 2 + ["Heartbeat"]
            assert accepted == ["Accepted"]
        finally:
            stop.set()
            async with asyncio.timeout(TIMEOUT):
                await runner
            await cp.close()
        assert second.ws.close_code == 1000
