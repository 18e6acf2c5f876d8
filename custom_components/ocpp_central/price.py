"""The energy price sessions are costed at: a Home Assistant sensor.

Any sensor giving a price per kWh in Home Assistant's currency works (a fixed
tariff helper, a dynamic-tariff integration); prices per MWh and in cents
per kWh are converted.
"""

from __future__ import annotations

from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT
from homeassistant.core import HomeAssistant

CONF_PRICE_SENSOR = "price_sensor"


def read_price(hass: HomeAssistant, entity_id: str | None) -> float | None:
    """The price per kWh now, or None when no usable price is known."""
    if not entity_id:
        return None
    state = hass.states.get(entity_id)
    if state is None:
        return None
    try:
        value = float(state.state)
    except ValueError:
        return None
    unit = str(state.attributes.get(ATTR_UNIT_OF_MEASUREMENT) or "")
    per = unit.rpartition("/")[2].strip().lower()
    if per == "mwh":
        value /= 1000.0
    elif per == "wh":
        value *= 1000.0
    if unit.lower().startswith(("ct", "cent", "c/")):
        value /= 100.0
    return value
