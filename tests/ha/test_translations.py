"""The texts behind our actions: services.yaml and en.json agree.

What a test run shows the user (errors, repairs, forms, entities) is checked
as it happens by `translations_guard`; this file checks the rest: every
action Home Assistant lists and every field of it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ocpp_central.const import DOMAIN

FOLDER = Path(__file__).parents[2] / "custom_components" / DOMAIN
EN: dict[str, Any] = json.loads((FOLDER / "translations" / "en.json").read_text())
SERVICES: dict[str, Any] = yaml.safe_load((FOLDER / "services.yaml").read_text())


def _selector_keys(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [str(node["translation_key"])] if "translation_key" in node else []
        return found + [k for v in node.values() for k in _selector_keys(v)]
    return []


async def test_every_action_is_described_and_translated(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    registered = set(hass.services.async_services_for_domain(DOMAIN))
    assert registered == set(SERVICES)
    problems = []
    for name, service in SERVICES.items():
        texts = EN["services"].get(name, {})
        if not texts.get("name") or not texts.get("description"):
            problems.append(f"{name}: no name or description")
        for field in (service or {}).get("fields", {}):
            field_texts = texts.get("fields", {}).get(field, {})
            if not field_texts.get("name") or not field_texts.get("description"):
                problems.append(f"{name}.{field}: no name or description")
        for key in _selector_keys(service):
            if key not in EN["selector"]:
                problems.append(f"{name}: no selector texts for {key}")
    assert problems == []
    assert set(EN["services"]) == set(SERVICES), "texts for actions that do not exist"
