"""The logbook tells sessions and tags in words, under the charger's name."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from ocpp.v16 import call
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.ocpp_central.const import DOMAIN
from custom_components.ocpp_central.events import EVENT_SESSION_STOPPED
from tests.sim import SimChargePoint, SimConfig

from .charging import start_session, stop_session
from .conftest import entry_data, mock_entry, ws_url

TAGS = {
    "tags": [
        {"id": "TAG1", "name": "Anna's card", "expiry": None, "blocked": False},
        {"id": "LOST", "name": "", "expiry": None, "blocked": True},
    ]
}


@pytest.fixture(autouse=True)
def _custom_integrations(recorder_mock: Any, enable_custom_integrations: None) -> None:
    """The recorder must start before Home Assistant (conftest's comes after)."""


async def logbook_entries(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    since: Any,
    **query: Any,
) -> list[dict[str, Any]]:
    await async_wait_recording_done(hass)
    client = await hass_ws_client()
    await client.send_json_auto_id(
        {
            "type": "logbook/get_events",
            "start_time": since.isoformat(),
            "end_time": (dt_util.utcnow() + timedelta(minutes=1)).isoformat(),
            **query,
        }
    )
    response = await client.receive_json()
    assert response["success"], response
    return [e for e in response["result"] if e.get("domain") == DOMAIN]


async def test_sessions_and_tags_read_in_the_logbook(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    # The web UI itself is not installed for tests; the logbook only serves it.
    hass.config.components.add("frontend")
    assert await async_setup_component(hass, "logbook", {})
    entry = mock_entry(entry_data(auto_accept=True), **TAGS)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    since = dt_util.utcnow()
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        await cp.wait_for_call("GetLocalListVersion")
        await hass.async_block_till_done()
        device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, "CP1")})
        assert device is not None
        dr.async_get(hass).async_update_device(device.id, name_by_user="Garage")
        await cp.request(call.Authorize(id_tag="TAG1"))
        await cp.request(call.Authorize(id_tag="LOST"))
        tx = await start_session(cp, tag="TAG1", meter_start=1000)
        await stop_session(cp, tx, meter_stop=13_500)
        await hass.async_block_till_done()
    entries = await logbook_entries(hass, hass_ws_client, since)
    assert [(e["name"], e["message"], e["icon"]) for e in entries] == [
        ("Garage", "accepted tag Anna's card", "mdi:card-account-details"),
        ("Garage", "refused tag LOST (Blocked)", "mdi:card-account-details"),
        # StartTransaction presents the tag again.
        ("Garage", "accepted tag Anna's card", "mdi:card-account-details"),
        (
            "Garage",
            "started charging on connector 1 with tag Anna's card",
            "mdi:ev-station",
        ),
        (
            "Garage",
            "finished charging on connector 1: 12.5 kWh (Local)",
            "mdi:ev-plug-type2",
        ),
    ]
    # The charger's device page shows them too.
    on_device = await logbook_entries(
        hass, hass_ws_client, since, device_ids=[device.id]
    )
    assert [e["message"] for e in on_device] == [e["message"] for e in entries]


async def test_an_entry_without_its_device_or_reason_still_reads(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """A charger deleted since, or a stop the charger gave no reason for."""
    hass.config.components.add("frontend")
    assert await async_setup_component(hass, "logbook", {})
    entry = mock_entry(entry_data())
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    since = dt_util.utcnow()
    hass.bus.async_fire(
        EVENT_SESSION_STOPPED,
        {
            "device_id": "gone",
            "charger": "CP9",
            "connector": 2,
            "energy_wh": 2049.9,
            "stop_reason": None,
        },
    )
    await hass.async_block_till_done()
    entries = await logbook_entries(hass, hass_ws_client, since)
    assert [(e["name"], e["message"]) for e in entries] == [
        ("CP9", "finished charging on connector 2: 2.0 kWh")
    ]


async def test_security_events_read_in_the_logbook(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    hass.config.components.add("frontend")
    assert await async_setup_component(hass, "logbook", {})
    entry = mock_entry(entry_data(auto_accept=True))
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    since = dt_util.utcnow()
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        for kind in ("SettingSystemTime", "TamperDetectionActivated"):
            await cp.request(
                call.SecurityEventNotification(
                    type=kind,
                    timestamp=dt_util.utcnow().isoformat(),
                    tech_info="secret detail",
                )
            )
        await hass.async_block_till_done()
    entries = await logbook_entries(hass, hass_ws_client, since)
    assert [(e["name"], e["message"], e["icon"]) for e in entries] == [
        ("CP1", "reported a security event: SettingSystemTime", "mdi:shield-alert"),
        (
            "CP1",
            "reported a critical security event: TamperDetectionActivated",
            "mdi:shield-alert",
        ),
    ]
