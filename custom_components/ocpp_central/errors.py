"""Charger errors as translated Home Assistant errors."""

from __future__ import annotations

from collections.abc import Awaitable

from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from .const import DOMAIN
from .csms import (
    ChargerBadAnswer,
    ChargerError,
    ChargerNotSupported,
    ChargerOffline,
    ChargerRejected,
    ChargerTimeout,
    WrongVersion,
)


def translate(err: ChargerError | ValueError, charger: str) -> HomeAssistantError:
    """The Home Assistant error for a failed command."""
    if isinstance(err, ValueError):
        return ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="invalid_value",
            translation_placeholders={"charger": charger, "error": str(err)},
        )
    if isinstance(err, WrongVersion):
        return ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="wrong_version",
            translation_placeholders={"charger": charger, "version": err.version},
        )
    if isinstance(err, ChargerNotSupported):
        # The charger lacks the feature: asking again cannot help, so this is
        # the caller's error (one log line), not a failure of the charger.
        return ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="charger_not_supported",
            translation_placeholders={"charger": charger, "status": err.status},
        )
    key, status = "charger_error", str(err)
    if isinstance(err, ChargerOffline):
        key = "charger_offline"
    elif isinstance(err, ChargerTimeout):
        key = "charger_timeout"
    elif isinstance(err, ChargerBadAnswer):
        key, status = "charger_bad_answer", str(err)
    elif isinstance(err, ChargerRejected):
        key, status = "charger_rejected", err.status
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders={"charger": charger, "status": status},
    )


async def call_charger[T](charger: str, command: Awaitable[T]) -> T:
    """Await a command; a failure becomes a translated error, never silence."""
    try:
        return await command
    except (ChargerError, ValueError) as err:
        raise translate(err, charger) from err
