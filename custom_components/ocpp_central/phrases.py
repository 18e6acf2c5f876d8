"""Translated sentences for voice answers and logbook entries.

They live in the `common` section of `translations/<language>.json` (a section
hassfest accepts for any integration), so the translations that name the
entities also phrase what Assist says and what the logbook shows.
"""

from __future__ import annotations

import logging
from typing import Any, Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import translation

from .const import DOMAIN

_LOGGER = logging.getLogger(__name__)

CATEGORY: Final = "common"
ENGLISH: Final = "en"


class Phrases:
    """The `common` strings of one language, English where one is missing."""

    def __init__(self, language: str, strings: dict[str, str]) -> None:
        self.language = language
        self._strings = strings

    def __call__(self, key: str, **placeholders: Any) -> str:
        """The sentence for `key` with its placeholders filled in."""
        text = self._strings.get(f"component.{DOMAIN}.{CATEGORY}.{key}")
        if text is None:
            _LOGGER.warning("No %s phrase %r; was translations/ changed?", DOMAIN, key)
            return key
        try:
            return text.format(**{k: str(v) for k, v in placeholders.items()})
        except (KeyError, IndexError, ValueError):
            # A translation with a placeholder we do not fill: say it unfilled
            # rather than fail the answer.
            _LOGGER.warning("Phrase %r (%s) needs other placeholders", key, text)
            return text


def _candidates(language: str | None) -> list[str]:
    """`de-CH` -> [`de-CH`, `de`]: the exact language first, then its base."""
    if not language:
        return []
    base = language.replace("_", "-").split("-", 1)[0].lower()
    return list(dict.fromkeys([language, base]))


async def async_phrases(hass: HomeAssistant, language: str | None) -> Phrases:
    """Phrases in `language` (a conversation's language), else English."""
    english = await translation.async_get_translations(
        hass, ENGLISH, CATEGORY, [DOMAIN]
    )
    for candidate in _candidates(language):
        if candidate == ENGLISH:
            break
        strings = await translation.async_get_translations(
            hass, candidate, CATEGORY, [DOMAIN]
        )
        # Home Assistant fills a language it has no file for with English.
        if strings != english:
            return Phrases(candidate, strings)
    return Phrases(ENGLISH, english)


@callback
def cached_phrases(hass: HomeAssistant) -> Phrases:
    """Phrases in Home Assistant's language, for code that cannot await.

    Home Assistant loads an integration's translations for its configured
    language when it sets the integration up; English fills any gap.
    """
    language = hass.config.language
    strings = translation.async_get_cached_translations(
        hass, language, CATEGORY, DOMAIN
    )
    if not strings:
        language = ENGLISH
        strings = translation.async_get_cached_translations(
            hass, ENGLISH, CATEGORY, DOMAIN
        )
    return Phrases(language, strings)


def decimal(value: float, language: str, digits: int = 1) -> str:
    """A number as the language writes it: 7.2 in English, 7,2 in German."""
    text = f"{value:.{digits}f}"
    if language.split("-", 1)[0] in _DECIMAL_COMMA:
        text = text.replace(".", ",")
    return text


# Languages that write a decimal comma (ours and our neighbours').
_DECIMAL_COMMA: Final = frozenset(
    {"de", "nl", "fr", "it", "es", "pt", "da", "sv", "nb", "fi", "pl", "cs", "ru"}
)
