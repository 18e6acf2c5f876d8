"""Fixtures for tests through Home Assistant."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ocpp_central.const import (
    CONF_AUTO_ACCEPT,
    CONF_HEARTBEAT_INTERVAL,
    CONF_SECURITY_PROFILE,
    CONFIG_MINOR_VERSION,
    DOMAIN,
    LIVE_OPTIONS,
)
from custom_components.ocpp_central.csms import Change, Charger


@pytest.fixture(autouse=True)
def _custom_integrations(enable_custom_integrations: None) -> None:
    """Load our integration from custom_components/."""


@pytest.fixture
async def repairs(hass: HomeAssistant) -> None:
    """The repairs integration, for fix flows over HTTP (before any client)."""
    assert await async_setup_component(hass, "repairs", {})


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def entry_data(**overrides: Any) -> dict[str, Any]:
    """Server settings and live options together (`mock_entry` splits them)."""
    data = {
        CONF_HOST: "127.0.0.1",
        CONF_PORT: free_port(),
        CONF_SECURITY_PROFILE: 0,
        CONF_AUTO_ACCEPT: False,
        CONF_HEARTBEAT_INTERVAL: 300,
    }
    return {**data, **overrides}


def mock_entry(config: dict[str, Any], **options: Any) -> MockConfigEntry:
    """An entry of the current layout: live options kept apart from the data."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="OCPP Central",
        minor_version=CONFIG_MINOR_VERSION,
        data={k: v for k, v in config.items() if k not in LIVE_OPTIONS},
        options={**{k: v for k, v in config.items() if k in LIVE_OPTIONS}, **options},
    )


@pytest.fixture
def config() -> dict[str, Any]:
    """The entry's data; tests override it by redefining this fixture."""
    return entry_data()


@pytest.fixture
async def entry(
    hass: HomeAssistant, config: dict[str, Any]
) -> AsyncIterator[MockConfigEntry]:
    """A loaded central system on a free port."""
    config_entry = mock_entry(config)
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    yield config_entry
    await hass.config_entries.async_unload(config_entry.entry_id)
    await hass.async_block_till_done()


async def wait_for_charger(
    entry: MockConfigEntry, identity: str, check: Callable[[Charger], bool]
) -> None:
    """Wait, event-driven, until `check` holds for a charger of the entry."""
    system = entry.runtime_data.system
    reached = asyncio.Event()

    def changed(found: Change, connector: int | None) -> None:
        charger = system.chargers.get(identity)
        if charger is not None and check(charger):
            reached.set()

    unsubscribe = entry.runtime_data.async_subscribe(identity, changed)
    try:
        changed(Change.STATUS, None)  # it may hold already
        async with asyncio.timeout(20):
            await reached.wait()
    finally:
        unsubscribe()


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

from .translations_guard import _translations_checked  # noqa: E402, F401
