"""Per-charger workarounds and the remote start tag, from the options flow."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.sim import SimChargePoint, SimConfig

from .conftest import entry_data, ws_url


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


async def open_step(hass: HomeAssistant, entry: MockConfigEntry, step: str) -> Any:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    return await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": step}
    )


async def set_quirks(
    hass: HomeAssistant, entry: MockConfigEntry, identity: str, **changed: Any
) -> Any:
    """Save one charger's workarounds: the defaults with `changed` on top."""
    result = await open_step(hass, entry, "pick_charger")
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"charger": identity}
    )
    assert result["step_id"] == "quirks"
    advanced = {
        "relative_profile": False,
        "rate_unit": "auto",
        "omit_phases": False,
        "pause_by_stop": False,
        "phase_switching": False,
        **changed,
    }
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"advanced": advanced}
    )
    await hass.async_block_till_done()
    return result


QUIRKS = {
    "stack_level": 3,
    "relative_profile": True,
    "rate_unit": "auto",
    "omit_phases": True,
    "pause_by_stop": False,
}


async def test_quirks_and_remote_tag_shape_the_commands(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    result = await open_step(hass, entry, "pick_charger")
    assert result["type"] is FlowResultType.ABORT and result["reason"] == "no_chargers"
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        await cp.wait_for_call("GetLocalListVersion")
        await cp.status(1, "Preparing")
        result = await open_step(hass, entry, "pick_charger")
        result = await hass.config_entries.options.async_configure(
            result["flow_id"], {"charger": "CP1"}
        )
        assert result["step_id"] == "quirks"
        result = await hass.config_entries.options.async_configure(
            result["flow_id"], {"advanced": QUIRKS}
        )
        assert result["type"] is FlowResultType.CREATE_ENTRY
        result = await open_step(hass, entry, "defaults")
        result = await hass.config_entries.options.async_configure(
            result["flow_id"],
            {
                "meter_interval": 10,
                "measurands": ["Energy.Active.Import.Register"],
                "tag_policy": "any",
                "remote_start_tag": "garage-ha",
            },
        )
        await hass.async_block_till_done()
        await hass.services.async_call(
            "number",
            "set_value",
            {"entity_id": "number.cp1_current_limit", "value": 11},
            blocking=True,
        )
        profile = cp.calls[-1][1]["csChargingProfiles"]
        assert (profile["stackLevel"], profile["chargingProfileKind"]) == (
            3,
            "Relative",
        )
        assert profile["chargingSchedule"]["chargingSchedulePeriod"] == [
            {"startPeriod": 0, "limit": 11}
        ]
        await hass.services.async_call(
            "switch", "turn_on", {"entity_id": "switch.cp1_charging"}, blocking=True
        )
        assert cp.calls[-1] == (
            "RemoteStartTransaction",
            {"connectorId": 1, "idTag": "garage-ha"},
        )
        # Back to defaults removes the entry.
        await set_quirks(hass, entry, "CP1")
        assert entry.options["quirks"] == {}
        assert entry.runtime_data.system.chargers["CP1"].quirks.stack_level is None
