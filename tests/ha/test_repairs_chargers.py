"""Repair issues about one charger: refusals, scheduled changes, protocol versions."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from pytest_homeassistant_custom_component.common import MockConfigEntry
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from custom_components.ocpp_central.const import DOMAIN
from custom_components.ocpp_central.issues import (
    DISABLE_SCHEDULED,
    ENABLE_SCHEDULED,
    MAX_PROTOCOL_ISSUES,
    PROTOCOL,
    REFUSALS,
)
from tests.sim import SimChargePoint, SimConfig

from .conftest import entry_data, mock_entry, ws_url
from .repairs import issue, our_issues
from .test_control import press, ready


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


async def refuse_limit(hass: HomeAssistant) -> None:
    with pytest.raises(HomeAssistantError) as refused:
        await press(hass, "number", "set_value", "number.cp1_current_limit", value=10)
    assert refused.value.translation_placeholders["status"] == "Rejected"


async def test_three_refused_limits_in_a_row_raise_an_issue_one_taken_clears_it(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    config = SimConfig(ws_url(entry), answers={"SetChargingProfile": "Rejected"})
    async with SimChargePoint(config) as cp:
        await ready(hass, cp)
        await refuse_limit(hass)
        await refuse_limit(hass)
        assert issue(hass, REFUSALS, entry, "CP1") is None
        # The service counts too.
        device = entry.runtime_data.device_entry("CP1")
        assert device is not None
        with pytest.raises(HomeAssistantError):
            await hass.services.async_call(
                DOMAIN,
                "set_current_limit",
                {"device_id": device.id, "amps": 8},
                blocking=True,
            )
        found = issue(hass, REFUSALS, entry, "CP1")
        assert found is not None
        assert found.translation_placeholders == {
            "charger": "CP1",
            "count": "3",
            "status": "Rejected",
        }
        cp.config.answers["SetChargingProfile"] = "Accepted"
        await press(hass, "number", "set_value", "number.cp1_current_limit", value=10)
        assert issue(hass, REFUSALS, entry, "CP1") is None


async def test_an_availability_change_scheduled_after_the_session_is_a_repair(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    config = SimConfig(ws_url(entry), answers={"ChangeAvailability": "Scheduled"})
    async with SimChargePoint(config) as cp:
        await ready(hass, cp)
        await press(hass, "switch", "turn_off", "switch.cp1_available")
        found = issue(hass, DISABLE_SCHEDULED, entry, "CP1", 1)
        assert found is not None
        assert found.translation_placeholders == {"charger": "CP1", "connector": "1"}
        await cp.status(1, "Charging")  # still in the session
        await hass.async_block_till_done()
        assert issue(hass, DISABLE_SCHEDULED, entry, "CP1", 1) is not None
        await cp.status(1, "Unavailable")  # the session ended; it took effect
        await hass.async_block_till_done()
        assert issue(hass, DISABLE_SCHEDULED, entry, "CP1", 1) is None

        await press(hass, "switch", "turn_on", "switch.cp1_available")
        assert issue(hass, ENABLE_SCHEDULED, entry, "CP1", 1) is not None
        # Asked back before it took effect, answered Accepted: nothing pending.
        cp.config.answers["ChangeAvailability"] = "Accepted"
        await press(hass, "switch", "turn_off", "switch.cp1_available")
        assert our_issues(hass) == []


async def offer(entry: MockConfigEntry, identity: str, *protocols: str) -> None:
    """Connect offering only `protocols`; the server closes such a connection."""
    try:
        async with connect(
            ws_url(entry, identity),
            subprotocols=list(protocols),  # type: ignore[arg-type]
        ) as ws:
            await ws.wait_closed()
    except InvalidStatus:
        pass


async def test_a_charger_offering_an_unsupported_version_is_named_in_repairs(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    await offer(entry, "OLD1", "ocpp1.5", "ocpp1.2")
    await hass.async_block_till_done()
    found = issue(hass, PROTOCOL, entry, "OLD1")
    assert found is not None
    assert found.translation_placeholders == {
        "charger": "OLD1",
        "offered": "ocpp1.5, ocpp1.2",
    }
    # Set to OCPP 1.6J, it connects: the issue goes.
    async with SimChargePoint(SimConfig(ws_url(entry, "OLD1"))) as cp:
        assert await cp.boot() == "Accepted"
        await hass.async_block_till_done()
    assert issue(hass, PROTOCOL, entry, "OLD1") is None


async def test_strangers_cannot_fill_repairs_with_protocol_issues(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    for number in range(MAX_PROTOCOL_ISSUES + 3):
        await offer(entry, f"S{number}", "ocpp9.9")
    await hass.async_block_till_done()
    raised = [found for found in our_issues(hass) if found.startswith(PROTOCOL)]
    assert len(raised) == MAX_PROTOCOL_ISSUES


async def test_revoking_a_charger_clears_its_issues(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    entry = mock_entry(entry_data(auto_accept=True))
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    issues = entry.runtime_data.issues
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        await ready(hass, cp)
        issues.password("CP1", "secret")
        issues.availability("CP1", 1, False, "Scheduled")
        await entry.runtime_data.system.revoke("CP1")
        await hass.async_block_till_done()
    assert our_issues(hass) == []
    assert issues.passwords == {}
    await hass.config_entries.async_unload(entry.entry_id)
