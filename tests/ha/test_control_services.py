"""Every command service produces exactly its OCPP call; answers surface."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ocpp_central.const import DOMAIN
from tests.sim import SimChargePoint, SimConfig

from .charging import start_session
from .conftest import entry_data, ws_url


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


PROFILE = {
    "chargingProfileId": 7,
    "stackLevel": 1,
    "chargingProfilePurpose": "TxDefaultProfile",
    "chargingProfileKind": "Relative",
    "chargingSchedule": {
        "chargingRateUnit": "A",
        "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 8.5}],
    },
}


async def service(
    hass: HomeAssistant, name: str, device_id: str, response: bool = False, **data: Any
) -> Any:
    return await hass.services.async_call(
        DOMAIN,
        name,
        {"device_id": device_id, **data},
        blocking=True,
        return_response=response,
    )


@pytest.mark.parametrize(
    ("name", "data", "action", "payload"),
    [
        (
            "trigger_message",
            {"message": "heartbeat"},
            "TriggerMessage",
            {"requestedMessage": "Heartbeat"},
        ),
        (
            "set_charging_profile",
            {"connector": 1, "profile": PROFILE},
            "SetChargingProfile",
            {"connectorId": 1, "csChargingProfiles": PROFILE},
        ),
        (
            "clear_charging_profile",
            {"purpose": "tx", "stack_level": 2},
            "ClearChargingProfile",
            {"chargingProfilePurpose": "TxProfile", "stackLevel": 2},
        ),
        (
            "cancel_reservation",
            {"reservation_id": 4},
            "CancelReservation",
            {"reservationId": 4},
        ),
        (
            "remote_start",
            {"connector": 1},
            "RemoteStartTransaction",
            {"connectorId": 1, "idTag": "home-assistant"},
        ),
        (
            "remote_start",
            {"connector": 1, "id_tag": "ANNA"},
            "RemoteStartTransaction",
            {"connectorId": 1, "idTag": "ANNA"},
        ),
        ("clear_cache", {}, "ClearCache", {}),
        (
            "change_configuration",
            {"key": "HeartbeatInterval", "value": "120"},
            "ChangeConfiguration",
            {"key": "HeartbeatInterval", "value": "120"},
        ),
    ],
)
async def test_each_service_sends_its_call(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    name: str,
    data: dict[str, Any],
    action: str,
    payload: dict[str, Any],
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        await cp.wait_for_call("GetLocalListVersion")
        await hass.async_block_till_done()
        device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, "CP1")})
        assert device is not None
        await service(hass, name, device.id, **data)
        assert cp.calls[-1] == (action, payload)


async def test_services_with_answers_and_errors(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    config = SimConfig(
        ws_url(entry),
        answers={"GetCompositeSchedule": "Accepted", "ReserveNow": "Occupied"},
    )
    async with SimChargePoint(config) as cp:
        assert await cp.boot() == "Accepted"
        await cp.wait_for_call("GetLocalListVersion")
        await hass.async_block_till_done()
        device_id = (
            dr.async_get(hass).async_get_device(identifiers={(DOMAIN, "CP1")}).id
        )  # type: ignore[union-attr]
        found = await service(
            hass, "get_configuration", device_id, True, keys=["HeartbeatInterval"]
        )
        assert found == {
            "keys": [{"key": "HeartbeatInterval", "value": "300", "readonly": False}],
            "unknown_keys": [],
        }
        assert await service(
            hass,
            "change_configuration",
            device_id,
            True,
            key="HeartbeatInterval",
            value="60",
        ) == {"status": "Accepted"}
        with pytest.raises(HomeAssistantError) as refused:
            await service(
                hass,
                "change_configuration",
                device_id,
                key="NumberOfConnectors",
                value="3",
            )
        assert refused.value.translation_key == "charger_rejected"
        schedule = await service(
            hass, "get_composite_schedule", device_id, True, duration=600
        )
        assert schedule["connector"] == 1
        assert cp.calls[-1] == (
            "GetCompositeSchedule",
            {"connectorId": 1, "duration": 600},
        )
        transfer = await service(
            hass, "data_transfer", device_id, True, vendor_id="acme", data="hi"
        )
        assert transfer == {"status": "Accepted", "data": None}
        with pytest.raises(HomeAssistantError) as occupied:
            await service(
                hass,
                "reserve_now",
                device_id,
                id_tag="T",
                expiry="2030-01-01 10:00:00",
                reservation_id=1,
            )
        assert occupied.value.translation_placeholders["status"] == "Occupied"
        assert cp.calls[-1][1]["expiryDate"].startswith("2030-01-01")
        await service(
            hass,
            "update_firmware",
            device_id,
            location="https://example.com/fw.bin",
            retries=2,
        )
        assert cp.calls[-1][0] == "UpdateFirmware" and cp.calls[-1][1]["retries"] == 2
        diagnostics = await service(
            hass, "get_diagnostics", device_id, True, location="ftp://example.com/"
        )
        assert diagnostics == {"file_name": None}
        with pytest.raises(ServiceValidationError) as bad:
            await service(
                hass,
                "set_charging_profile",
                device_id,
                profile={"chargingProfileId": "seven"},
            )
        assert bad.value.translation_key == "invalid_value"
        assert (
            cp.calls[-1][0] == "GetDiagnostics"
        )  # nothing was sent for the bad profile
        tx = await start_session(cp)
        await service(hass, "remote_stop", device_id, connector=1)
        assert cp.calls[-1] == ("RemoteStopTransaction", {"transactionId": tx})
        await service(hass, "set_current_limit", device_id, amps=9.5, duration=900)
        profile = cp.calls[-1][1]["csChargingProfiles"]
        assert profile["chargingSchedule"]["duration"] == 900
        assert (
            entry.runtime_data.system.chargers["CP1"].connectors[1].control.limit_a
            is None
        )
    with pytest.raises(HomeAssistantError) as offline:
        await service(hass, "clear_cache", device_id)
    assert offline.value.translation_key == "charger_offline"
