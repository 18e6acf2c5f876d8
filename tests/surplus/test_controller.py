"""Controller units: modes, delays, stale meters, battery priority, phases."""

from __future__ import annotations

from custom_components.ocpp_central.surplus import (
    Decision,
    Mode,
    PhaseMode,
    Reading,
    StaleAction,
    State,
    SurplusController,
    SurplusSettings,
)


def drive(
    controller: SurplusController,
    seconds: range,
    grid_w: float,
    mode: Mode = Mode.SOLAR,
    **extra: object,
) -> Decision:
    """Feed a fresh grid sample every second; the car draws what was decided."""
    decision = controller.update(
        Reading(
            now=seconds.start,
            mode=mode,
            grid_power_w=grid_w,
            grid_updated=seconds.start,
        )
    )
    for now in seconds:
        amps = decision.current_a if decision.enabled else 0.0
        currents = tuple(amps if i < decision.phases else 0.0 for i in range(3))
        reading = Reading(
            now=now,
            mode=mode,
            grid_power_w=grid_w + sum(currents) * 230,
            grid_updated=now,
            phase_currents_a=currents,  # type: ignore[arg-type]
            active_phases=decision.phases,
            charging=amps > 0,
            offered_current_a=amps,
            **extra,  # type: ignore[arg-type]
        )
        decision = controller.update(reading)
    return decision


def test_off_and_disconnected_never_charge() -> None:
    controller = SurplusController()
    assert (
        controller.update(
            Reading(now=0, mode=Mode.OFF, grid_power_w=-9000, grid_updated=0)
        ).enabled
        is False
    )
    decision = controller.update(
        Reading(
            now=1, mode=Mode.SOLAR, grid_power_w=-9000, grid_updated=1, connected=False
        )
    )
    assert (decision.enabled, decision.state) == (False, State.OFF)


def test_fast_is_maximum_on_all_phases_without_a_meter() -> None:
    controller = SurplusController(
        SurplusSettings(max_current=16, phase_switching=True, max_phases=3)
    )
    decision = controller.update(Reading(now=0, mode=Mode.FAST))
    assert (decision.enabled, decision.current_a, decision.phases, decision.state) == (
        True,
        16,
        3,
        State.FAST,
    )


def test_solar_waits_out_the_enable_delay_then_follows_the_surplus() -> None:
    controller = SurplusController(SurplusSettings(enable_delay=60, smoothing=5))
    export = -(6 * 3 * 230 + 3000)  # enough for the minimum plus about 4 A more
    assert drive(controller, range(0, 30), export).state in (
        State.STARTING,
        State.WAITING,
    )
    decision = drive(controller, range(30, 200), export)
    assert decision.enabled
    assert 9 <= decision.current_a <= 11


def test_a_light_cloud_is_ridden_and_a_deep_dip_paused_by_the_limit() -> None:
    settings = SurplusSettings(enable_delay=10, smoothing=5)
    controller = SurplusController(settings)
    assert drive(controller, range(0, 60), -6000).enabled
    cloud = drive(controller, range(60, 160), -3000)  # the sun still brings 3 kW
    assert cloud.enabled and cloud.current_a == 6
    assert drive(controller, range(160, 260), -6000).current_a > 8
    # the house takes it all; the day's one dip was short, so it is ridden
    # for a while, but never past three times the disable delay
    deep = drive(
        controller, range(260, 260 + 3 * int(settings.disable_delay) + 30), 2000
    )
    assert not deep.enabled


def test_a_restart_soon_after_a_pause_needs_a_margin_that_fades() -> None:
    settings = SurplusSettings(enable_delay=10, smoothing=5)
    minimum = 6 * 3 * 230
    bare = -(minimum + 150)  # covers the minimum (and the 50 W residual)
    # the day's first start needs only the minimum
    controller = SurplusController(settings)
    assert drive(controller, range(0, 60), bare).enabled
    assert not drive(controller, range(60, 400), 2000).enabled
    # minutes after the pause the same surplus is not enough ...
    waiting = drive(controller, range(400, 600), bare)
    assert (waiting.enabled, waiting.state) == (False, State.WAITING)
    # ... 130 W per phase more is
    assert drive(controller, range(600, 700), -(minimum + 500)).enabled
    # the margin fades: the bare minimum starts again before half an hour is up
    # (this pause comes after 730 s)
    assert not drive(controller, range(700, 1100), 2000).enabled
    assert not drive(controller, range(1100, 1300), bare).enabled
    assert drive(controller, range(1300, 2500), bare).enabled


