"""Session and tag events, device triggers and the get_sessions service."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from homeassistant.components import automation
from homeassistant.components.device_automation import DeviceAutomationType
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_get_device_automations,
    async_mock_service,
)

from custom_components.ocpp_central.const import DOMAIN
from tests.sim import SimChargePoint, SimConfig

from .charging import sample, send_meter, start_session, stop_session
from .conftest import entry_data, ws_url


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


def charger_device(hass: HomeAssistant) -> dr.DeviceEntry:
    device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, "CP1")})
    assert device is not None
    return device


async def test_events_fire_for_tags_and_sessions_and_history_keeps_them(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    tags = async_capture_events(hass, "ocpp_central_tag_scanned")
    started = async_capture_events(hass, "ocpp_central_session_started")
    stopped = async_capture_events(hass, "ocpp_central_session_stopped")
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        await hass.async_block_till_done()
        device = charger_device(hass)
        tx = await start_session(cp, tag="CARD7", meter_start=100)
        await send_meter(
            cp,
            sample("Power.Active.Import", 3.7, "kW"),
            sample("Energy.Active.Import.Register", 600, "Wh"),
            tx=tx,
        )
        await stop_session(cp, tx, 2100)
        await hass.async_block_till_done()
    assert [e.data["tag_id"] for e in tags] == ["CARD7"]
    assert (
        tags[0].data["device_id"] == device.id and tags[0].data["status"] == "Accepted"
    )
    assert started[0].data["transaction_id"] == tx
    data = stopped[0].data
    assert data["device_id"] == device.id
    assert (
        data["energy_wh"],
        data["peak_power_w"],
        data["stop_reason"],
        data["tag_id"],
    ) == (2000, 3700, "Local", "CARD7")

    response = await hass.services.async_call(
        DOMAIN,
        "get_sessions",
        {"device_id": device.id},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    assert [s["transaction_id"] for s in response["sessions"]] == [tx]  # type: ignore[union-attr]
    later = datetime.now(UTC) + timedelta(hours=1)
    response = await hass.services.async_call(
        DOMAIN,
        "get_sessions",
        {"device_id": device.id, "since": later},
        blocking=True,
        return_response=True,
    )
    assert response == {"sessions": []}
    with pytest.raises(ServiceValidationError) as error:
        await hass.services.async_call(
            DOMAIN,
            "get_sessions",
            {
                "device_id": device.id,
                "since": later,
                "until": later - timedelta(days=1),
            },
            blocking=True,
            return_response=True,
        )
    assert error.value.translation_key == "since_after_until"
    with pytest.raises(ServiceValidationError) as error:
        await hass.services.async_call(
            DOMAIN,
            "get_sessions",
            {"device_id": "nope"},
            blocking=True,
            return_response=True,
        )
    assert error.value.translation_key == "unknown_device"
    # History survives a restart.
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    response = await hass.services.async_call(
        DOMAIN,
        "get_sessions",
        {"device_id": device.id},
        blocking=True,
        return_response=True,
    )
    assert response is not None and len(response["sessions"]) == 1  # type: ignore[arg-type]


async def test_device_triggers_run_automations(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        await hass.async_block_till_done()
        device = charger_device(hass)
        triggers = await async_get_device_automations(
            hass, DeviceAutomationType.TRIGGER, device.id
        )
        assert {t["type"] for t in triggers} >= {
            "tag_presented",
            "session_started",
            "session_stopped",
        }
        calls: list[ServiceCall] = async_mock_service(hass, "test", "automation")
        assert await async_setup_component(
            hass,
            automation.DOMAIN,
            {
                automation.DOMAIN: [
                    {
                        "trigger": {
                            "platform": "device",
                            "domain": DOMAIN,
                            "device_id": device.id,
                            "type": kind,
                        },
                        "action": {
                            "service": "test.automation",
                            "data": {"kind": kind},
                        },
                    }
                    for kind in ("tag_presented", "session_stopped")
                ]
            },
        )
        tx = await start_session(cp)
        await stop_session(cp, tx, 1500)
        await hass.async_block_till_done()
    assert [c.data["kind"] for c in calls] == ["tag_presented", "session_stopped"]
