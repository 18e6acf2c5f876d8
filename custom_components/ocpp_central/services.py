"""Services: session history and the tag list."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import voluptuous as vol
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_DEVICE_ID
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import device_registry as dr
from homeassistant.util import dt as dt_util
from homeassistant.util.json import JsonValueType

from .const import DOMAIN
from .csms.authorization import Tag
from .tags import CONF_TAGS, with_tag, without_tags

if TYPE_CHECKING:
    from homeassistant.config_entries import ConfigEntry

    from .runtime import Runtime

SERVICE_GET_SESSIONS = "get_sessions"
SERVICE_ADD_TAG = "add_tag"
SERVICE_REMOVE_TAG = "remove_tag"
CONF_CONFIG_ENTRY_ID = "config_entry_id"

GET_SESSIONS_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_DEVICE_ID): cv.string,
        vol.Optional("since"): cv.datetime,
        vol.Optional("until"): cv.datetime,
    }
)
ADD_TAG_SCHEMA = vol.Schema(
    {
        vol.Optional(CONF_CONFIG_ENTRY_ID): cv.string,
        vol.Required("tag_id"): vol.All(cv.string, vol.Length(min=1, max=20)),
        vol.Optional("name", default=""): cv.string,
        vol.Optional("expiry"): cv.datetime,
        vol.Optional("blocked", default=False): cv.boolean,
    }
)
REMOVE_TAG_SCHEMA = vol.Schema(
    {
        vol.Optional(CONF_CONFIG_ENTRY_ID): cv.string,
        vol.Required("tag_id"): cv.string,
    }
)


def _error(key: str, **placeholders: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders,
    )


def _loaded_entries(hass: HomeAssistant) -> list[ConfigEntry[Runtime]]:
    return [
        entry
        for entry in hass.config_entries.async_entries(DOMAIN)
        if entry.state is ConfigEntryState.LOADED
    ]


def charger_for_device(hass: HomeAssistant, device_id: str) -> tuple[Runtime, str]:
    """The runtime and charger identity behind a device (charger or connector)."""
    device = dr.async_get(hass).async_get(device_id)
    if device is None:
        raise _error("unknown_device", device_id=device_id)
    if device.via_device_id is not None:
        return charger_for_device(hass, device.via_device_id)
    for entry in _loaded_entries(hass):
        system = entry.runtime_data.system
        for domain, identifier in device.identifiers:
            if domain == DOMAIN and identifier in system.chargers:
                return entry.runtime_data, identifier
    raise _error("unknown_device", device_id=device_id)


def _entry_for_call(hass: HomeAssistant, call: ServiceCall) -> ConfigEntry[Runtime]:
    entries = _loaded_entries(hass)
    wanted = call.data.get(CONF_CONFIG_ENTRY_ID)
    if wanted is not None:
        for entry in entries:
            if entry.entry_id == wanted:
                return entry
        raise _error("unknown_entry", entry_id=wanted)
    if len(entries) != 1:
        raise _error("entry_required")
    return entries[0]


async def _get_sessions(call: ServiceCall) -> ServiceResponse:
    runtime, identity = charger_for_device(call.hass, call.data[CONF_DEVICE_ID])
    since, until = call.data.get("since"), call.data.get("until")
    if since is not None and until is not None and since >= until:
        raise _error("since_after_until")
    sessions = runtime.history.query(
        identity,
        dt_util.as_utc(since) if since else None,
        dt_util.as_utc(until) if until else None,
    )
    return {"sessions": cast(list[JsonValueType], sessions)}


async def _add_tag(call: ServiceCall) -> None:
    entry = _entry_for_call(call.hass, call)
    expiry = call.data.get("expiry")
    tag = Tag(
        id=call.data["tag_id"],
        name=call.data["name"],
        expiry=dt_util.as_utc(expiry) if expiry else None,
        blocked=call.data["blocked"],
    )
    call.hass.config_entries.async_update_entry(
        entry, options=with_tag(entry.options, tag)
    )


async def _remove_tag(call: ServiceCall) -> None:
    entry = _entry_for_call(call.hass, call)
    tag_id = call.data["tag_id"]
    known = {item["id"].casefold() for item in entry.options.get(CONF_TAGS, [])}
    if tag_id.casefold() not in known:
        raise _error("unknown_tag", tag_id=tag_id)
    call.hass.config_entries.async_update_entry(
        entry, options=without_tags(entry.options, [tag_id])
    )


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the services (once, for every central system)."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_GET_SESSIONS,
        _get_sessions,
        schema=GET_SESSIONS_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    hass.services.async_register(
        DOMAIN, SERVICE_ADD_TAG, _add_tag, schema=ADD_TAG_SCHEMA
    )
    hass.services.async_register(
        DOMAIN, SERVICE_REMOVE_TAG, _remove_tag, schema=REMOVE_TAG_SCHEMA
    )
