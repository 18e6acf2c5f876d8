"""Home Assistant stopped and started again, as a user's restart does it.

Each `running_home_assistant` is a fresh Home Assistant instance with our
entry set up; storage is shared through the `hass_storage` fixture (what a
restart reads back from disk). Leaving the block stops Home Assistant the way
it stops for real: entries are not unloaded, the stop and final-write events
fire.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from homeassistant import loader
from homeassistant.core import CoreState, HomeAssistant
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
)

from custom_components.ocpp_central.const import DOMAIN

ENTRY_ID = "restart-test-entry"


@asynccontextmanager
async def running_home_assistant(
    data: dict[str, Any], options: dict[str, Any] | None = None
) -> AsyncIterator[tuple[HomeAssistant, MockConfigEntry]]:
    """A started Home Assistant with the central system loaded; stops on exit."""
    async with async_test_home_assistant() as hass:
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)  # find custom_components/
        entry = MockConfigEntry(
            domain=DOMAIN,
            data=data,
            options=options or {},
            entry_id=ENTRY_ID,
            title="OCPP Central",
        )
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        try:
            yield hass, entry
        finally:
            if hass.state is not CoreState.not_running:
                await hass.async_stop()
