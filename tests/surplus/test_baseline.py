"""The evcc-equivalent baseline behaves as today's evcc loadpoint does."""

from __future__ import annotations

from custom_components.ocpp_central.surplus.model import (
    Mode,
    PhaseMode,
    Reading,
    SurplusSettings,
)
from tests.surplus.sim.baseline import BaselineController


def charging(now: float, grid: float, drawn: float, phases: int = 3) -> Reading:
    currents = tuple(drawn if i < phases else 0.0 for i in range(3))
    return Reading(
        now=now,
        mode=Mode.SOLAR,
        grid_power_w=grid,
        grid_updated=now,
        charging=drawn > 0,
        phase_currents_a=currents,  # type: ignore[arg-type]
        active_phases=phases,
        offered_current_a=16.0,
    )


def enabled_at(base: BaselineController, amps: float) -> None:
    base.update(charging(0, -20000, 0.0))  # evaluates at once, starts the timer
    base.update(charging(60, -20000, 0.0))  # enabled at the minimum
    base.update(charging(90, -(amps - 6) * 690, 6.0))  # raised to `amps`


def test_the_target_builds_on_the_offer_capped_at_the_draw_plus_two_amps() -> None:
    base = BaselineController(SurplusSettings(residual_power=0))
    enabled_at(base, 16.0)
    # The car takes only 8 A of the 16 A offered; the grid exports 690 W more.
    decision = base.update(charging(120, -690.0, 8.0))
    assert decision.current_a == 11.0  # min(8 + 2, 16) + 1 A, not 8 + 1


def test_it_evaluates_every_thirty_seconds() -> None:
    base = BaselineController(SurplusSettings(residual_power=0))
    enabled_at(base, 10.0)
    first = base.update(charging(120, -690.0, 10.0))
    assert base.update(charging(130, 5000.0, 10.0)) == first  # not yet
    assert base.update(charging(150, 5000.0, 10.0)).current_a == 6.0


def test_three_phases_go_to_one_after_the_disable_delay_even_below_the_1p_minimum() -> (
    None
):
    settings = SurplusSettings(
        residual_power=0, phase_switching=True, phase_mode=PhaseMode.AUTO
    )
    base = BaselineController(settings)
    enabled_at(base, 6.0)
    assert base.update(charging(120, 6 * 690.0 - 1000.0, 6.0)).phases == 3
    phases = [
        base.update(charging(t, 6 * 690.0 - 1000.0, 6.0)).phases
        for t in range(150, 400, 30)
    ]
    assert phases[0] == 3 and phases[-1] == 1  # 1 kW available: below 1p's 1.4 kW


def test_a_car_that_is_not_charging_switches_phases_at_once() -> None:
    settings = SurplusSettings(
        residual_power=0, phase_switching=True, phase_mode=PhaseMode.AUTO
    )
    base = BaselineController(settings)
    assert base.update(charging(0, -2000.0, 0.0)).phases == 1
    # not again within a minute of a switch (evcc's phaseSwitchCompleted)
    assert base.update(charging(30, -5000.0, 0.0)).phases == 1
    assert base.update(charging(90, -5000.0, 0.0)).phases == 3
