"""Every language file says what en.json says: same keys, same placeholders.

Home Assistant fills a key missing from a language file with English, so a
text added to en.json alone shows up half-translated and no test notices; a
placeholder a translation drops or misspells shows the raw `{name}` (or
fails to format). These tests fail then. hassfest's own rules (lower-case
keys, no HTML, no URLs, ...) are applied to every language file by
tests/hassfest.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from homeassistant.core import HomeAssistant

from tests.sim import SimChargePoint, SimConfig

from .assist import TRANSLATIONS
from .conftest import entry_data, mock_entry, ws_url

Path_ = tuple[str, ...]

# The languages we promise; a file for another language is checked as well.
PROMISED = {"en", "de", "nl"}

PLACEHOLDER = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")
CODE_SPAN = re.compile(r"`([^`]+)`")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    assert not duplicates, f"keys given twice: {duplicates}"
    return dict(pairs)


def load(path: Path) -> dict[str, Any]:
    loaded = json.loads(path.read_text("utf-8"), object_pairs_hook=_no_duplicates)
    assert isinstance(loaded, dict)
    return loaded


def texts(node: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every leaf with its key path."""
    if isinstance(node, dict):
        for key, child in node.items():
            yield from texts(child, (*path, key))
    else:
        yield path, node


ENGLISH = load(TRANSLATIONS / "en.json")
EN_TEXTS = dict(texts(ENGLISH))
FILES = sorted(TRANSLATIONS.glob("*.json"))
TRANSLATED = [path for path in FILES if path.stem != "en"]


def by_stem(paths: list[Path]) -> Any:
    return pytest.mark.parametrize("path", paths, ids=lambda p: p.stem)


def test_the_promised_languages_are_shipped() -> None:
    assert {path.stem for path in FILES} >= PROMISED


@by_stem(TRANSLATED)
def test_a_translation_has_exactly_the_english_keys(path: Path) -> None:
    own = dict(texts(load(path)))
    missing = sorted(".".join(key) for key in EN_TEXTS.keys() - own.keys())
    extra = sorted(".".join(key) for key in own.keys() - EN_TEXTS.keys())
    assert (missing, extra) == ([], []), "en.json changed: translate it here too"


@by_stem(TRANSLATED)
def test_a_translation_uses_the_english_placeholders(path: Path) -> None:
    wrong = []
    for key, text in texts(load(path)):
        english = EN_TEXTS.get(key)
        if not isinstance(english, str) or not isinstance(text, str):
            continue
        if set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(english)):
            wrong.append(f"{'.'.join(key)}: {text}")
    assert wrong == []


@by_stem(TRANSLATED)
def test_a_translation_keeps_the_english_markdown(path: Path) -> None:
    """Code spans (`ws://`, an action's id, a password) stay literal; bold stays."""
    wrong = []
    for key, text in texts(load(path)):
        english = EN_TEXTS.get(key)
        if not isinstance(english, str) or not isinstance(text, str):
            continue
        same_code = sorted(CODE_SPAN.findall(text)) == sorted(
            CODE_SPAN.findall(english)
        )
        same_shape = [text.count(mark) for mark in ("**", "\n\n")] == [
            english.count(mark) for mark in ("**", "\n\n")
        ]
        if not (same_code and same_shape):
            wrong.append(".".join(key))
    assert wrong == []


@by_stem(TRANSLATED)
def test_a_translation_is_translated(path: Path) -> None:
    """Copying en.json would pass the key test; few texts may stay English."""
    own = dict(texts(load(path)))
    same = [key for key, text in own.items() if text == EN_TEXTS.get(key)]
    assert len(same) < len(own) * 0.05, sorted(".".join(key) for key in same)


def test_the_checks_catch_what_they_are_for() -> None:
    """Escaped braces and JSON are no placeholders; a key given twice is caught."""
    assert PLACEHOLDER.findall('{a} {{b}} {"c": 1}') == ["a"]
    with pytest.raises(AssertionError, match="given twice"):
        json.loads('{"a": 1, "a": 2}', object_pairs_hook=_no_duplicates)


# Entities of a charger in a home of that language: entity id -> name.
NAMED = {
    "de": {
        "binary_sensor.cp1_eingesteckt": "CP1 Eingesteckt",
        "number.cp1_ladestromgrenze": "CP1 Ladestromgrenze",
    },
    "nl": {
        "binary_sensor.cp1_ingeplugd": "CP1 Ingeplugd",
        "number.cp1_laadstroomlimiet": "CP1 Laadstroomlimiet",
    },
}


@pytest.mark.parametrize("language", sorted(NAMED))
async def test_a_home_in_that_language_names_entities_in_it(
    hass: HomeAssistant, language: str
) -> None:
    """Home Assistant names (and ids) new entities in its own language."""
    hass.config.language = language
    entry = mock_entry(entry_data(auto_accept=True))
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        await cp.wait_for_call("GetLocalListVersion")
        await cp.status(1, "Available")
        await hass.async_block_till_done()
        named = {
            entity_id: state.attributes["friendly_name"]
            for entity_id in NAMED[language]
            if (state := hass.states.get(entity_id)) is not None
        }
        assert named == NAMED[language], sorted(hass.states.async_entity_ids())
    await hass.config_entries.async_unload(entry.entry_id)
