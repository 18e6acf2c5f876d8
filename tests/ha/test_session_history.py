"""Asking a connector's device or a stranger's device for a charger's sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from homeassistant.components.device_automation import DeviceAutomationType
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_get_device_automations,
)

from custom_components.ocpp_central.const import DOMAIN
from tests.sim import SimChargePoint, SimConfig

from .charging import start_session, stop_session
from .conftest import entry_data, ws_url


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


async def sessions(hass: HomeAssistant, device_id: str, **period: Any) -> list[Any]:
    found = await hass.services.async_call(
        DOMAIN,
        "get_sessions",
        {"device_id": device_id, **period},
        blocking=True,
        return_response=True,
    )
    assert found is not None
    return list(found["sessions"])  # type: ignore[arg-type]


async def test_a_connector_device_answers_for_its_charger_and_offers_no_triggers(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry), connectors=2)) as cp:
        assert await cp.boot() == "Accepted"
        before = datetime.now(UTC) - timedelta(minutes=5)
        tx = await start_session(cp, connector=2)
        await stop_session(cp, tx, 4000, connector=2)
        await hass.async_block_till_done()
    registry = dr.async_get(hass)
    charger = registry.async_get_device(identifiers={(DOMAIN, "CP1")})
    assert charger is not None
    outlets = [
        d
        for d in dr.async_entries_for_config_entry(registry, entry.entry_id)
        if d.via_device_id == charger.id
    ]
    assert len(outlets) == 2
    for outlet in outlets:
        found = await sessions(hass, outlet.id)
        assert [s["transaction_id"] for s in found] == [tx]
    # Sessions that started before a moment are found; after it, none.
    assert len(await sessions(hass, charger.id, until=datetime.now(UTC))) == 1
    assert await sessions(hass, charger.id, until=before) == []
    # The charger's events are the charger device's triggers, not its outlets'.
    triggers = await async_get_device_automations(
        hass, DeviceAutomationType.TRIGGER, outlets[0].id
    )
    assert not [t for t in triggers if t["domain"] == DOMAIN]
    triggers = await async_get_device_automations(
        hass, DeviceAutomationType.TRIGGER, charger.id
    )
    assert [t for t in triggers if t["domain"] == DOMAIN]


async def test_a_device_that_is_not_one_of_our_chargers_is_unknown(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    other = MockConfigEntry(domain="other")
    other.add_to_hass(hass)
    stranger = dr.async_get(hass).async_get_or_create(
        config_entry_id=other.entry_id,
        identifiers={("other", "meter-1"), (DOMAIN, "GHOST")},
    )
    with pytest.raises(ServiceValidationError) as unknown:
        await sessions(hass, stranger.id)
    assert unknown.value.translation_key == "unknown_device"
