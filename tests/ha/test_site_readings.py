"""The site's meters read from Home Assistant states: numbers or nothing."""

from __future__ import annotations

import pytest
from homeassistant.core import HomeAssistant

from custom_components.ocpp_central.solar_site import read_number, read_power

SOC = "sensor.battery_soc"


async def test_a_battery_level_is_read_with_the_time_it_was_last_reported(
    hass: HomeAssistant,
) -> None:
    hass.states.async_set(SOC, "63.5", {"unit_of_measurement": "%"})
    value, reported = read_number(hass, SOC)
    state = hass.states.get(SOC)
    assert state is not None
    assert (value, reported) == (63.5, state.last_reported_timestamp)


@pytest.mark.parametrize("text", ["unknown", "unavailable", "full", ""])
async def test_a_state_that_is_no_number_is_no_reading(
    hass: HomeAssistant, text: str
) -> None:
    hass.states.async_set(SOC, text)
    assert read_number(hass, SOC) == (None, None)
    assert read_power(hass, SOC, False) == (None, None)


async def test_no_sensor_chosen_is_no_reading(hass: HomeAssistant) -> None:
    assert read_number(hass, None) == (None, None)
    assert read_number(hass, "sensor.gone") == (None, None)
