"""The price per kWh read from a sensor, whatever unit the tariff gives."""

from __future__ import annotations

import pytest
from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant

from custom_components.ocpp_central.price import read_price

PRICE = "sensor.tariff"


@pytest.mark.parametrize(
    ("state", "unit"),
    [
        ("0.25", "EUR/kWh"),
        ("250", "EUR/MWh"),  # wholesale and dynamic tariffs
        ("0.00025", "EUR/Wh"),
        ("25", "ct/kWh"),
        ("25", "cent/kWh"),
        ("25", "c/kWh"),
        ("0.25", "EUR / kWh"),
        ("0.25", None),  # a bare number helper: taken as per kWh
    ],
)
async def test_a_price_in_any_common_unit_is_read_per_kwh(
    hass: HomeAssistant, state: str, unit: str | None
) -> None:
    hass.states.async_set(PRICE, state, {ATTR_UNIT_OF_MEASUREMENT: unit})
    assert read_price(hass, PRICE) == pytest.approx(0.25)


@pytest.mark.parametrize("state", [STATE_UNAVAILABLE, "unknown", ""])
async def test_a_sensor_without_a_number_gives_no_price(
    hass: HomeAssistant, state: str
) -> None:
    hass.states.async_set(PRICE, state, {ATTR_UNIT_OF_MEASUREMENT: "EUR/kWh"})
    assert read_price(hass, PRICE) is None


async def test_no_sensor_chosen_or_none_there_gives_no_price(
    hass: HomeAssistant,
) -> None:
    assert read_price(hass, None) is None
    assert read_price(hass, "") is None
    assert read_price(hass, "sensor.removed_tariff") is None
