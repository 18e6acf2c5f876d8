"""Sensors: status, error code, heartbeat, meter readings and sessions."""

from __future__ import annotations

from typing import Any

from homeassistant.components.sensor import SensorDeviceClass, SensorEntity
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import OcppCentralConfigEntry
from .csms import Charger, ConnectorStatus
from .entity import OcppCentralEntity, add_entities_for_chargers, outlets_or_several
from .metering_sensors import METER_SENSORS
from .sensor_description import OcppSensorDescription, SensorValue
from .solar_sensors import SOLAR_SENSORS, SolarSensor

# Read-only: values are pushed by the chargers, nothing is fetched.
PARALLEL_UPDATES = 0


def _status(charger: Charger, connector: int) -> SensorValue:
    found = charger.connectors.get(connector)
    return found.status.value if found and found.status else None


def _error_code(charger: Charger, connector: int) -> SensorValue:
    found = charger.connectors.get(connector)
    return found.error_code if found else None


SENSORS: tuple[OcppSensorDescription, ...] = (
    OcppSensorDescription(
        key="status",
        translation_key="status",
        device_class=SensorDeviceClass.ENUM,
        options=[status.value for status in ConnectorStatus],
        exists_fn=outlets_or_several,
        value_fn=_status,
    ),
    OcppSensorDescription(
        key="error_code",
        translation_key="error_code",
        entity_category=EntityCategory.DIAGNOSTIC,
        exists_fn=outlets_or_several,
        value_fn=_error_code,
    ),
    OcppSensorDescription(
        key="last_heartbeat",
        translation_key="last_heartbeat",
        charger_level=True,
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda charger, _: charger.last_heartbeat,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OcppCentralConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add sensors for every accepted charger."""
    add_entities_for_chargers(
        entry.runtime_data, async_add_entities, SENSORS + METER_SENSORS, OcppSensor
    )
    add_entities_for_chargers(
        entry.runtime_data, async_add_entities, SOLAR_SENSORS, SolarSensor
    )


class OcppSensor(OcppCentralEntity, SensorEntity):
    """A sensor of a charger or connector."""

    entity_description: OcppSensorDescription

    @property
    def native_value(self) -> SensorValue:
        """The current value from the model."""
        return self.entity_description.value_fn(self.charger, self.connector_id)

    def _written_state(self) -> Any:
        """The value and unit, cheaper than the state they make."""
        return (self.available, self.native_value, self.native_unit_of_measurement)

    @property
    def native_unit_of_measurement(self) -> str | None:
        """The description's unit, or Home Assistant's currency for costs."""
        if self.entity_description.currency:
            return self.hass.config.currency
        return super().native_unit_of_measurement
