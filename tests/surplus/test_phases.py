"""Unit tests for the 1p -> 3p switch decision (pure logic, no simulation)."""

from __future__ import annotations

from custom_components.ocpp_central.surplus.model import SurplusSettings
from custom_components.ocpp_central.surplus.phases import Phases

# 6 A x 3 x 230 V plus half the 300 W hysteresis: three phases start to pay.
UP_W = 4290.0


def phases(**changes: object) -> Phases:
    settings = SurplusSettings(phase_switching=True, **changes)  # type: ignore[arg-type]
    return Phases(settings)


def test_the_switch_up_waits_for_the_delay_of_clear_surplus() -> None:
    choice = phases(phase_switch_delay=60.0)
    assert choice.up_w() == UP_W
    assert not choice.switch_up(0.0, 8000.0)
    assert not choice.switch_up(59.0, 8000.0)
    assert choice.switch_up(60.0, 8000.0)
    assert choice.up_since is None  # the next switch waits its own delay


def test_a_dip_below_the_threshold_restarts_the_delay() -> None:
    choice = phases(phase_switch_delay=60.0)
    assert not choice.switch_up(0.0, 8000.0)
    assert not choice.switch_up(30.0, UP_W - 1)
    assert not choice.switch_up(70.0, 8000.0)
    assert choice.switch_up(130.0, 8000.0)


def test_a_switch_whose_pause_costs_more_than_it_brings_is_not_made() -> None:
    # 4.5 kW on three phases gains 820 W over one phase's 3.68 kW for ten
    # minutes; a ten-minute stop for the switch loses 3.68 kW for as long.
    choice = phases(phase_switch_delay=0.0, phase_switch_pause=600.0)
    assert not choice.switch_up(0.0, 4500.0)
    assert choice.up_since == 0.0  # the clear surplus keeps counting
    # Full three phases (11 kW) gain 7.36 kW: worth the same stop.
    assert choice.switch_up(1.0, 11040.0)


def test_without_phase_switching_one_phase_never_goes_up() -> None:
    choice = Phases(SurplusSettings(phase_switching=False))
    assert not choice.switch_up(0.0, 20000.0)
    assert not choice.switch_up(1000.0, 20000.0)
    assert choice.up_since is None
