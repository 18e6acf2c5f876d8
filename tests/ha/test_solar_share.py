"""How a connector counts the solar share of its session (pure bookkeeping)."""

from __future__ import annotations

from custom_components.ocpp_central.solar_state import ConnectorSolar
from custom_components.ocpp_central.surplus import Reading

SIX_AMPS = (6.0, 6.0, 6.0)


def reading(now: float, grid_w: float | None) -> Reading:
    return Reading(now=now, grid_power_w=grid_w, phase_currents_a=SIX_AMPS)


def test_energy_with_the_grid_meter_unknown_counts_as_not_solar() -> None:
    solar = ConnectorSolar()
    assert solar.follow_session(7)
    assert not solar.count_energy(7, reading(0.0, -5000.0))  # the first tick
    assert solar.count_energy(7, reading(5.0, -5000.0))
    assert solar.solar_share == 100.0
    # the meter drops out for as long again: the car's energy still counts,
    # but none of it as surplus
    assert solar.count_energy(7, reading(10.0, None))
    assert solar.solar_share == 50.0
    assert solar.total_wh == 2 * solar.solar_wh


def test_a_new_session_starts_the_counts_again() -> None:
    solar = ConnectorSolar()
    solar.follow_session(7)
    solar.count_energy(7, reading(0.0, 1000.0))
    solar.count_energy(7, reading(5.0, 1000.0))
    # 1,000 W of the car's 4,140 W came from the grid
    assert solar.solar_share == 75.8
    assert not solar.follow_session(7)
    assert solar.follow_session(8)
    assert solar.solar_share is None
