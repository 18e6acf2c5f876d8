"""Device diagnostics: a connector's device shows its charger; a stale one nothing."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_device,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.ocpp_central.const import DOMAIN
from tests.sim import SimChargePoint, SimConfig

from .conftest import entry_data, ws_url


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


async def test_a_connectors_device_shows_its_charger_and_a_stale_device_nothing(
    hass: HomeAssistant, entry: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry), connectors=2)) as cp:
        assert await cp.boot() == "Accepted"
        for outlet_id in (1, 2):
            await cp.status(outlet_id, "Available")
        await cp.wait_for_call("GetLocalListVersion")
        await hass.async_block_till_done()
        registry = dr.async_get(hass)
        charger = entry.runtime_data.device_entry("CP1")
        assert charger is not None
        outlet = next(
            d
            for d in dr.async_entries_for_config_entry(registry, entry.entry_id)
            if d.via_device_id == charger.id
        )
        whole = await get_diagnostics_for_device(hass, hass_client, entry, charger)
        part = await get_diagnostics_for_device(hass, hass_client, entry, outlet)
        # The same charger (its recent frames may have grown in between).
        assert whole["identity"] == "CP1"
        assert {k: v for k, v in part.items() if k != "recent_frames"} == {
            k: v for k, v in whole.items() if k != "recent_frames"
        }
        stale = registry.async_get_or_create(
            config_entry_id=entry.entry_id, identifiers={(DOMAIN, "GONE")}
        )
        assert await get_diagnostics_for_device(hass, hass_client, entry, stale) == {}
