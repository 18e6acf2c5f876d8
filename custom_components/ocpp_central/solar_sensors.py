"""Sensors of the solar controller, per connector."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, UnitOfElectricCurrent, UnitOfPower

from .entity import OcppEntityDescription, outlet_only
from .solar_entity import SolarEntity
from .solar_state import CONTROLLER_STATES, ConnectorSolar


@dataclass(frozen=True, kw_only=True)
class SolarSensorDescription(SensorEntityDescription, OcppEntityDescription):
    """A value of the connector's solar controller."""

    solar_fn: Callable[[ConnectorSolar], str | float | None]


SOLAR_SENSORS: tuple[SolarSensorDescription, ...] = (
    SolarSensorDescription(
        key="controller_state",
        translation_key="controller_state",
        device_class=SensorDeviceClass.ENUM,
        options=list(CONTROLLER_STATES),
        exists_fn=outlet_only,
        needs_solar=True,
        solar_fn=lambda solar: solar.state,
    ),
    SolarSensorDescription(
        key="surplus_power",
        translation_key="surplus_power",
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_display_precision=0,
        exists_fn=outlet_only,
        needs_solar=True,
        solar_fn=lambda solar: solar.surplus_w if solar.mode != "manual" else None,
    ),
    SolarSensorDescription(
        key="target_current",
        translation_key="target_current",
        device_class=SensorDeviceClass.CURRENT,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfElectricCurrent.AMPERE,
        suggested_display_precision=1,
        exists_fn=outlet_only,
        needs_solar=True,
        solar_fn=lambda solar: solar.target_a,
    ),
    SolarSensorDescription(
        key="solar_share",
        translation_key="solar_share",
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
        exists_fn=outlet_only,
        needs_solar=True,
        solar_fn=lambda solar: solar.solar_share,
    ),
)


class SolarSensor(SolarEntity, SensorEntity):
    """A value of the solar controller."""

    entity_description: SolarSensorDescription

    @property
    def native_value(self) -> str | float | None:
        """The controller's latest value."""
        return self.entity_description.solar_fn(self.solar)

    def _written_state(self) -> Any:
        """The value and the reason, cheaper than the state they make."""
        return (self.available, self.native_value, self.extra_state_attributes)

    @property
    def extra_state_attributes(self) -> dict[str, str] | None:
        """The controller's reason, on the state sensor."""
        decision = self.solar.decision
        if self.entity_description.key != "controller_state" or decision is None:
            return None
        return {"reason": decision.reason}
