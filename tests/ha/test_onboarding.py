"""Onboarding through Home Assistant: discovered, accepted, restored, removed."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.config_entries import SOURCE_IGNORE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry
from websockets.exceptions import InvalidStatus

from custom_components.ocpp_central.const import DOMAIN
from tests.sim import SimChargePoint, SimConfig

from .conftest import ws_url


def discovered_flows(hass: HomeAssistant) -> list[Any]:
    return [
        flow
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"]["source"] == "integration_discovery"
    ]


async def boot_pending(hass: HomeAssistant, cp: SimChargePoint) -> dict[str, Any]:
    assert await cp.boot() == "Pending"
    await hass.async_block_till_done()
    flows = discovered_flows(hass)
    assert len(flows) == 1
    return flows[0]


async def test_unknown_charger_is_discovered_and_one_click_accepts_it(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    config = SimConfig(ws_url(entry), vendor="Wallbox", model="Pulsar", connectors=1)
    async with SimChargePoint(config) as cp:
        flow = await boot_pending(hass, cp)
        assert flow["context"]["title_placeholders"] == {
            "identity": "CP1",
            "vendor": "Wallbox",
            "model": "Pulsar",
        }
        assert flow["step_id"] == "accept_charger"
        # Booting again while waiting does not pile up flows.
        await cp.boot()
        await hass.async_block_till_done()
        assert len(discovered_flows(hass)) == 1

        result = await hass.config_entries.flow.async_configure(flow["flow_id"], {})
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "charger_accepted"
        await cp.wait_for_call("GetConfiguration")
        await cp.status(0, "Available")
        await cp.status(1, "Preparing")
        await hass.async_block_till_done()

        device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, "CP1")})
        assert device is not None
        assert (device.manufacturer, device.model) == ("Wallbox", "Pulsar")
        assert device.serial_number == "SIM-0001"
        assert device.sw_version == "1.0.0"
        assert hass.states.get("sensor.cp1_status").state == "preparing"
        assert hass.states.get("sensor.cp1_charger_status").state == "available"
        assert hass.states.get("binary_sensor.cp1_connected").state == "on"
        registry = er.async_get(hass)
        heartbeat = registry.async_get("sensor.cp1_last_heartbeat")
        assert heartbeat is not None and heartbeat.disabled_by is not None
        assert registry.async_get_entity_id("sensor", DOMAIN, "CP1_1_status")


async def test_ignoring_leaves_the_charger_pending_and_creates_nothing(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        flow = await boot_pending(hass, cp)
        result = await hass.config_entries.flow.async_init(
            DOMAIN,
            context={"source": SOURCE_IGNORE},
            data={"unique_id": flow["context"]["unique_id"], "title": "CP1"},
        )
        assert result["type"] is FlowResultType.CREATE_ENTRY
        assert await cp.boot() == "Pending"
        await hass.async_block_till_done()
    assert dr.async_get(hass).async_get_device(identifiers={(DOMAIN, "CP1")}) is None
    assert hass.states.get("sensor.cp1_status") is None
    assert not entry.runtime_data.system.chargers["CP1"].accepted


async def test_accept_after_the_central_system_stopped_says_so(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        flow = await boot_pending(hass, cp)
    system = entry.runtime_data.system
    del system.chargers["CP1"]
    result = await hass.config_entries.flow.async_configure(flow["flow_id"], {})
    assert result["reason"] == "charger_gone"


async def test_accept_when_the_entry_is_not_loaded_says_so(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        flow = await boot_pending(hass, cp)
    await hass.config_entries.async_unload(entry.entry_id)
    entry.runtime_data = None  # type: ignore[assignment]
    result = await hass.config_entries.flow.async_configure(flow["flow_id"], {})
    assert result["reason"] == "not_running"


async def test_discovered_chargers_are_capped_and_dropped_ones_lose_their_card(
    hass: HomeAssistant, entry: MockConfigEntry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("custom_components.ocpp_central.csms.system.MAX_WAITING", 3)
    for number in range(3):
        async with SimChargePoint(SimConfig(ws_url(entry, f"NEW{number}"))) as cp:
            assert await cp.boot() == "Pending"
    await hass.async_block_till_done()
    assert len(discovered_flows(hass)) == 3
    async with SimChargePoint(SimConfig(ws_url(entry, "LATE"))) as cp:
        assert await cp.boot() == "Pending"
    await hass.async_block_till_done()
    titles = sorted(
        flow["context"]["title_placeholders"]["identity"]
        for flow in discovered_flows(hass)
    )
    assert titles == ["LATE", "NEW1", "NEW2"]


async def test_one_address_cannot_flood_the_discovered_chargers(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    turned_away = 0
    for number in range(15):
        try:
            async with SimChargePoint(SimConfig(ws_url(entry, f"X{number}"))) as cp:
                assert await cp.boot() == "Pending"
        except InvalidStatus as err:
            assert err.response.status_code == 429
            turned_away += 1
    await hass.async_block_till_done()
    assert (len(discovered_flows(hass)), turned_away) == (10, 5)
