"""Diagnostics show state, configuration and frames, never secrets."""

from __future__ import annotations

import json
from typing import Any

import pytest
from homeassistant.components.persistent_notification import (
    _async_get_or_create_notifications,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
    get_diagnostics_for_device,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.ocpp_central.const import DOMAIN
from tests.sim import SimChargePoint, SimConfig

from .conftest import entry_data, ws_url


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(security_profile=1, auto_accept=True)


async def test_diagnostics_redact_passwords_keys_and_tags(
    hass: HomeAssistant, entry: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    # The charger refuses the pushed key, so it stays connected; the key is
    # still in the recent frames and must not show.
    config = SimConfig(
        ws_url(entry), connectors=2, answers={"ChangeConfiguration": "Rejected"}
    )
    async with SimChargePoint(config) as cp:
        assert await cp.boot() == "Accepted"
        pushed = await cp.wait_for_frame(
            lambda f: f[2] == "ChangeConfiguration"
            and f[3]["key"] == "AuthorizationKey"
        )
        password = pushed[3]["value"]
        await cp.send_raw('[2,"a1","Authorize",{"idTag":"SECRET-TAG"}]')
        await cp.wait_for_frame(lambda f: f[1] == "a1")
        await cp.wait_for_call("GetConfiguration")
        await cp.status(1, "Available")

        whole = await get_diagnostics_for_config_entry(hass, hass_client, entry)
        device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, "CP1")})
        assert device is not None
        one = await get_diagnostics_for_device(hass, hass_client, entry, device)

    # The key the charger refused is shown to the user once, as a notification.
    await hass.async_block_till_done()
    notifications = _async_get_or_create_notifications(hass)
    shown = notifications[f"{DOMAIN}_password_CP1"]
    assert password in shown["message"]

    text = json.dumps([whole, one])
    assert password not in text
    assert "SECRET-TAG" not in text
    assert whole["listening_port"] == entry.data["port"]
    charger = whole["chargers"][0]
    assert charger["identity"] == "CP1"
    assert charger["has_password"] is True
    assert charger["boot"]["vendor"] == "SimVendor"
    assert any("Authorize" in frame for frame in charger["recent_frames"])
    assert one["identity"] == "CP1"
    assert one["connectors"]["1"]["status"] == "available"
