"""Command services in the field: offline chargers, odd answers, new services."""

from __future__ import annotations

import json
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.ocpp_central.const import DOMAIN
from custom_components.ocpp_central.services_control import SERVICES
from tests.raw import call, raw_charger
from tests.sim import SimChargePoint, SimConfig

from .charging import start_session, stop_session
from .conftest import entry_data, ws_url


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


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


def device_id(hass: HomeAssistant) -> str:
    device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, "CP1")})
    assert device is not None
    return device.id


# The least each service needs to pass its own schema.
MINIMAL: dict[str, dict[str, Any]] = {
    "change_configuration": {"key": "HeartbeatInterval", "value": "60"},
    "trigger_message": {"message": "heartbeat"},
    "set_charging_profile": {"profile": {"chargingProfileId": 1}},
    "data_transfer": {"vendor_id": "acme"},
    "reserve_now": {
        "id_tag": "T",
        "expiry": "2030-01-01 10:00:00",
        "reservation_id": 1,
    },
    "cancel_reservation": {"reservation_id": 1},
    "update_firmware": {"location": "https://example.com/fw.bin"},
    "get_diagnostics": {"location": "ftp://example.com/"},
    "set_current_limit": {"amps": 10},
}


@pytest.mark.parametrize("name", sorted(SERVICES))
async def test_every_command_service_says_plainly_that_a_charger_is_offline(
    hass: HomeAssistant, entry: MockConfigEntry, name: str
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
    await hass.async_block_till_done()
    with pytest.raises(HomeAssistantError) as offline:
        await service(
            hass,
            name,
            device_id(hass),
            response=SERVICES[name].response.value == "only",
            **MINIMAL.get(name, {}),
        )
    assert offline.value.translation_key == "charger_offline", name


def jammed(action: str, payload: dict[str, Any]) -> list[Any] | None:
    if action == "UnlockConnector":
        return [{"status": "Jammed"}]  # not a status 1.6 knows
    return [4, "NotImplemented", "", {}]


async def test_an_answer_that_breaks_the_protocol_is_a_translated_error(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with raw_charger(ws_url(entry), answer=jammed) as cp:
        assert await cp.boot() == "Accepted"
        await cp.exchange(call("s", "StatusNotification", AVAILABLE))
        await hass.async_block_till_done()
        with pytest.raises(HomeAssistantError) as bad:
            await hass.services.async_call(
                "button",
                "press",
                {"entity_id": "button.cp1_unlock_connector"},
                blocking=True,
            )
        assert bad.value.translation_key == "charger_bad_answer"


AVAILABLE = {"connectorId": 1, "errorCode": "NoError", "status": "Available"}
PROFILE = {
    "chargingProfileId": 3,
    "stackLevel": 0,
    "chargingProfilePurpose": "TxProfile",
    "chargingProfileKind": "Relative",
    "chargingSchedule": {
        "chargingRateUnit": "A",
        "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 10}],
    },
}


async def test_remote_start_with_a_profile_stop_by_id_and_the_tag_list_services(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        await cp.wait_for_call("GetLocalListVersion")
        await hass.async_block_till_done()
        charger = device_id(hass)
        await service(hass, "remote_start", charger, charging_profile=PROFILE)
        assert cp.calls[-1] == (
            "RemoteStartTransaction",
            {"connectorId": 1, "idTag": "home-assistant", "chargingProfile": PROFILE},
        )
        tx = await start_session(cp)
        await service(hass, "remote_stop", charger, transaction_id=str(tx))
        assert cp.calls[-1] == ("RemoteStopTransaction", {"transactionId": tx})
        found = await service(hass, "get_local_list_version", charger, True)
        assert found == {"version": cp.local_list_version}
        answer = await service(hass, "send_local_list", charger, True)
        assert answer == {"status": "Accepted"}
        sent = [payload for action, payload in cp.calls if action == "SendLocalList"]
        assert sent[-1]["updateType"] == "Full"
        assert cp.calls[-1][0] == "ClearCache"  # a full list may drop tags


async def test_diagnostics_keep_orphans_and_hide_credentials_in_urls(
    hass: HomeAssistant, entry: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        await cp.wait_for_call("GetLocalListVersion")
        await hass.async_block_till_done()
        await stop_session(cp, 4242, 1000)  # a stop nobody knows
        await service(
            hass,
            "update_firmware",
            device_id(hass),
            location="ftp://installer:hunter2@files.example/fw.bin",
        )
        tx = await start_session(cp, tag="SECRET-TAG")
        diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    orphans = diagnostics["transactions"]["orphans"]
    assert [(o["action"], o["transaction_id"]) for o in orphans] == [
        ("session stop", 4242)
    ]
    assert [t["id"] for t in diagnostics["transactions"]["open"]] == [tx]
    text = json.dumps(diagnostics)
    assert "hunter2" not in text and "SECRET-TAG" not in text
    assert "files.example/fw.bin" in text
