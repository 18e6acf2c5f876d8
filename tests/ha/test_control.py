"""Switches, numbers and buttons send exactly the OCPP calls described."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from ocpp.v16 import call
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ocpp_central.errors import call_charger
from custom_components.ocpp_central.issues import DISABLE_SCHEDULED
from tests.sim import NOANSWER, SimChargePoint, SimConfig

from .charging import start_session
from .conftest import entry_data, wait_for_state, ws_url
from .repairs import issue


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


async def ready(hass: HomeAssistant, cp: SimChargePoint) -> None:
    assert await cp.boot() == "Accepted"
    await cp.wait_for_call("GetLocalListVersion")
    await cp.status(1, "Available")
    await hass.async_block_till_done()


async def press(
    hass: HomeAssistant, domain: str, service: str, entity_id: str, **data: Any
) -> None:
    await hass.services.async_call(
        domain, service, {"entity_id": entity_id, **data}, blocking=True
    )


def limits(cp: SimChargePoint) -> list[tuple[str, float]]:
    return [
        (
            p["csChargingProfiles"]["chargingProfilePurpose"],
            p["csChargingProfiles"]["chargingSchedule"]["chargingSchedulePeriod"][0][
                "limit"
            ],
        )
        for action, p in cp.calls
        if action == "SetChargingProfile"
    ]


async def test_the_charging_switch_pauses_resumes_and_follows_the_charger(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        await ready(hass, cp)
        tx = await start_session(cp)
        await wait_for_state(hass, "switch.cp1_charging", "on")
        await press(hass, "number", "set_value", "number.cp1_current_limit", value=10.5)
        await press(hass, "switch", "turn_off", "switch.cp1_charging")
        # Off while our pause is in force, whatever the charger still says.
        assert hass.states.get("switch.cp1_charging").state == "off"
        await cp.status(1, "SuspendedEVSE")
        await wait_for_state(hass, "switch.cp1_charging", "off")
        await press(hass, "switch", "turn_on", "switch.cp1_charging")
        assert limits(cp) == [
            ("TxDefaultProfile", 10.5),
            ("TxDefaultProfile", 0),
            ("TxDefaultProfile", 10.5),
        ]
        assert tx
    assert not any(purpose == "ChargePointMaxProfile" for purpose, _ in limits(cp))


async def test_the_current_limit_is_restored_and_bounded_by_the_installation(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        await ready(hass, cp)
        await press(
            hass,
            "number",
            "set_value",
            "number.cp1_installation_maximum_current",
            value=20,
        )
        assert limits(cp) == [("ChargePointMaxProfile", 20)]
        assert hass.states.get("number.cp1_current_limit").attributes["max"] == 20
        await press(hass, "number", "set_value", "number.cp1_current_limit", value=13)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        await cp.heartbeat()
        await wait_for_state(hass, "number.cp1_current_limit", "13.0")
        assert await cp.boot() == "Accepted"  # a reboot: the limit is sent again
        profile = await cp.wait_for_call("SetChargingProfile")
        assert (
            profile["csChargingProfiles"]["chargingSchedule"]["chargingSchedulePeriod"][
                0
            ]["limit"]
            == 13
        )


async def test_answers_surface_as_translated_errors(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    config = SimConfig(
        ws_url(entry),
        answers={
            "SetChargingProfile": "Rejected",
            "UnlockConnector": NOANSWER,
            "Reset": "Rejected",
        },
    )
    async with SimChargePoint(config) as cp:
        await ready(hass, cp)
        entry.runtime_data.system.sessions["CP1"].rpc.call_timeout = 0.3
        with pytest.raises(HomeAssistantError) as rejected:
            await press(
                hass, "number", "set_value", "number.cp1_current_limit", value=8
            )
        assert rejected.value.translation_key == "charger_rejected"
        assert rejected.value.translation_placeholders == {
            "charger": "CP1",
            "status": "Rejected",
        }
        with pytest.raises(HomeAssistantError) as silent:
            await press(hass, "button", "press", "button.cp1_unlock_connector")
        assert silent.value.translation_key == "charger_timeout"
        with pytest.raises(HomeAssistantError) as not_plugged:
            await press(hass, "switch", "turn_on", "switch.cp1_charging")
        assert not_plugged.value.translation_placeholders["status"] == "NotPluggedIn"
    await wait_for_state(hass, "binary_sensor.cp1_connected", "off")
    assert hass.states.get("button.cp1_restart").state == "unavailable"
    with pytest.raises(HomeAssistantError) as offline:
        await call_charger("CP1", entry.runtime_data.system.control.reset("CP1"))
    assert offline.value.translation_key == "charger_offline"


async def test_buttons_availability_and_operation_sensors(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    config = SimConfig(ws_url(entry), answers={"ChangeAvailability": "Scheduled"})
    async with SimChargePoint(config) as cp:
        await ready(hass, cp)
        await press(hass, "button", "press", "button.cp1_restart")
        assert cp.calls[-1] == ("Reset", {"type": "Soft"})
        await press(hass, "button", "press", "button.cp1_hard_restart")
        assert cp.calls[-1] == ("Reset", {"type": "Hard"})
        await press(hass, "button", "press", "button.cp1_unlock_connector")
        assert cp.calls[-1] == ("UnlockConnector", {"connectorId": 1})
        await press(hass, "button", "press", "button.cp1_refresh")
        triggers = [p["requestedMessage"] for a, p in cp.calls if a == "TriggerMessage"]
        assert triggers[-2:] == ["StatusNotification", "MeterValues"]
        await press(hass, "switch", "turn_off", "switch.cp1_available")
        assert cp.calls[-1] == (
            "ChangeAvailability",
            {"connectorId": 1, "type": "Inoperative"},
        )
        assert issue(hass, DISABLE_SCHEDULED, entry, "CP1", 1) is not None
        assert (
            hass.states.get("switch.cp1_available").state == "on"
        )  # still, until the session ends
        await cp.request(call.FirmwareStatusNotification(status="Downloading"))
        await cp.request(call.DiagnosticsStatusNotification(status="Uploaded"))
        await hass.async_block_till_done()
        assert hass.states.get("sensor.cp1_firmware_status").state == "Downloading"
        assert hass.states.get("sensor.cp1_diagnostics_status").state == "Uploaded"
