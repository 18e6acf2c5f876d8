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
from tests.sim import SimChargePoint, SimConfig

from .assist import SENTENCES, TRANSLATIONS, ask, async_setup_assist, shipped_languages
from .charging import sample, send_meter, start_session
from .conftest import entry_data, mock_entry, ws_url

README = Path(__file__).parents[2] / "README.md"

# Home Assistant's agent matches every sentence against all of a language's
# built-in sentences too: about 0.1 s a sentence in Dutch, but 2 s under the
# suite's coverage tracer, and more on a loaded machine. A hang guard, not a
# speed limit.
MANY_SENTENCES = pytest.mark.timeout(180)

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
    "de": [
        ("starte das Laden", INTENT_START),
        ("setze das Laden fort in der Garage", INTENT_START),
        ("stoppe das Laden", INTENT_STOP),
        ("Laden pausieren bei CP1", INTENT_STOP),
        ("setze den Ladestrom auf 10 Ampere", INTENT_CURRENT),
        ("lade das Auto mit 16 Ampere", INTENT_CURRENT),
        ("wie lädt das Auto", INTENT_STATUS),
        ("wie läuft das Laden in der Garage", INTENT_STATUS),
    ],
    "nl": [
        ("start het laden", INTENT_START),
        ("hervat het opladen van de auto in de garage", INTENT_START),
        ("stop met laden", INTENT_STOP),
        ("pauzeer het laden bij CP1", INTENT_STOP),
        ("zet de laadstroom op 10 ampère", INTENT_CURRENT),
        ("laad de auto met 16 ampere", INTENT_CURRENT),
        ("hoe gaat het laden", INTENT_STATUS),
        ("is de auto aan het laden in de garage", INTENT_STATUS),
    ],
}


# A charging session in words, per translated language: (sentence, answer) for
# each step of `test_a_session_by_voice_in_the_askers_language`.
SESSIONS: dict[str, dict[str, tuple[str, str]]] = {
    "de": {
        "free": ("wie lädt das Auto", "CP1 ist frei, es ist kein Auto eingesteckt."),
        "no_car": (
            "starte das Laden",
            "An CP1 ist kein Auto eingesteckt. Steck es zuerst ein.",
        ),
        "start": ("starte das Laden bei CP1", "Laden an CP1 gestartet."),
        "charging": (
            "wie läuft das Laden",
            "CP1 ist am Laden mit 7,2 Kilowatt; in dieser Ladesitzung sind es "
            "4,5 Kilowattstunden.",
        ),
        "current": (
            "setze den Ladestrom auf 10 Ampere",
            "CP1 lädt jetzt mit höchstens 10 Ampere.",
        ),
        "stop": ("stoppe das Laden", "Laden an CP1 pausiert."),
        "kept": (
            "lade das Auto mit 12 Ampere",
            "CP1 ist pausiert; beim Fortsetzen wird mit höchstens 12 Ampere geladen.",
        ),
        "unknown": (
            "starte das Laden in der Küche",
            "Ich kenne keinen Ladepunkt namens Küche.",
        ),
    },
    "nl": {
        "free": ("hoe gaat het laden", "CP1 is vrij, er is geen auto aangesloten."),
        "no_car": (
            "start het laden",
            "Er is geen auto aangesloten op CP1. Sluit hem eerst aan.",
        ),
        "start": ("start het laden bij CP1", "Laden gestart bij CP1."),
        "charging": (
            "laadt de auto",
            "CP1 is aan het laden met 7,2 kilowatt; in deze laadsessie is "
            "4,5 kilowattuur geladen.",
        ),
        "current": (
            "zet de laadstroom op 10 ampère",
            "CP1 laadt nu met maximaal 10 ampère.",
        ),
        "stop": ("stop met laden", "Laden gepauzeerd bij CP1."),
        "kept": (
            "laad de auto met 12 ampere",
            "CP1 is gepauzeerd; bij het hervatten wordt met maximaal 12 ampère "
            "geladen.",
        ),
        "unknown": (
            "start het laden in de keuken",
            "Ik ken geen laadpaal met de naam keuken.",
        ),
    },
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


@MANY_SENTENCES
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


def test_every_translated_language_has_a_spoken_session() -> None:
    assert set(SESSIONS) == set(shipped_languages()) - {"en"}


@MANY_SENTENCES
@pytest.mark.parametrize("language", sorted(SESSIONS))
async def test_a_session_by_voice_in_the_askers_language(
    hass: HomeAssistant, tmp_path: Path, language: str
) -> None:
    """Start, pause, limit and report, through the conversation agent, with a
    real charger: the answers are the language's own, numbers included."""
    await async_setup_assist(hass, tmp_path)
    entry = mock_entry(entry_data(auto_accept=True))
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    steps = SESSIONS[language]

    async def say(step: str, intent_type: str) -> None:
        text, expected = steps[step]
        answer = await ask(hass, text, language)
        assert (step, answer.intent, answer.speech) == (step, intent_type, expected)

    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        await cp.wait_for_call("GetLocalListVersion")
        await cp.status(1, "Available")
        await hass.async_block_till_done()
        await say("free", INTENT_STATUS)
        await say("no_car", INTENT_START)
        await say("unknown", INTENT_START)
        assert "RemoteStartTransaction" not in [action for action, _ in cp.calls]
        await cp.status(1, "Preparing")
        await say("start", INTENT_START)
        assert cp.calls[-1][0] == "RemoteStartTransaction"
        tx = await start_session(cp, meter_start=0)
        await send_meter(
            cp,
            sample("Power.Active.Import", 7200, "W"),
            sample("Energy.Active.Import.Register", 4500, "Wh"),
            tx=tx,
        )
        await say("charging", INTENT_STATUS)
        await say("current", INTENT_CURRENT)
        await say("stop", INTENT_STOP)
        await say("kept", INTENT_CURRENT)
    await hass.config_entries.async_unload(entry.entry_id)


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
