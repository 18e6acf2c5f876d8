"""The site's meters for solar charging: which sensors, and reading them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN, UnitOfPower
from homeassistant.core import HomeAssistant, State

CONF_SOLAR = "solar"
CONF_GRID_SENSOR = "grid_sensor"
CONF_GRID_INVERT = "grid_invert"
CONF_BATTERY_SENSOR = "battery_sensor"
CONF_BATTERY_INVERT = "battery_invert"
CONF_BATTERY_SOC_SENSOR = "battery_soc_sensor"

_TO_WATT: dict[str | None, float] = {
    UnitOfPower.WATT: 1.0,
    UnitOfPower.KILO_WATT: 1000.0,
    UnitOfPower.MEGA_WATT: 1e6,
}


@dataclass(frozen=True)
class SolarSite:
    """The grid meter (+ import) and an optional home battery (+ discharge)."""

    grid_sensor: str | None = None
    grid_invert: bool = False
    battery_sensor: str | None = None
    battery_invert: bool = False
    battery_soc_sensor: str | None = None

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> SolarSite:
        """The site as stored in the entry's options."""
        stored = options.get(CONF_SOLAR, {})
        return cls(
            grid_sensor=stored.get(CONF_GRID_SENSOR) or None,
            grid_invert=bool(stored.get(CONF_GRID_INVERT, False)),
            battery_sensor=stored.get(CONF_BATTERY_SENSOR) or None,
            battery_invert=bool(stored.get(CONF_BATTERY_INVERT, False)),
            battery_soc_sensor=stored.get(CONF_BATTERY_SOC_SENSOR) or None,
        )


def read_power(
    hass: HomeAssistant, entity_id: str | None, invert: bool
) -> tuple[float | None, float | None]:
    """(watts, time of the last report) of a power sensor; Nones if unusable.

    The time is `last_reported`: a meter that sends the same value again is
    still alive.
    """
    state, value = _numeric_state(hass, entity_id)
    if state is None or value is None:
        return None, None
    unit = state.attributes.get("unit_of_measurement")
    watts = value * _TO_WATT.get(str(unit) if unit else None, 1.0)
    return (-watts if invert else watts), state.last_reported_timestamp


def read_number(
    hass: HomeAssistant, entity_id: str | None
) -> tuple[float | None, float | None]:
    """(value, time of the last report) of a numeric sensor."""
    state, value = _numeric_state(hass, entity_id)
    if state is None or value is None:
        return None, None
    return value, state.last_reported_timestamp


def _numeric_state(
    hass: HomeAssistant, entity_id: str | None
) -> tuple[State | None, float | None]:
    state = hass.states.get(entity_id) if entity_id else None
    if state is None or state.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
        return None, None
    try:
        return state, float(state.state)
    except ValueError:
        return None, None
