"""Fixtures for tests through Home Assistant."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers.event import async_track_state_change_event
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ocpp_central.const import (
    CONF_AUTO_ACCEPT,
    CONF_HEARTBEAT_INTERVAL,
    CONF_SECURITY_PROFILE,
    DOMAIN,
)


@pytest.fixture(autouse=True)
def _custom_integrations(enable_custom_integrations: None) -> None:
    """Load our integration from custom_components/."""


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def entry_data(**overrides: Any) -> dict[str, Any]:
    data = {
        CONF_HOST: "127.0.0.1",
        CONF_PORT: free_port(),
        CONF_SECURITY_PROFILE: 0,
        CONF_AUTO_ACCEPT: False,
        CONF_HEARTBEAT_INTERVAL: 300,
    }
    return {**data, **overrides}


@pytest.fixture
def config() -> dict[str, Any]:
    """The entry's data; tests override it by redefining this fixture."""
    return entry_data()


@pytest.fixture
async def entry(
    hass: HomeAssistant, config: dict[str, Any]
) -> AsyncIterator[MockConfigEntry]:
    """A loaded central system on a free port."""
    config_entry = MockConfigEntry(domain=DOMAIN, data=config, title="OCPP Central")
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    yield config_entry
    await hass.config_entries.async_unload(config_entry.entry_id)
    await hass.async_block_till_done()


def ws_url(entry: MockConfigEntry, identity: str = "CP1") -> str:
    return f"ws://127.0.0.1:{entry.data[CONF_PORT]}/{identity}"


async def wait_for_state(
    hass: HomeAssistant, entity_id: str, state: str, timeout: float = 10
) -> None:
    """Wait, event-driven, until an entity has the given state."""
    current = hass.states.get(entity_id)
    if current is not None and current.state == state:
        return
    reached = asyncio.Event()

    @callback
    def changed(event: Event[EventStateChangedData]) -> None:
        new = event.data["new_state"]
        if new is not None and new.state == state:
            reached.set()

    unsubscribe = async_track_state_change_event(hass, [entity_id], changed)
    try:
        async with asyncio.timeout(timeout):
            await reached.wait()
    finally:
        unsubscribe()


from tests.sim.fixtures import ocpp_version, station_factory  # noqa: E402, F401
