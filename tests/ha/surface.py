"""What a user sees of the integration, as plain data for snapshots.

Home Assistant's own registry serialization changes between releases (new
fields, renamed ones), and the oldest and newest versions we support must
agree on the snapshots, so entities and devices are reduced here to the
fields that make up the surface: names, units, categories, device classes,
the enabled default, icons, and the state with its attributes. Values that
change from run to run (time stamps, durations, ports) are replaced by their
type.
"""

from __future__ import annotations

from typing import Any

from homeassistant.const import ATTR_DEVICE_CLASS
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from syrupy.types import PropertyPath, SerializableData

# Device classes of sensors whose state is a moment or an elapsed time.
_VOLATILE_CLASSES = {"timestamp", "duration"}
# Keys of diagnostics that differ from run to run.
VOLATILE_KEYS = {
    "port",
    "listening_port",
    "connected_since",
    "last_heartbeat",
    "recent_frames",
    "started",
    "stopped",
    "start",
    "stop",
    "timestamp",
    "transaction_id",
    "last_seen",
    "updated",
}


def steady(data: SerializableData, path: PropertyPath) -> SerializableData:
    """A syrupy matcher: a volatile diagnostics value becomes its type."""
    if path and str(path[-1][0]) in VOLATILE_KEYS and data is not None:
        return f"<{type(data).__name__}>"
    return data


def _device_name(hass: HomeAssistant, device_id: str | None) -> str | None:
    device = dr.async_get(hass).async_get(device_id) if device_id else None
    return device.name if device else None


def entities(hass: HomeAssistant, entry_id: str, domain: str) -> dict[str, Any]:
    """Every entity of one platform of the entry: registry entry and state."""
    registry = er.async_get(hass)
    found: dict[str, Any] = {}
    for entity in er.async_entries_for_config_entry(registry, entry_id):
        if entity.domain != domain:
            continue
        state = hass.states.get(entity.entity_id)
        device_class = entity.device_class or entity.original_device_class
        # A sensor's moment or elapsed time; a number's duration is a setting.
        volatile = domain == "sensor" and (
            device_class in _VOLATILE_CLASSES
            or (
                state is not None
                and state.attributes.get(ATTR_DEVICE_CLASS) in _VOLATILE_CLASSES
            )
        )
        found[entity.entity_id] = {
            "unique_id": entity.unique_id,
            "device": _device_name(hass, entity.device_id),
            "translation_key": entity.translation_key,
            "original_name": entity.original_name,
            "has_entity_name": entity.has_entity_name,
            "entity_category": entity.entity_category,
            "original_device_class": entity.original_device_class,
            "original_icon": entity.original_icon,
            "unit_of_measurement": entity.unit_of_measurement,
            "capabilities": entity.capabilities,
            "supported_features": entity.supported_features,
            "options": dict(entity.options),
            "enabled_by_default": entity.disabled_by is None,
            "state": None
            if state is None
            else {
                "state": f"<{device_class}>" if volatile else state.state,
                "attributes": dict(state.attributes),
            },
        }
    return found


def _identifier(hass: HomeAssistant, device_id: str | None) -> str | None:
    device = dr.async_get(hass).async_get(device_id) if device_id else None
    if device is None:
        return None
    return ",".join(sorted(identifier for _, identifier in device.identifiers))


def devices(hass: HomeAssistant, entry_id: str) -> dict[str, Any]:
    """Every device of the entry by its identifier, and which one it hangs under."""
    registry = dr.async_get(hass)
    found: dict[str, Any] = {}
    for device in dr.async_entries_for_config_entry(registry, entry_id):
        found[str(_identifier(hass, device.id))] = {
            "name": device.name,
            "identifiers": sorted(device.identifiers),
            "connections": sorted(device.connections),
            "manufacturer": device.manufacturer,
            "model": device.model,
            "model_id": device.model_id,
            "serial_number": device.serial_number,
            "sw_version": device.sw_version,
            "hw_version": device.hw_version,
            "entry_type": device.entry_type,
            "configuration_url": device.configuration_url,
            "via_device": _identifier(hass, device.via_device_id),
            "disabled_by": device.disabled_by,
            "name_by_user": device.name_by_user,
        }
    return found
