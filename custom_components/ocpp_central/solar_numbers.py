"""Numbers for the solar controller's main settings, per connector."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.components.number import (
    NumberDeviceClass,
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfElectricCurrent,
    UnitOfPower,
    UnitOfTime,
)
from homeassistant.exceptions import ServiceValidationError

from .const import DOMAIN
from .csms import Charger
from .entity import OcppEntityDescription
from .solar_entity import SolarSettingEntity


@dataclass(frozen=True, kw_only=True)
class SolarNumberDescription(NumberEntityDescription, OcppEntityDescription):
    """A number over one controller setting (the key names the field)."""

    setting: str
    entity_category: EntityCategory | None = EntityCategory.CONFIG
    mode: NumberMode = NumberMode.BOX


def _outlet(charger: Charger, connector: int) -> bool:
    return connector > 0


def _amps(key: str, setting: str) -> SolarNumberDescription:
    return SolarNumberDescription(
        key=key,
        translation_key=key,
        setting=setting,
        exists_fn=_outlet,
        device_class=NumberDeviceClass.CURRENT,
        native_unit_of_measurement=UnitOfElectricCurrent.AMPERE,
        native_min_value=6,
        native_max_value=80,
        native_step=1,
    )


def _watts(key: str) -> SolarNumberDescription:
    return SolarNumberDescription(
        key=key,
        translation_key=key,
        setting=key,
        exists_fn=_outlet,
        device_class=NumberDeviceClass.POWER,
        native_unit_of_measurement=UnitOfPower.WATT,
        native_min_value=-10000,
        native_max_value=10000,
        native_step=10,
    )


def _seconds(key: str) -> SolarNumberDescription:
    return SolarNumberDescription(
        key=key,
        translation_key=key,
        setting=key,
        exists_fn=_outlet,
        device_class=NumberDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        native_min_value=0,
        native_max_value=3600,
        native_step=1,
    )


def _percent(key: str, setting: str) -> SolarNumberDescription:
    return SolarNumberDescription(
        key=key,
        translation_key=key,
        setting=setting,
        exists_fn=_outlet,
        native_unit_of_measurement=PERCENTAGE,
        native_min_value=0,
        native_max_value=100,
        native_step=1,
    )


SOLAR_NUMBERS: tuple[SolarNumberDescription, ...] = (
    _amps("solar_min_current", "min_current"),
    _amps("solar_max_current", "max_current"),
    _watts("enable_threshold"),
    _watts("disable_threshold"),
    _seconds("enable_delay"),
    _seconds("disable_delay"),
    _watts("residual_power"),
    _percent("battery_priority_soc", "battery_priority_soc"),
    _percent("battery_buffer_soc", "battery_buffer_soc"),
    SolarNumberDescription(
        key="priority",
        translation_key="priority",
        setting="priority",
        exists_fn=_outlet,
        native_min_value=0,
        native_max_value=10,
        native_step=1,
    ),
)


class SolarNumber(SolarSettingEntity, NumberEntity):
    """One controller setting; kept across restarts."""

    entity_description: SolarNumberDescription

    @property
    def native_value(self) -> float:
        """The setting in force."""
        setting = self.entity_description.setting
        if setting == "priority":
            return float(self.solar.priority)
        return float(getattr(self.solar.settings, setting))

    async def async_set_native_value(self, value: float) -> None:
        """Take the new setting; the controller uses it on its next step."""
        settings = self.solar.settings
        setting = self.entity_description.setting
        low, high = settings.min_current, settings.max_current
        if setting == "min_current":
            low = value
        elif setting == "max_current":
            high = value
        if low > high:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="min_above_max",
                translation_placeholders={"min": f"{low:g}", "max": f"{high:g}"},
            )
        self.runtime.solar.set_setting(
            self.charger.identity,
            self.connector_id,
            self.entity_description.setting,
            value,
        )
        self.async_write_ha_state()
