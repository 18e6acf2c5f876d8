"""The installer's services said in each version, with every option and refusal.

Each test runs against a 1.6 charger and a 2.0.1 station (`station_factory`);
where the versions name a field differently, the test says both names.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.sim.fixtures import StationFactory
from tests.sim.station import Station
from tests.sim.v201.device_model import Key

from .conftest import entry_data, wait_for_charger, ws_url
from .test_control_services import service
from .test_quirks import set_quirks
from .test_security import device_id


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


async def booted(
    hass: HomeAssistant, entry: MockConfigEntry, factory: StationFactory, **options: Any
) -> tuple[Station, str]:
    station = factory(ws_url(entry, "ST1"), **options)
    await station.connect()
    assert await station.boot() == "Accepted"
    await station.wait_for_request("local_list_version")
    await hass.async_block_till_done()
    return station, device_id(hass, "ST1")


def last(station: Station, kind: str) -> dict[str, Any]:
    return station.requests(kind)[-1]


async def test_a_composite_schedule_in_the_unit_asked_or_a_plain_refusal(
    hass: HomeAssistant, entry: MockConfigEntry, station_factory: StationFactory
) -> None:
    answers = {"GetCompositeSchedule": "Accepted"}
    station, device = await booted(hass, entry, station_factory, answers=answers)
    found = await service(
        hass, "get_composite_schedule", device, True, duration=900, rate_unit="W"
    )
    assert found["connector"] == 1
    asked = last(station, "composite_schedule")
    assert (asked["duration"], asked["chargingRateUnit"]) == (900, "W")
    answers["GetCompositeSchedule"] = "Rejected"
    with pytest.raises(HomeAssistantError) as refused:
        await service(hass, "get_composite_schedule", device, True)
    assert refused.value.translation_key == "charger_rejected"
    assert "chargingRateUnit" not in last(station, "composite_schedule")


async def test_data_transfer_tells_an_unknown_vendor_from_a_refusal(
    hass: HomeAssistant, entry: MockConfigEntry, station_factory: StationFactory
) -> None:
    answers: dict[str, str] = {"DataTransfer": "Accepted"}
    station, device = await booted(hass, entry, station_factory, answers=answers)
    answer = await service(
        hass,
        "data_transfer",
        device,
        True,
        vendor_id="SimVendor",
        message_id="Hello",
        data="garage",
    )
    assert answer["status"] == "Accepted"
    sent = last(station, "data_transfer")
    assert (sent["vendorId"], sent["messageId"], sent["data"]) == (
        "SimVendor",
        "Hello",
        "garage",
    )
    # Nobody at that vendor: the charger cannot do it, asking again won't help.
    answers["DataTransfer"] = "UnknownVendorId"
    with pytest.raises(ServiceValidationError) as unknown:
        await service(hass, "data_transfer", device, vendor_id="acme")
    assert unknown.value.translation_key == "charger_not_supported"
    assert "messageId" not in last(station, "data_transfer")
    answers["DataTransfer"] = "Rejected"
    with pytest.raises(HomeAssistantError) as refused:
        await service(hass, "data_transfer", device, vendor_id="SimVendor")
    assert refused.value.translation_key == "charger_rejected"


async def test_logs_for_a_period_and_firmware_with_its_retry_interval(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    station_factory: StationFactory,
    ocpp_version: str,
) -> None:
    station, device = await booted(hass, entry, station_factory)
    await service(
        hass,
        "get_diagnostics",
        device,
        True,
        location="ftp://logs.example/",
        start=datetime(2026, 10, 1, tzinfo=UTC),
        stop=datetime(2026, 10, 31, tzinfo=UTC),
    )
    asked = last(station, "logs")
    period = asked if ocpp_version == "1.6" else asked["log"]
    start, stop = (
        ("startTime", "stopTime")
        if ocpp_version == "1.6"
        else ("oldestTimestamp", "latestTimestamp")
    )
    assert period[start].startswith("2026-10-01T00:00:00")
    assert period[stop].startswith("2026-10-31T00:00:00")
    await service(
        hass,
        "update_firmware",
        device,
        location="https://example.com/fw.bin",
        retries=2,
        retry_interval=120,
    )
    firmware = last(station, "firmware")
    assert (firmware["retries"], firmware["retryInterval"]) == (2, 120)


@pytest.mark.parametrize("ocpp_version", ["2.0.1"])
async def test_a_station_refusing_its_log_upload_is_reported(
    hass: HomeAssistant, entry: MockConfigEntry, station_factory: StationFactory
) -> None:
    _, device = await booted(
        hass, entry, station_factory, answers={"GetLog": "Rejected"}
    )
    with pytest.raises(HomeAssistantError) as refused:
        await service(hass, "get_diagnostics", device, location="ftp://logs.example/")
    assert refused.value.translation_key == "charger_rejected"


async def test_a_trigger_for_one_outlet_and_a_profile_cleared_by_its_id(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    station_factory: StationFactory,
    ocpp_version: str,
) -> None:
    station, device = await booted(hass, entry, station_factory)
    await service(hass, "trigger_message", device, message="status", connector=1)
    trigger = last(station, "trigger")
    assert trigger["requestedMessage"] == "StatusNotification"
    outlet = trigger["connectorId"] if ocpp_version == "1.6" else trigger["evse"]["id"]
    assert outlet == 1
    # Asked of the whole station, the trigger names no outlet.
    await service(hass, "trigger_message", device, message="heartbeat")
    assert last(station, "trigger") == {"requestedMessage": "Heartbeat"}
    await service(hass, "clear_charging_profile", device, profile_id=7)
    cleared = last(station, "clear_limit")
    assert cleared == ({"id": 7} if ocpp_version == "1.6" else {"chargingProfileId": 7})


async def test_a_reservation_of_the_whole_station(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    station_factory: StationFactory,
    ocpp_version: str,
) -> None:
    station, device = await booted(hass, entry, station_factory)
    await service(
        hass,
        "reserve_now",
        device,
        connector=0,
        id_tag="ANNA",
        expiry="2030-01-01 10:00:00",
        reservation_id=3,
    )
    reserved = last(station, "reserve")
    if ocpp_version == "1.6":
        assert reserved["connectorId"] == 0
    else:
        assert "evseId" not in reserved  # no EVSE: any of the station's
        assert reserved["idToken"]["idToken"] == "ANNA"


async def test_quirks_shape_the_limit_in_either_version(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    station_factory: StationFactory,
    ocpp_version: str,
) -> None:
    station, device = await booted(hass, entry, station_factory)
    await set_quirks(
        hass, entry, "ST1", stack_level=4, relative_profile=True, rate_unit="watts"
    )
    await service(hass, "set_current_limit", device, connector=1, amps=10, duration=600)
    sent = last(station, "limit")
    profile = sent["csChargingProfiles" if ocpp_version == "1.6" else "chargingProfile"]
    schedule = profile["chargingSchedule"]
    if ocpp_version == "2.0.1":
        schedule = schedule[0]
    assert (profile["stackLevel"], profile["chargingProfileKind"]) == (4, "Relative")
    assert "startSchedule" not in schedule  # relative: from when it is received
    assert schedule["duration"] == 600
    assert schedule["chargingRateUnit"] == "W"
    assert schedule["chargingSchedulePeriod"][0]["limit"] > 2000  # 10 A in watts


async def test_without_smart_charging_a_limit_is_refused_as_unsupported(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    station_factory: StationFactory,
    ocpp_version: str,
) -> None:
    station = station_factory(ws_url(entry, "ST1"))
    if ocpp_version == "1.6":
        station.sim.config.configuration["SupportedFeatureProfiles"] = (
            "Core,FirmwareManagement,RemoteTrigger",
            True,
        )
        known = "SupportedFeatureProfiles"
    else:
        station.sim.device_model.set(Key("SmartChargingCtrlr", "Enabled"), "false")
        known = "SmartChargingCtrlr/Enabled"
    await station.connect()
    assert await station.boot() == "Accepted"
    await wait_for_charger(entry, "ST1", lambda c: known in c.configuration)
    with pytest.raises(ServiceValidationError) as refused:
        await service(
            hass, "set_current_limit", device_id(hass, "ST1"), connector=1, amps=10
        )
    assert refused.value.translation_key == "charger_not_supported"
    # Nor the installation's maximum, set from its number entity.
    number = next(
        e.entity_id
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
        if e.translation_key == "installation_max_current"
    )
    with pytest.raises(ServiceValidationError) as refused:
        await hass.services.async_call(
            "number", "set_value", {"entity_id": number, "value": 20}, blocking=True
        )
    assert refused.value.translation_key == "charger_not_supported"
    assert station.requests("limit") == []


@pytest.mark.parametrize("ocpp_version", ["2.0.1"])
async def test_a_remote_start_with_its_profile_and_a_stop_by_transaction_id(
    hass: HomeAssistant, entry: MockConfigEntry, station_factory: StationFactory
) -> None:
    station, device = await booted(hass, entry, station_factory)
    await station.plug_in(1)
    profile = {
        "id": 12,
        "stackLevel": 0,
        "chargingProfilePurpose": "TxProfile",
        "chargingProfileKind": "Relative",
        "chargingSchedule": [
            {
                "id": 1,
                "chargingRateUnit": "A",
                "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 6.0}],
            }
        ],
    }
    await service(hass, "remote_start", device, connector=1, charging_profile=profile)
    assert last(station, "start")["chargingProfile"] == profile
    await station.wait_until(lambda: station.transaction_id(1) is not None)
    transaction = station.transaction_id(1)
    await service(hass, "remote_stop", device, transaction_id=transaction)
    assert last(station, "stop") == {"transactionId": transaction}


@pytest.mark.parametrize("ocpp_version", ["1.6"])
async def test_a_1_6_transaction_id_must_be_a_number(
    hass: HomeAssistant, entry: MockConfigEntry, station_factory: StationFactory
) -> None:
    station, device = await booted(hass, entry, station_factory)
    with pytest.raises(ServiceValidationError) as bad:
        await service(hass, "remote_stop", device, transaction_id="CS1-7")
    assert bad.value.translation_key == "invalid_value"
    assert station.requests("stop") == []


async def test_a_limit_in_watts_uses_the_voltage_the_charger_reports(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    station_factory: StationFactory,
    ocpp_version: str,
) -> None:
    station, device = await booted(hass, entry, station_factory)
    await station.meter(1, 1000, voltage=240)  # a 240 V supply, not 230 V
    await set_quirks(hass, entry, "ST1", rate_unit="watts")
    await service(hass, "set_current_limit", device, connector=1, amps=10)
    sent = last(station, "limit")
    profile = sent["csChargingProfiles" if ocpp_version == "1.6" else "chargingProfile"]
    schedule = profile["chargingSchedule"]
    if ocpp_version == "2.0.1":
        schedule = schedule[0]
    period = schedule["chargingSchedulePeriod"][0]
    assert period["limit"] == 10 * 240 * period.get("numberPhases", 3)
