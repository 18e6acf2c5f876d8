"""The tag list: options flow, services and the policy chargers are answered from."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ServiceValidationError
from ocpp.v16 import call
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ocpp_central.const import DOMAIN
from tests.sim import SimChargePoint, SimConfig

from .conftest import entry_data, ws_url


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


async def options_step(
    hass: HomeAssistant, entry: MockConfigEntry, step: str, data: dict[str, Any]
) -> Any:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": step}
    )
    return await hass.config_entries.options.async_configure(result["flow_id"], data)


async def authorize(cp: SimChargePoint, tag: str) -> str:
    answer = await cp.request(call.Authorize(id_tag=tag))
    return str(answer.id_tag_info["status"])


async def test_only_listed_tags_charge_once_the_policy_says_so(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    result = await options_step(hass, entry, "add_tag", {"tag_id": " ", "name": ""})
    assert result["errors"] == {"tag_id": "invalid_tag_id"}
    result = await options_step(
        hass, entry, "add_tag", {"tag_id": "ANNA", "name": "Anna"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    result = await options_step(
        hass,
        entry,
        "add_tag",
        {"tag_id": "OLD", "name": "Old", "expiry": "2020-01-01 00:00:00"},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.services.async_call(
        DOMAIN, "add_tag", {"tag_id": "THIEF", "blocked": True}, blocking=True
    )
    result = await options_step(
        hass,
        entry,
        "defaults",
        {
            "meter_interval": 10,
            "measurands": ["Energy.Active.Import.Register"],
            "tag_policy": "listed",
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        assert await authorize(cp, "anna") == "Accepted"  # case does not matter
        assert await authorize(cp, "OLD") == "Expired"
        assert await authorize(cp, "THIEF") == "Blocked"
        assert await authorize(cp, "NOBODY") == "Invalid"
        # Renaming keeps one entry; removing makes the tag unknown again.
        await hass.services.async_call(
            DOMAIN, "add_tag", {"tag_id": "Anna", "name": "Anna B."}, blocking=True
        )
        assert [
            t["name"] for t in entry.options["tags"] if t["id"].casefold() == "anna"
        ] == ["Anna B."]
        result = await options_step(hass, entry, "remove_tags", {"tags": ["OLD"]})
        assert result["type"] is FlowResultType.CREATE_ENTRY
        await hass.services.async_call(
            DOMAIN, "remove_tag", {"tag_id": "anna"}, blocking=True
        )
        assert await authorize(cp, "ANNA") == "Invalid"
        assert [t["id"] for t in entry.options["tags"]] == ["THIEF"]
        assert cp.connected  # tags change without restarting the server


async def test_tag_services_explain_bad_input(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    with pytest.raises(ServiceValidationError) as error:
        await hass.services.async_call(
            DOMAIN, "remove_tag", {"tag_id": "GHOST"}, blocking=True
        )
    assert error.value.translation_key == "unknown_tag"
    with pytest.raises(ServiceValidationError) as error:
        await hass.services.async_call(
            DOMAIN,
            "add_tag",
            {"tag_id": "X", "config_entry_id": "missing"},
            blocking=True,
        )
    assert error.value.translation_key == "unknown_entry"
    other = MockConfigEntry(domain=DOMAIN, data=entry_data())
    other.add_to_hass(hass)
    assert await hass.config_entries.async_setup(other.entry_id)
    with pytest.raises(ServiceValidationError) as error:
        await hass.services.async_call(
            DOMAIN, "add_tag", {"tag_id": "X"}, blocking=True
        )
    assert error.value.translation_key == "entry_required"
    await hass.services.async_call(
        DOMAIN,
        "add_tag",
        {"tag_id": "X", "config_entry_id": other.entry_id},
        blocking=True,
    )
    assert other.options["tags"][0]["id"] == "X"
    await hass.config_entries.async_unload(other.entry_id)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "remove_tags"}
    )
    assert result["reason"] == "no_tags"
