"""Binary sensors: whether the charger is connected."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import OcppCentralConfigEntry
from .csms import Charger, ConnectorStatus
from .entity import OcppCentralEntity, OcppEntityDescription, add_entities_for_chargers

# Read-only: values are pushed by the chargers, nothing is fetched.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class OcppBinarySensorDescription(BinarySensorEntityDescription, OcppEntityDescription):
    """A binary sensor reading one flag from the model."""

    value_fn: Callable[[Charger, int], bool | None]
    always_available: bool = False
    attributes_fn: Callable[[Charger, int], dict[str, Any]] | None = None


BINARY_SENSORS: tuple[OcppBinarySensorDescription, ...] = (
    OcppBinarySensorDescription(
        key="connected",
        translation_key="connected",
        charger_level=True,
        device_class=BinarySensorDeviceClass.CONNECTIVITY,
        entity_category=EntityCategory.DIAGNOSTIC,
        always_available=True,
        value_fn=lambda charger, _: charger.connected,
    ),
    OcppBinarySensorDescription(
        key="problem",
        translation_key="problem",
        charger_level=True,
        device_class=BinarySensorDeviceClass.PROBLEM,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda charger, _: bool(charger.problems),
        # Chargers that report problems of their parts (2.0.1 and later).
        exists_fn=lambda charger, _: bool(charger.problems)
        or (charger.protocol or "").startswith("ocpp2"),
        attributes_fn=lambda charger, _: {
            "problems": [
                {
                    "part": key,
                    "since": event.time.isoformat(),
                    "code": event.tech_code,
                    "info": event.tech_info,
                }
                for key, event in charger.problems.items()
            ]
        },
    ),
    OcppBinarySensorDescription(
        key="plugged_in",
        translation_key="plugged_in",
        device_class=BinarySensorDeviceClass.PLUG,
        value_fn=lambda charger, cid: _connector_flag(charger, cid, "plugged_in"),
        exists_fn=lambda charger, cid: cid > 0,
    ),
    OcppBinarySensorDescription(
        key="charging",
        translation_key="charging",
        device_class=BinarySensorDeviceClass.BATTERY_CHARGING,
        value_fn=lambda charger, cid: _connector_flag(charger, cid, "charging"),
        exists_fn=lambda charger, cid: cid > 0,
    ),
)


# Below this a connector paused at 0 A that still says Charging draws nothing.
PAUSED_DRAW_W = 50.0


def _connector_flag(charger: Charger, connector_id: int, flag: str) -> bool | None:
    connector = charger.connectors.get(connector_id)
    if connector is None or connector.status is None:
        return None
    if flag == "charging":
        if connector.status is not ConnectorStatus.CHARGING:
            return False
        # Paused by us, a charger often keeps saying Charging at 0 W.
        power = connector.active_power_w()
        return not (connector.control.paused and (power or 0.0) < PAUSED_DRAW_W)
    return connector.plugged_in


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OcppCentralConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add binary sensors for every accepted charger."""
    add_entities_for_chargers(
        entry.runtime_data, async_add_entities, BINARY_SENSORS, OcppBinarySensor
    )


class OcppBinarySensor(OcppCentralEntity, BinarySensorEntity):
    """A binary sensor of a charger or connector."""

    entity_description: OcppBinarySensorDescription

    @property
    def available(self) -> bool:
        """Connectivity is known even while the charger is offline."""
        return self.entity_description.always_available or super().available

    @property
    def is_on(self) -> bool | None:
        """The current flag from the model."""
        return self.entity_description.value_fn(self.charger, self.connector_id)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Details, for the few flags that have them (which part has a problem)."""
        found = self.entity_description.attributes_fn
        return found(self.charger, self.connector_id) if found else None
