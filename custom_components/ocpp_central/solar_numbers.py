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
from .entity import OcppEntityDescription, outlet_only
from .solar_entity import SolarSettingEntity


@dataclass(frozen=True, kw_only=True)
class SolarNumberDescription(NumberEntityDescription, OcppEntityDescription):
    """A number over one controller setting (the key names the field)."""

    setting: str
    scale: float = 1.0  # shown = stored x scale (a share shown in %)
    entity_category: EntityCategory | None = EntityCategory.CONFIG
    mode: NumberMode = NumberMode.BOX


# Unit, device class and range of each kind of setting.
KINDS: dict[str, tuple[str | None, NumberDeviceClass | None, float, float, float]] = {
    "amps": (UnitOfElectricCurrent.AMPERE, NumberDeviceClass.CURRENT, 6, 80, 1),
    "watts": (UnitOfPower.WATT, NumberDeviceClass.POWER, -10000, 10000, 10),
    "seconds": (UnitOfTime.SECONDS, NumberDeviceClass.DURATION, 0, 3600, 1),
    "percent": (PERCENTAGE, None, 0, 100, 1),
    "rank": (None, None, 0, 10, 1),
    "share": (PERCENTAGE, None, 0, 100, 1),
}


def _number(kind: str, key: str, setting: str | None = None) -> SolarNumberDescription:
    unit, device_class, low, high, step = KINDS[kind]
    return SolarNumberDescription(
        key=key,
        translation_key=key,
        setting=setting or key,
        exists_fn=outlet_only,
        needs_solar=True,
        device_class=device_class,
        native_unit_of_measurement=unit,
        native_min_value=low,
        native_max_value=high,
        native_step=step,
        scale=100.0 if kind == "share" else 1.0,
    )


SOLAR_NUMBERS: tuple[SolarNumberDescription, ...] = (
    _number("amps", "solar_min_current", "min_current"),
    _number("amps", "solar_max_current", "max_current"),
    _number("watts", "enable_threshold"),
    _number("watts", "disable_threshold"),
    _number("seconds", "enable_delay"),
    _number("seconds", "disable_delay"),
    _number("watts", "residual_power"),
    _number("percent", "battery_priority_soc"),
    _number("percent", "battery_buffer_soc"),
    _number("share", "accepted_grid_share"),
    _number("rank", "priority"),
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
        value = float(getattr(self.solar.settings, setting))
        return round(value * self.entity_description.scale, 6)

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
            value / self.entity_description.scale,
        )
        self.async_write_ha_state()
