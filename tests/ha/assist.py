"""Assist through Home Assistant's own conversation agent, with our sentences.

The sentences the integration ships under custom_sentences/<language>/ are
copied into the test's configuration folder, where Home Assistant's default
agent reads them, exactly as a user's copy would be.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import intent
from homeassistant.setup import async_setup_component

INTEGRATION = Path(__file__).parents[2] / "custom_components" / "ocpp_central"
SENTENCES = INTEGRATION / "custom_sentences"
TRANSLATIONS = INTEGRATION / "translations"


def shipped_languages() -> list[str]:
    """Languages we ship Assist sentences for."""
    return sorted(path.name for path in SENTENCES.iterdir() if path.is_dir())


async def async_setup_assist(hass: HomeAssistant, config_dir: Path) -> None:
    """Put our sentences where a user would, then start Assist."""
    hass.config.config_dir = str(config_dir)
    shutil.copytree(SENTENCES, config_dir / "custom_sentences")
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "conversation", {})


@dataclass
class Answer:
    """What Assist made of a sentence and what it said."""

    intent: str | None
    speech: str
    failed: bool


async def ask(
    hass: HomeAssistant, text: str, language: str = "en", device_id: str | None = None
) -> Answer:
    """Say a sentence to Assist, the way the UI (or a satellite, `device_id`) does."""
    result = await conversation.async_converse(
        hass, text, None, Context(), language=language, device_id=device_id
    )
    response = result.response
    return Answer(
        intent=response.intent.intent_type if response.intent else None,
        speech=str(response.speech["plain"]["speech"]),
        failed=response.response_type is intent.IntentResponseType.ERROR,
    )
