"""A password a charger could not take: a repair until it is used or dismissed."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.ocpp_central.issues import (
    PASSWORD,
)
from tests.sim import SimChargePoint, SimConfig

from .conftest import entry_data, ws_url
from .repairs import issue, our_issues, start_fix, submit_fix, wait_for_issue
from .test_onboarding import boot_pending


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(security_profile=1)


async def test_a_password_the_charger_cannot_take_stays_in_repairs_until_used(
    hass: HomeAssistant,
    repairs: None,
    entry: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    config = SimConfig(ws_url(entry), answers={"ChangeConfiguration": "NotSupported"})
    async with SimChargePoint(config) as cp:
        flow = await boot_pending(hass, cp)
        result = await hass.config_entries.flow.async_configure(flow["flow_id"], {})
    assert result["reason"] == "charger_accepted_password"
    password = result["description_placeholders"]["password"]
    found = issue(hass, PASSWORD, entry, "CP1")
    assert found is not None and found.is_fixable
    assert found.translation_placeholders == {"charger": "CP1"}  # not the password
    # Opened, closed without submitting, opened again: still there.
    for _ in range(2):
        _, step = await start_fix(hass, hass_client, found)
        assert step["step_id"] == "confirm"
        assert step["description_placeholders"]["password"] == password
    assert issue(hass, PASSWORD, entry, "CP1") is not None
    # The charger logs in with it: the password is forgotten, the issue goes.
    async with SimChargePoint(SimConfig(ws_url(entry), password=password)) as cp:
        assert await cp.boot() == "Accepted"
        await hass.async_block_till_done()
    assert issue(hass, PASSWORD, entry, "CP1") is None
    assert entry.runtime_data.issues.passwords == {}


async def test_submitting_the_password_repair_forgets_the_password(
    hass: HomeAssistant,
    repairs: None,
    entry: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    entry.runtime_data.system.settings.auto_accept = True
    config = SimConfig(ws_url(entry), answers={"ChangeConfiguration": "Rejected"})
    async with SimChargePoint(config) as cp:
        assert await cp.boot() == "Accepted"
        found = await wait_for_issue(hass, PASSWORD, entry, "CP1")
        client, step = await start_fix(hass, hass_client, found)
        done = await submit_fix(client, step["flow_id"], {})
        assert done["type"] == FlowResultType.CREATE_ENTRY
    assert issue(hass, PASSWORD, entry, "CP1") is None
    assert entry.runtime_data.issues.passwords == {}


async def test_a_password_repair_is_gone_after_the_entry_unloads(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    entry.runtime_data.issues.password("CP9", "0123")
    assert issue(hass, PASSWORD, entry, "CP9") is not None
    await hass.config_entries.async_unload(entry.entry_id)
    assert our_issues(hass) == []


async def test_a_password_used_while_its_repair_is_open_is_not_shown_again(
    hass: HomeAssistant,
    repairs: None,
    entry: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    config = SimConfig(ws_url(entry), answers={"ChangeConfiguration": "NotSupported"})
    async with SimChargePoint(config) as cp:
        flow = await boot_pending(hass, cp)
        result = await hass.config_entries.flow.async_configure(flow["flow_id"], {})
    password = result["description_placeholders"]["password"]
    found = issue(hass, PASSWORD, entry, "CP1")
    assert found is not None
    client, step = await start_fix(hass, hass_client, found)
    # While the dialog is open, the charger logs in with the password.
    async with SimChargePoint(SimConfig(ws_url(entry), password=password)) as cp:
        assert await cp.boot() == "Accepted"
    done = await submit_fix(client, step["flow_id"], {})
    assert done["type"] == FlowResultType.ABORT
    assert done["reason"] == "password_gone"