def test_charging_switched_off_and_on_again_starts_without_the_margin() -> None:
    settings = SurplusSettings(enable_delay=10, smoothing=5)
    bare = -(6 * 3 * 230 + 150)
    controller = SurplusController(settings)
    assert drive(controller, range(0, 60), bare).enabled
    assert not drive(controller, range(60, 120), bare, mode=Mode.OFF).enabled
    # only a pause for lack of sun asks for the margin ...
    assert drive(controller, range(120, 200), bare).enabled
    assert not drive(controller, range(200, 600), 2000).enabled
    assert not drive(controller, range(600, 800), bare).enabled
    # ... and switching off and on again (or a new car) forgets it
    assert not drive(controller, range(800, 820), bare, mode=Mode.OFF).enabled
    assert drive(controller, range(820, 900), bare).enabled


def test_min_solar_keeps_the_minimum_without_surplus() -> None:
    controller = SurplusController(SurplusSettings(min_current=6))
    decision = drive(controller, range(0, 100), 3000, mode=Mode.MIN_SOLAR)
    assert (decision.enabled, decision.current_a, decision.state) == (
        True,
        6,
        State.MINIMUM,
    )


def test_a_stale_meter_never_raises_and_takes_the_stale_action() -> None:
    for action, enabled, says in (
        (StaleAction.MIN, True, "the minimum current until it does."),
        (StaleAction.PAUSE, False, "paused until it does."),
        (StaleAction.HOLD, True, "the current is held until it does."),
    ):
        controller = SurplusController(
            SurplusSettings(
                enable_delay=5, stale_after=30, stale_action=action, smoothing=5
            )
        )
        before = drive(controller, range(0, 120), -8000)
        assert before.enabled and before.current_a > 6
        frozen = Reading(
            now=200,
            mode=Mode.SOLAR,
            grid_power_w=-20000,
            grid_updated=160,
            phase_currents_a=(before.current_a,) * 3,
        )
        after = controller.update(frozen)
        assert after.state == State.STALE
        assert after.enabled is enabled
        assert after.reason.endswith(says)
        if action is StaleAction.MIN:
            assert after.current_a == 6
        if action is StaleAction.HOLD:
            assert after.current_a == before.current_a


def test_a_stale_meter_says_paused_when_the_car_was_not_charging() -> None:
    # the minimum is the stale action, but a car the controller had not
    # started stays paused, and the reason says so
    controller = SurplusController(SurplusSettings(stale_after=30))
    decision = controller.update(Reading(now=0, mode=Mode.SOLAR))
    assert (decision.enabled, decision.state) == (False, State.STALE)
    assert decision.reason.endswith("paused until it does.")


def test_a_charging_battery_below_its_priority_soc_gets_the_surplus_first() -> None:
    controller = SurplusController(
        SurplusSettings(battery_priority_soc=50, enable_delay=5)
    )
    decision = drive(
        controller, range(0, 200), -5000, battery_power_w=-2000.0, battery_soc=30.0
    )
    assert not decision.enabled and decision.state == State.BATTERY
    decision = drive(
        controller, range(200, 400), -5000, battery_power_w=-2000.0, battery_soc=60.0
    )
    assert decision.enabled


def test_phase_thresholds_keep_a_hysteresis() -> None:
    settings = SurplusSettings(
        phase_switching=True,
        phase_mode=PhaseMode.AUTO,
        phase_switch_delay=30,
        enable_delay=5,
        smoothing=2,
    )
    controller = SurplusController(settings)
    assert drive(controller, range(0, 100), -2500).phases == 1  # 1p: 1380 W minimum
    # Just above the 3p minimum but inside the hysteresis band: stays on 1p.
    assert drive(controller, range(100, 300), -(4140 + 100)).phases == 1
    assert drive(controller, range(300, 500), -(4140 + 1500)).phases == 3


def test_a_slow_meter_is_not_stale_between_its_samples() -> None:
    controller = SurplusController(SurplusSettings(stale_after=60))
    for sample in range(0, 600, 60):  # a meter that reports every 60 s
        for now in range(sample + 5, sample + 65, 5):
            decision = controller.update(
                Reading(now=now, grid_power_w=-500, grid_updated=sample)
            )
            assert decision.state != State.STALE, now
    late = controller.update(Reading(now=800, grid_power_w=-500, grid_updated=540))
    assert late.state == State.STALE  # twice its usual interval has passed


def test_a_pending_command_is_not_corrected_twice() -> None:
    controller = SurplusController(SurplusSettings(enable_delay=5, smoothing=5))
    before = drive(controller, range(0, 120), -8000)
    assert before.enabled
    high = before.current_a
    # A cloud: the controller lowers the current; the charger is slow and
    # still applies the old offer, so the grid keeps showing the import.
    lowered = []
    for now in range(120, 160, 2):
        decision = controller.update(
            Reading(
                now=now,
                grid_power_w=1200.0,
                grid_updated=now,
                phase_currents_a=(high,) * 3,
                active_phases=3,
                charging=True,
                offered_current_a=high,
            )
        )
        lowered.append(decision.current_a)
    expected = high - (1200 + 100) / 690
    assert all(abs(a - lowered[0]) < 0.05 for a in lowered)
    assert abs(lowered[0] - expected) < 0.15
