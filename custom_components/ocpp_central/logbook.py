"""Logbook entries for charging sessions, tags and security events.

The events (events.py) are recorded by Home Assistant; this platform says
how the logbook shows them: "Garage started charging on connector 1 with tag
Anna's card". The words come from the `common` translations in Home
Assistant's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from homeassistant.components.logbook.const import (
    LOGBOOK_ENTRY_ICON,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr

from .const import DOMAIN
from .events import EVENT_SESSION_STARTED, EVENT_SESSION_STOPPED, EVENT_TAG_SCANNED
from .phrases import Phrases, cached_phrases, decimal
from .security_events import EVENT_SECURITY_EVENT

type Describe = Callable[[Any], dict[str, str]]

ACCEPTED = "Accepted"


def _tag(data: Mapping[str, Any]) -> str:
    """A tag as people know it: its name in the tag list, else its id."""
    return str(data.get("tag_name") or data.get("tag_id") or "?")


def session_started(say: Phrases, data: Mapping[str, Any]) -> str:
    """The message for a session that started."""
    return say(
        "logbook_session_started", connector=data.get("connector"), tag=_tag(data)
    )


def session_stopped(say: Phrases, data: Mapping[str, Any]) -> str:
    """The message for a session that ended, with its energy and reason."""
    energy = decimal(float(data.get("energy_wh") or 0) / 1000, say.language)
    connector = data.get("connector")
    if reason := data.get("stop_reason"):
        return say(
            "logbook_session_stopped_reason",
            connector=connector,
            energy=energy,
            reason=reason,
        )
    return say("logbook_session_stopped", connector=connector, energy=energy)


def tag_scanned(say: Phrases, data: Mapping[str, Any]) -> str:
    """The message for a tag a charger read."""
    status = data.get("status")
    if status == ACCEPTED:
        return say("logbook_tag_accepted", tag=_tag(data))
    return say("logbook_tag_refused", tag=_tag(data), status=status)


def security_event(say: Phrases, data: Mapping[str, Any]) -> str:
    """The message for a security event the charger reported."""
    key = "logbook_security_event"
    if data.get("critical"):
        key = "logbook_security_event_critical"
    return say(key, kind=data.get("type", "?"))


MESSAGES: dict[str, tuple[Callable[[Phrases, Mapping[str, Any]], str], str]] = {
    EVENT_SESSION_STARTED: (session_started, "mdi:ev-station"),
    EVENT_SESSION_STOPPED: (session_stopped, "mdi:ev-plug-type2"),
    EVENT_TAG_SCANNED: (tag_scanned, "mdi:card-account-details"),
    EVENT_SECURITY_EVENT: (security_event, "mdi:shield-alert"),
}


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Describe], None],
) -> None:
    """Tell the logbook how our events read."""
    devices = dr.async_get(hass)

    def describer(event_type: str) -> Describe:
        message, icon = MESSAGES[event_type]

        @callback
        def describe(event: Any) -> dict[str, str]:
            data: Mapping[str, Any] = event.data
            device = devices.async_get(str(data.get("device_id")))
            name = (device and (device.name_by_user or device.name)) or str(
                data.get("charger", DOMAIN)
            )
            return {
                LOGBOOK_ENTRY_NAME: name,
                LOGBOOK_ENTRY_MESSAGE: message(cached_phrases(hass), data),
                LOGBOOK_ENTRY_ICON: icon,
            }

        return describe

    for event_type in MESSAGES:
        async_describe_event(DOMAIN, event_type, describer(event_type))
