"""Binary sensors: whether the charger is connected."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from . import OcppCentralConfigEntry
from .csms import Charger
from .entity import OcppCentralEntity, OcppEntityDescription, add_entities_for_chargers


@dataclass(frozen=True, kw_only=True)
class OcppBinarySensorDescription(BinarySensorEntityDescription, OcppEntityDescription):
    """A binary sensor reading one flag from the model."""

    value_fn: Callable[[Charger, int], bool | None]
    always_available: bool = False


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
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OcppCentralConfigEntry,
    async_add_entities: AddEntitiesCallback,
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
