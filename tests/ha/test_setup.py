"""Setting up, unloading and reloading the central system."""

from __future__ import annotations

import socket

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from websockets.asyncio.client import connect

from custom_components.ocpp_central.const import DOMAIN

from .conftest import entry_data, ws_url


async def test_entry_listens_and_unload_closes_every_connection(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with connect(ws_url(entry), subprotocols=["ocpp1.6"]) as ws:
        assert ws.subprotocol == "ocpp1.6"
        assert await hass.config_entries.async_unload(entry.entry_id)
        await ws.wait_closed()
        assert ws.close_code in (1001, 1000)
    assert entry.state is ConfigEntryState.NOT_LOADED


async def test_reload_listens_again_without_a_restart(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    async with connect(ws_url(entry), subprotocols=["ocpp1.6"]) as ws:
        assert ws.subprotocol == "ocpp1.6"


async def test_port_in_use_at_setup_is_not_ready_with_a_translated_reason(
    hass: HomeAssistant,
) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        entry = MockConfigEntry(domain=DOMAIN, data=entry_data(port=port))
        entry.add_to_hass(hass)
        assert not await hass.config_entries.async_setup(entry.entry_id)
        assert entry.state is ConfigEntryState.SETUP_RETRY
        assert entry.reason is not None and str(port) in entry.reason


async def test_unreadable_tls_files_at_setup_are_not_ready(hass: HomeAssistant) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        data=entry_data(
            security_profile=2, ssl_certfile="/nonexistent.pem", ssl_keyfile="/x"
        ),
    )
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert entry.reason is not None and "TLS" in entry.reason
