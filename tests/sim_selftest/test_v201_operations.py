"""Self-test of the 2.0.1 station's everyday handlers and its own notifications."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from ocpp.v201 import call

from tests.sim.v201 import SimChargingStation, SimStationConfig

from .fake_central import TIMEOUT
from .fake_csms201 import CsmsSession, FakeCsms

TOKEN = {"id_token": "TAG", "type": "ISO14443"}


@pytest.fixture
async def csms() -> Any:
    async with FakeCsms() as central:
        yield central


@pytest.fixture
async def station(csms: FakeCsms) -> Any:
    cs = SimChargingStation(SimStationConfig(csms.url("OP1"), evses=(1, 1)))
    await cs.connect()
    session = await csms.next_session()
    assert await cs.boot() == "Accepted"
    yield cs, session
    await cs.close()


async def test_change_availability_for_the_station_an_evse_and_during_a_session(
    station: tuple[SimChargingStation, CsmsSession],
) -> None:
    cs, session = station
    result = await session.request(
        call.ChangeAvailability(operational_status="Inoperative", evse={"id": 2})
    )
    assert result.status == "Accepted"
    status = await session.expect("StatusNotification")
    assert (status["evseId"], status["connectorStatus"]) == (2, "Unavailable")
    assert (cs.available(1), cs.available(2)) == (True, False)
    await cs.start_transaction(1, "TAG")
    result = await session.request(
        call.ChangeAvailability(operational_status="Inoperative")
    )
    assert result.status == "Scheduled"
    assert not cs.available(1) and not cs.available(0)
    result = await session.request(
        call.ChangeAvailability(operational_status="Operative")
    )
    assert result.status == "Accepted"
    assert cs.available(1) and not cs.available(2)
    result = await session.request(
        call.ChangeAvailability(operational_status="Operative", evse={"id": 9})
    )
    assert result.status == "Rejected"


async def test_unlock_answers_follow_the_connector(
    station: tuple[SimChargingStation, CsmsSession],
) -> None:
    cs, session = station
    answers = []
    for evse, connector in [(1, 1), (1, 2), (5, 1)]:
        result = await session.request(
            call.UnlockConnector(evse_id=evse, connector_id=connector)
        )
        answers.append(result.status)
    await cs.start_transaction(1, "TAG")
    result = await session.request(call.UnlockConnector(evse_id=1, connector_id=1))
    answers.append(result.status)
    assert answers == [
        "Unlocked",
        "UnknownConnector",
        "UnknownConnector",
        "OngoingAuthorizedTransaction",
    ]


@pytest.mark.parametrize(
    ("requested", "action"),
    [
        ("Heartbeat", "Heartbeat"),
        ("StatusNotification", "StatusNotification"),
        ("MeterValues", "MeterValues"),
        ("TransactionEvent", "TransactionEvent"),
        ("LogStatusNotification", "LogStatusNotification"),
        ("FirmwareStatusNotification", "FirmwareStatusNotification"),
        ("SignChargingStationCertificate", "SignCertificate"),
    ],
)
async def test_trigger_message_sends_the_requested_message(
    station: tuple[SimChargingStation, CsmsSession], requested: str, action: str
) -> None:
    cs, session = station
    tx = await cs.start_transaction(2, "TAG")
    await session.expect("TransactionEvent")
    result = await session.request(
        call.TriggerMessage(requested_message=requested, evse={"id": 2})
    )
    assert result.status == "Accepted"
    payload = await session.expect(action)
    if action == "TransactionEvent":
        assert payload["triggerReason"] == "Trigger"
        assert payload["transactionInfo"]["transactionId"] == tx
    if action in ("StatusNotification", "MeterValues"):
        assert payload["evseId"] == 2


async def test_trigger_message_refuses_what_it_cannot_send(
    station: tuple[SimChargingStation, CsmsSession],
) -> None:
    _, session = station
    result = await session.request(
        call.TriggerMessage(requested_message="SignV2GCertificate")
    )
    assert result.status == "NotImplemented"


async def test_local_list_full_and_differential_updates(
    station: tuple[SimChargingStation, CsmsSession],
) -> None:
    cs, session = station
    accepted = {"status": "Accepted"}
    entries = [
        {"id_token": {"id_token": "A", "type": "ISO14443"}, "id_token_info": accepted},
        {"id_token": {"id_token": "B", "type": "KeyCode"}, "id_token_info": accepted},
    ]
    result = await session.request(
        call.SendLocalList(
            version_number=1, update_type="Full", local_authorization_list=entries
        )
    )
    assert result.status == "Accepted"
    removal = [{"id_token": {"id_token": "A", "type": "ISO14443"}}]
    result = await session.request(
        call.SendLocalList(
            version_number=1,
            update_type="Differential",
            local_authorization_list=removal,
        )
    )
    assert result.status == "VersionMismatch"
    result = await session.request(
        call.SendLocalList(
            version_number=2,
            update_type="Differential",
            local_authorization_list=removal,
        )
    )
    assert result.status == "Accepted"
    assert list(cs.local_list) == ["B"]
    assert cs.device_model.value("LocalAuthListCtrlr", "Entries") == "1"
    version = await session.request(call.GetLocalListVersion())
    assert version.version_number == 2
    assert (await session.request(call.ClearCache())).status == "Accepted"


async def test_reservations_are_made_cancelled_and_expire(
    station: tuple[SimChargingStation, CsmsSession],
) -> None:
    cs, session = station
    expiry = "2030-01-01T00:00:00Z"
    result = await session.request(
        call.ReserveNow(id=1, expiry_date_time=expiry, id_token=TOKEN, evse_id=1)
    )
    assert result.status == "Accepted"
    status = await session.expect("StatusNotification")
    assert status["connectorStatus"] == "Reserved"
    result = await session.request(
        call.ReserveNow(id=2, expiry_date_time=expiry, id_token=TOKEN, evse_id=1)
    )
    assert result.status == "Occupied"
    assert (
        await session.request(call.CancelReservation(reservation_id=1))
    ).status == "Accepted"
    assert (
        await session.request(call.CancelReservation(reservation_id=1))
    ).status == "Rejected"
    result = await session.request(
        call.ReserveNow(id=3, expiry_date_time=expiry, id_token=TOKEN)
    )
    assert result.status == "Accepted"
    await cs.expire_reservation(3)
    update = await session.expect("ReservationStatusUpdate")
    assert update == {"reservationId": 3, "reservationUpdateStatus": "Expired"}


async def test_firmware_and_log_requests_report_their_progress(
    station: tuple[SimChargingStation, CsmsSession],
) -> None:
    _, session = station
    firmware = {
        "location": "https://fw.example/1.bin",
        "retrieve_date_time": "2025-01-01T00:00:00Z",
    }
    result = await session.request(call.UpdateFirmware(request_id=5, firmware=firmware))
    assert result.status == "Accepted"
    steps = [await session.expect("FirmwareStatusNotification") for _ in range(5)]
    assert [s["status"] for s in steps] == [
        "Downloading",
        "Downloaded",
        "SignatureVerified",
        "Installing",
        "Installed",
    ]
    assert {s["requestId"] for s in steps} == {5}
    log = {"remote_location": "https://logs.example/"}
    result = await session.request(
        call.GetLog(log=log, log_type="DiagnosticsLog", request_id=6)
    )
    assert (result.status, result.filename) == ("Accepted", "DiagnosticsLog-6.log")
    steps = [await session.expect("LogStatusNotification") for _ in range(2)]
    assert [s["status"] for s in steps] == ["Uploading", "Uploaded"]


async def test_display_messages_data_transfer_and_certificates(
    station: tuple[SimChargingStation, CsmsSession],
) -> None:
    cs, session = station
    message = {
        "id": 4,
        "priority": "NormalCycle",
        "message": {"format": "UTF8", "content": "Solar only today"},
    }
    assert (
        await session.request(call.SetDisplayMessage(message=message))
    ).status == "Accepted"
    html = {**message, "id": 5, "message": {"format": "HTML", "content": "<b>x</b>"}}
    result = await session.request(call.SetDisplayMessage(message=html))
    assert result.status == "NotSupportedMessageFormat"
    assert (
        await session.request(call.GetDisplayMessages(request_id=8))
    ).status == "Accepted"
    shown = await session.expect("NotifyDisplayMessages")
    assert shown["messageInfo"][0]["message"]["content"] == "Solar only today"
    assert (await session.request(call.ClearDisplayMessage(id=4))).status == "Accepted"
    assert (
        await session.request(call.GetDisplayMessages(request_id=9))
    ).status == "Unknown"

    result = await session.request(
        call.DataTransfer(vendor_id="SimVendor", data={"a": 1})
    )
    assert (result.status, result.data) == ("Accepted", {"a": 1})
    result = await session.request(call.DataTransfer(vendor_id="Other"))
    assert result.status == "UnknownVendorId"

    pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"
    result = await session.request(
        call.InstallCertificate(certificate_type="CSMSRootCertificate", certificate=pem)
    )
    assert result.status == "Accepted"
    ids = await session.request(
        call.GetInstalledCertificateIds(certificate_type=["CSMSRootCertificate"])
    )
    assert ids.status == "Accepted"
    hash_data = ids.certificate_hash_data_chain[0]["certificate_hash_data"]
    result = await session.request(
        call.DeleteCertificate(certificate_hash_data=hash_data)
    )
    assert result.status == "Accepted"
    ids = await session.request(call.GetInstalledCertificateIds())
    assert ids.status == "NotFound"
    result = await session.request(call.CertificateSigned(certificate_chain=pem))
    assert result.status == "Accepted"
    assert cs.signed_certificates == {"ChargingStationCertificate": pem}


async def test_station_initiated_notifications_are_valid_2_0_1(
    station: tuple[SimChargingStation, CsmsSession],
) -> None:
    cs, session = station
    await cs.notify_event("ChargingStation", "Problem", "true", tech_info="RCD tripped")
    event = (await session.expect("NotifyEvent"))["eventData"][0]
    assert (event["component"], event["actualValue"]) == (
        {"name": "ChargingStation"},
        "true",
    )
    await cs.security_event("SettingSystemTime")
    assert (
        await cs.notify_ev_charging_needs(1, departure="2025-06-01T17:00:00Z")
        == "Accepted"
    )
    needs = await session.expect("NotifyEVChargingNeeds")
    assert needs["chargingNeeds"]["acChargingParameters"]["energyAmount"] == 20000
    await cs.notify_charging_limit(1, 10)
    limit = await session.expect("NotifyChargingLimit")
    assert limit["chargingLimit"] == {"chargingLimitSource": "EMS"}
    assert await cs.sign_certificate() == "Accepted"
    assert session.refused == []


async def test_reset_immediate_ends_sessions_and_reboots(
    csms: FakeCsms, station: tuple[SimChargingStation, CsmsSession]
) -> None:
    cs, session = station
    tx = await cs.start_transaction(1, "TAG")
    assert (await session.request(call.Reset(type="Immediate"))).status == "Accepted"
    ended = [await session.expect("TransactionEvent") for _ in range(2)][1]
    assert ended["transactionInfo"] == {
        "transactionId": tx,
        "chargingState": "Idle",
        "stoppedReason": "ImmediateReset",
    }
    again = await csms.next_session()
    assert (await again.expect("BootNotification"))["reason"] == "RemoteReset"
    assert len([await again.expect("StatusNotification") for _ in range(2)]) == 2


async def test_reset_on_idle_waits_for_the_transaction(
    csms: FakeCsms, station: tuple[SimChargingStation, CsmsSession]
) -> None:
    cs, session = station
    await cs.start_transaction(2, "TAG")
    assert (
        await session.request(call.Reset(type="OnIdle", evse_id=2))
    ).status == "Scheduled"
    await cs.end_transaction(2)
    statuses = [await session.expect("StatusNotification") for _ in range(2)]
    assert [s["connectorStatus"] for s in statuses] == ["Unavailable", "Available"]
    assert session.actions.count("BootNotification") == 1  # only the EVSE reset

    await cs.start_transaction(1, "TAG")
    assert (await session.request(call.Reset(type="OnIdle"))).status == "Scheduled"
    await cs.end_transaction(1)
    again = await csms.next_session()
    assert (await again.expect("BootNotification"))["reason"] == "ScheduledReset"
    assert (
        await again.request(call.Reset(type="Immediate", evse_id=9))
    ).status == "Rejected"


async def test_a_network_profile_upgrade_takes_effect_at_the_reboot(
    csms: FakeCsms, station: tuple[SimChargingStation, CsmsSession]
) -> None:
    cs, session = station
    data = {
        "ocpp_version": "OCPP20",
        "ocpp_transport": "JSON",
        "ocpp_csms_url": csms.url("").rstrip("/") + "/v2",
        "message_timeout": 30,
        "security_profile": 2,
        "ocpp_interface": "Wired0",
    }
    result = await session.request(
        call.SetNetworkProfile(configuration_slot=1, connection_data=data)
    )
    assert result.status == "Accepted"
    weaker = {**data, "security_profile": 0}
    result = await session.request(
        call.SetNetworkProfile(configuration_slot=2, connection_data=weaker)
    )
    assert result.status == "Rejected"
    priority = {
        "component": {"name": "OCPPCommCtrlr"},
        "variable": {"name": "NetworkConfigurationPriority"},
    }
    unknown = {**priority, "attribute_value": "3,0"}
    result = await session.request(call.SetVariables(set_variable_data=[unknown]))
    assert result.set_variable_result[0]["attribute_status"] == "Rejected"
    upgrade = {**priority, "attribute_value": "1,0"}
    result = await session.request(call.SetVariables(set_variable_data=[upgrade]))
    assert result.set_variable_result[0]["attribute_status"] == "Accepted"
    assert (await session.request(call.Reset(type="OnIdle"))).status == "Accepted"
    again = await csms.next_session()
    assert again.path == "/v2/OP1"
    assert cs.device_model.value("SecurityCtrlr", "SecurityProfile") == "2"


async def test_run_reboots_after_a_reset_and_reconnects(csms: FakeCsms) -> None:
    cs = SimChargingStation(SimStationConfig(csms.url("OP2")))
    stop = asyncio.Event()
    runner = asyncio.create_task(cs.run(stop=stop))
    try:
        first = await csms.next_session()
        await first.expect("StatusNotification")
        assert (await first.request(call.Reset(type="Immediate"))).status == "Accepted"
        second = await csms.next_session()
        assert (await second.expect("BootNotification"))["reason"] == "RemoteReset"
        await second.expect("StatusNotification")
    finally:
        stop.set()
        async with asyncio.timeout(TIMEOUT):
            await runner
        await cs.close()
