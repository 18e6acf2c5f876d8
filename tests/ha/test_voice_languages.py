"""The Assist sentences we ship, per language, and answers in the asker's language."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hassil import Intents
from homeassistant.core import HomeAssistant
from homeassistant.helpers import translation
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ocpp_central.const import DOMAIN
from custom_components.ocpp_central.intents import (
    INTENT_CURRENT,
    INTENT_START,
    INTENT_STATUS,
    INTENT_STOP,
    INTENTS,
)
from custom_components.ocpp_central.phrases import (
    Phrases,
    async_phrases,
    cached_phrases,
    decimal,
)

from .assist import SENTENCES, TRANSLATIONS, ask, async_setup_assist, shipped_languages

README = Path(__file__).parents[2] / "README.md"

# Sentences a user would say, per shipped language: a language added under
# custom_sentences/ needs its examples here (and its translations/ file).
EXAMPLES: dict[str, list[tuple[str, str]]] = {
    "en": [
        ("start charging", INTENT_START),
        ("resume charging the car at the garage", INTENT_START),
        ("stop charging", INTENT_STOP),
        ("pause charging on CP1", INTENT_STOP),
        ("set the charging current to 10 amps", INTENT_CURRENT),
        ("charge the car at 16 amps", INTENT_CURRENT),
        ("how is the car charging", INTENT_STATUS),
        ("is the car charging at the garage", INTENT_STATUS),
    ],
}


def sentences(language: str) -> dict[str, object]:
    path = SENTENCES / language / "ocpp_central.yaml"
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.mark.parametrize("language", shipped_languages())
def test_each_language_covers_every_intent_and_nothing_else(language: str) -> None:
    found = sentences(language)
    assert found["language"] == language
    assert isinstance(found["intents"], dict)
    assert set(found["intents"]) == set(INTENTS)
    Intents.from_dict(found)  # what Home Assistant's agent builds from it
    assert (TRANSLATIONS / f"{language}.json").is_file(), "answers in this language"
    assert f"custom_sentences/{language}/" in README.read_text(encoding="utf-8")


def test_every_shipped_language_has_examples() -> None:
    assert "en" in shipped_languages()
    assert set(EXAMPLES) == set(shipped_languages())


@pytest.mark.parametrize("language", shipped_languages())
async def test_examples_reach_our_intents_and_answer_in_that_language(
    hass: HomeAssistant, tmp_path: Path, entry: MockConfigEntry, language: str
) -> None:
    await async_setup_assist(hass, tmp_path)
    say = await async_phrases(hass, language)
    assert say.language == language
    for text, intent_type in EXAMPLES[language]:
        answer = await ask(hass, text, language)
        assert (text, answer.intent) == (text, intent_type)
        # No charger has connected, so every intent says so, in this language.
        assert answer.speech == say("voice_no_charger")


def translation_files() -> list[Path]:
    return sorted(TRANSLATIONS.glob("*.json"))


@pytest.mark.parametrize("path", translation_files(), ids=lambda p: p.stem)
async def test_answers_come_from_the_askers_language_file(
    hass: HomeAssistant, entry: MockConfigEntry, path: Path
) -> None:
    english = json.loads((TRANSLATIONS / "en.json").read_text(encoding="utf-8"))
    own = json.loads(path.read_text(encoding="utf-8")).get("common", {})
    expected = own.get("voice_started", english["common"]["voice_started"])
    for language in (path.stem, f"{path.stem}-XY"):
        say = await async_phrases(hass, language)
        assert say("voice_started", charger="CP1") == expected.format(charger="CP1")


async def test_a_language_we_do_not_ship_is_answered_in_english(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    say = await async_phrases(hass, "xx-YY")
    assert say.language == "en"
    assert say("voice_paused", charger="CP1") == "Charging paused at CP1."
    assert say("no_such_phrase") == "no_such_phrase"


def test_numbers_are_written_as_the_language_writes_them() -> None:
    assert decimal(7.24, "en") == "7.2"
    assert decimal(7.26, "de") == "7,3"
    assert decimal(0.04, "nl-BE") == "0,0"


def test_a_translation_with_a_placeholder_we_do_not_fill_is_said_unfilled() -> None:
    say = Phrases("xx", {"component.ocpp_central.common.odd": "{charger} at {where}"})
    assert say("odd", charger="CP1") == "{charger} at {where}"


async def test_a_language_file_wins_over_english_and_a_region_finds_it(
    hass: HomeAssistant, entry: MockConfigEntry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As German will: Home Assistant returns that file's strings over English."""
    english = await translation.async_get_translations(hass, "en", "common", [DOMAIN])
    key = f"component.{DOMAIN}.common.voice_paused"
    german = {**english, key: "Laden an {charger} pausiert."}
    real = translation.async_get_translations

    async def with_german(
        hass: HomeAssistant, language: str, category: str, integrations: Any
    ) -> dict[str, str]:
        if language == "de":
            return german
        return await real(hass, language, category, integrations)

    monkeypatch.setattr(translation, "async_get_translations", with_german)
    say = await async_phrases(hass, "de-AT")
    assert (say.language, say("voice_paused", charger="CP1")) == (
        "de",
        "Laden an CP1 pausiert.",
    )
    unsaid = await async_phrases(hass, None)
    assert unsaid.language == "en"


async def test_the_logbook_speaks_english_until_its_language_is_loaded(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    assert cached_phrases(hass)("voice_paused", charger="CP1") == (
        "Charging paused at CP1."
    )
    hass.config.language = "fr"  # changed, and not loaded yet
    say = cached_phrases(hass)
    assert (say.language, say("voice_paused", charger="CP1")) == (
        "en",
        "Charging paused at CP1.",
    )
