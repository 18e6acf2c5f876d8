"""The README's dashboard: valid YAML for the dashboard editor, whose every
entity exists (and is enabled) for the simulated charger it is written for."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.ocpp_central.const import CONF_METER_INTERVAL, DOMAIN

from .conftest import entry_data, mock_entry
from .demo import above, demo_charger, wait_until

README = Path(__file__).parents[2] / "README.md"
MARKER = "<!-- dashboard:"
# Card types of Home Assistant's own dashboards that the README may use.
BUILT_IN_CARDS = {"entities", "tile", "vertical-stack", "horizontal-stack", "grid"}
WANTED = {
    "status",
    "power",
    "session_energy",
    "charging",
    "current_limit",
    "charge_mode",
}


def readme_dashboard() -> dict[str, Any]:
    text = README.read_text(encoding="utf-8")
    after = text[text.index(MARKER) :]
    found = re.search(r"```yaml\n(.*?)```", after, re.DOTALL)
    assert found is not None
    loaded = yaml.safe_load(found.group(1))
    assert isinstance(loaded, dict)
    return loaded


def cards(config: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    pending = [card for view in config["views"] for card in view["cards"]]
    while pending:
        card = pending.pop(0)
        found.append(card)
        pending.extend(card.get("cards", []))
    return found


def entity_ids(card: dict[str, Any]) -> list[str]:
    rows = [card, *card.get("entities", [])]
    return [row if isinstance(row, str) else row.get("entity") for row in rows if row]


@pytest.fixture
async def entry(hass: HomeAssistant) -> Any:
    config_entry = mock_entry(entry_data(auto_accept=True), **{CONF_METER_INTERVAL: 1})
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    yield config_entry
    await hass.config_entries.async_unload(config_entry.entry_id)


def test_the_dashboard_is_a_card_per_charger_with_what_the_readme_promises() -> None:
    config = readme_dashboard()
    assert [card["type"] for card in cards(config)] == ["entities"]
    ids = [i for card in cards(config) for i in entity_ids(card) if i]
    keys = {entity_id.split(".", 1)[1].removeprefix("cp1_") for entity_id in ids}
    assert keys == WANTED


async def test_every_entity_of_the_dashboard_exists_for_the_simulated_charger(
    hass: HomeAssistant, entry: MockConfigEntry, hass_ws_client: WebSocketGenerator
) -> None:
    config = readme_dashboard()
    async with demo_charger(entry):
        await wait_until(hass, "sensor.cp1_power", above(0))
        registry = er.async_get(hass)
        for card in cards(config):
            assert card["type"] in BUILT_IN_CARDS
            for entity_id in filter(None, entity_ids(card)):
                state = hass.states.get(entity_id)
                assert state is not None, f"{entity_id} does not exist"
                assert state.state != "unavailable", entity_id
                registered = registry.async_get(entity_id)
                assert registered is not None
                assert registered.platform == DOMAIN
                assert registered.disabled_by is None, f"{entity_id} is disabled"

    # Home Assistant's dashboard store takes it as the raw editor saves it.
    hass.config.components.add("frontend")  # the web UI is not installed for tests
    assert await async_setup_component(hass, "lovelace", {})
    client = await hass_ws_client()
    await client.send_json_auto_id({"type": "lovelace/config/save", "config": config})
    assert (await client.receive_json())["success"]
    await client.send_json_auto_id({"type": "lovelace/config"})
    saved = await client.receive_json()
    assert saved["success"]
    assert saved["result"] == config
