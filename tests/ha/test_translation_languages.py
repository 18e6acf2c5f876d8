"""Every language file says what en.json says: same keys, same placeholders.

Home Assistant fills a key missing from a language file with English, so a
text added to en.json alone shows up half-translated and no test notices; a
placeholder a translation drops or misspells shows the raw `{name}` (or
fails to format). These tests fail then. They also apply hassfest's rules for
keys and texts (lower-case slugs, no HTML, no bare URLs, no surrounding
spaces) to every language, English included.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import voluptuous as vol
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv

from tests.sim import SimChargePoint, SimConfig

from .assist import TRANSLATIONS
from .conftest import entry_data, mock_entry, ws_url

Path_ = tuple[str, ...]

# The languages we promise; a file for another language is checked as well.
PROMISED = {"en", "de", "nl"}

PLACEHOLDER = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")
CODE_SPAN = re.compile(r"`([^`]+)`")
BARE_URL = re.compile(r"\b(?:https?|ftps?|mqtts?)://\S|\bwww\.\S", re.IGNORECASE)
QUOTED_PLACEHOLDER = re.compile(r"'\{\w+\}'")
# hassfest's translation key: lower-case letters, digits, single - or _
# between them.
SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")

# Where hassfest wants a lower-case key (`*` is any key, `?` the checked one).
SLUG_POSITIONS: list[Path_] = [
    ("entity", "?"),
    ("entity", "*", "?"),
    ("entity", "*", "*", "state", "?"),
    ("entity", "*", "*", "state_attributes", "?"),
    ("selector", "?"),
    ("selector", "*", "options", "?"),
    ("services", "?"),
    ("services", "*", "fields", "?"),
    ("services", "*", "sections", "?"),
    ("exceptions", "?"),
    ("common", "?"),
    ("device", "?"),
]


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


def keys_at(node: Any, pattern: Path_, path: Path_ = ()) -> Iterator[Path_]:
    """The key paths that end at the `?` of `pattern`."""
    if not pattern or not isinstance(node, dict):
        return
    head, rest = pattern[0], pattern[1:]
    for key, child in node.items():
        if head == "?":
            yield (*path, key)
        elif head in ("*", key):
            yield from keys_at(child, rest, (*path, key))


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


@by_stem(FILES)
def test_every_text_passes_hassfest_value_rules(path: Path) -> None:
    wrong = []
    for key, text in texts(load(path)):
        where = ".".join(key)
        if not isinstance(text, str) or not text:
            wrong.append(f"{where}: not a text")
            continue
        try:
            cv.string_with_no_html(text)
        except vol.Invalid:
            wrong.append(f"{where}: HTML")
        if text != text.strip():
            wrong.append(f"{where}: leading or trailing space")
        if BARE_URL.search(text):
            wrong.append(f"{where}: a URL (use a placeholder)")
        if QUOTED_PLACEHOLDER.search(text):
            wrong.append(f"{where}: placeholder in single quotes")
        if key[0] == "entity" and key[-2] == "state" and PLACEHOLDER.search(text):
            wrong.append(f"{where}: placeholder in a state")
    assert wrong == []


@by_stem(FILES)
def test_keys_are_lower_case_where_hassfest_wants_slugs(path: Path) -> None:
    strings = load(path)
    found = [key for pattern in SLUG_POSITIONS for key in keys_at(strings, pattern)]
    assert found, "no keys checked: has the file's layout changed?"
    wrong = [".".join(key) for key in found if not SLUG.fullmatch(key[-1])]
    assert wrong == []


def test_the_checks_catch_what_they_are_for() -> None:
    """The helpers above find a bad key, and only it."""
    strings = {"entity": {"sensor": {"Power": {"state": {"On": "x"}}}}}
    patterns = [("entity", "*", "?"), ("entity", "*", "*", "state", "?")]
    found = [key for pattern in patterns for key in keys_at(strings, pattern)]
    assert [key for key in found if not SLUG.fullmatch(key[-1])] == [
        ("entity", "sensor", "Power"),
        ("entity", "sensor", "Power", "state", "On"),
    ]
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
