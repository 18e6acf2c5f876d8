"""Diagnostics for the central system and for each charger."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import REDACTED, async_redact_data
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr

from . import OcppCentralConfigEntry
from .const import DOMAIN
from .csms import Charger
from .csms.redact import redact, redact_frame
from .tags import CONF_REMOTE_START_TAG, CONF_TAGS

# Credentials, wherever they sit in the entry's data or options.
TO_REDACT = {
    "password",
    "username",
    "token",
    "authorization_key",
    "ssl_keyfile",
    CONF_REMOTE_START_TAG,
}


def _redacted_entry(entry: OcppCentralConfigEntry) -> dict[str, Any]:
    """The entry's data and options; tag ids and names masked, the rest kept.

    The tag list keeps its shape (expiry, blocked), so a problem with a tag's
    state can still be seen without knowing whose tag it is.
    """
    options = dict(entry.options)
    if CONF_TAGS in options:
        options[CONF_TAGS] = [
            {**tag, "id": REDACTED, "name": REDACTED if tag.get("name") else ""}
            for tag in options[CONF_TAGS]
        ]
    return {
        "version": f"{entry.version}.{entry.minor_version}",
        "data": redact(async_redact_data(dict(entry.data), TO_REDACT)),
        "options": redact(async_redact_data(options, TO_REDACT)),
    }


def _charger(entry: OcppCentralConfigEntry, charger: Charger) -> dict[str, Any]:
    session = entry.runtime_data.system.sessions.get(charger.identity)
    boot = charger.boot
    return {
        "identity": charger.identity,
        "accepted": charger.accepted,
        "has_password": charger.password is not None,
        "connected": charger.connected,
        "protocol": charger.protocol,
        "authenticated": session.authenticated if session else None,
        "connected_since": session.connected_at.isoformat() if session else None,
        "last_heartbeat": charger.last_heartbeat.isoformat()
        if charger.last_heartbeat
        else None,
        "boot": redact(
            {
                "vendor": boot.vendor,
                "model": boot.model,
                "serial": boot.serial,
                "firmware": boot.firmware,
                "meter_type": boot.meter_type,
            }
        )
        if boot
        else None,
        "connectors": {
            str(c.id): {
                "status": c.status.value if c.status else None,
                "error_code": c.error_code,
                "info": c.info,
                "vendor_error_code": c.vendor_error_code,
            }
            for c in charger.connectors.values()
        },
        "configuration": redact(
            [
                {"key": key, "value": value.value, "readonly": value.readonly}
                for key, value in charger.configuration.items()
            ]
        ),
        "measurands": charger.measurands,
        "recent_frames": [
            f"{direction} {redact_frame(text)}"
            for direction, text in (session.rpc.recent_frames if session else [])
        ],
    }


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: OcppCentralConfigEntry
) -> dict[str, Any]:
    """The central system's settings and every charger it knows."""
    system = entry.runtime_data.system
    book = system.charging.book
    return {
        "entry": _redacted_entry(entry),
        "listening_port": system.port,
        "chargers": [_charger(entry, c) for c in system.chargers.values()],
        # Sessions in progress, the last ones stopped, and messages about
        # transactions nobody knew (kept across restarts).
        "transactions": redact(
            {
                "open": [t.to_record() for t in book.open.values()],
                "recently_stopped": [t.to_record() for t in book.recently_stopped],
                "orphans": [orphan.to_record() for orphan in book.orphans],
            }
        ),
    }


async def async_get_device_diagnostics(
    hass: HomeAssistant, entry: OcppCentralConfigEntry, device: dr.DeviceEntry
) -> dict[str, Any]:
    """One charger's state, configuration and recent frames."""
    system = entry.runtime_data.system
    for domain, identifier in device.identifiers:
        if domain == DOMAIN:
            charger = system.chargers.get(identifier.rsplit("_", 1)[0])
            charger = system.chargers.get(identifier) or charger
            if charger is not None:
                return _charger(entry, charger)
    return {}
