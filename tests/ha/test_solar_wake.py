"""Waking a car that sleeps while current is offered, through Home Assistant.

`SleepyCar` is the 1.6 simulated charger with a car that stays SuspendedEV
until it sees the wake-up sequence: the offer dropped to 0 A and raised
again, or (a deeper sleeper) the connector made Inoperative and Operative.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util
from ocpp.v16.enums import Action
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.ocpp_central.solar_wake import (
    DROP_S,
    DROPS,
    SETTLE_S,
    WAKE_AFTER,
    Step,
    Waker,
)
from tests.sim import SimChargePoint, SimConfig
from tests.sim.handlers import after

from .conftest import wait_for_state, ws_url
from .test_control import limits, press, ready
from .test_solar import charging_in_solar_mode, set_grid, solar_entry  # noqa: F401

BUTTON = "button.cp1_wake_up_car"

# Minutes of simulated time, a second at a time.
pytestmark = pytest.mark.timeout(180)


class SleepyCar(SimChargePoint):
    """A charger whose car sleeps until it sees `wakes_on` ("offer", ...)."""

    def __init__(self, config: SimConfig, wakes_on: str) -> None:
        super().__init__(config)
        self.wakes_on = wakes_on
        self.dropped = False
        self.out_of_service = False
        self.waking = False
        self.woke = False

    async def _wake(self) -> None:
        if self.waking:  # a car wakes once; later offers send nothing more
            return
        self.waking = True
        await self.status(1, "Charging")
        self.woke = True  # only once answered: leaving earlier cuts the request
        self.wake()

    async def woken(self) -> None:
        """Wait until the car has woken and its status was answered."""
        await self.wait_until(lambda: self.woke, what="the car waking")

    @after(Action.set_charging_profile)
    async def sleepy_profile(self, **_: Any) -> None:
        if limits(self)[-1][1] == 0:
            self.dropped = True
        elif self.dropped and self.wakes_on == "offer":
            await self._wake()

    @after(Action.clear_charging_profile)
    async def sleepy_clear(self, **_: Any) -> None:
        if self.dropped and self.wakes_on == "offer":  # the charger's own maximum
            await self._wake()

    @after(Action.change_availability)
    async def sleepy_availability(self, type: str, **_: Any) -> None:
        if type == "Inoperative":
            self.out_of_service = True
        elif self.out_of_service and self.wakes_on == "availability":
            await self._wake()


async def run_for(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float
) -> None:
    """Let the solar manager step once a second for `seconds` (the meter too)."""
    for _ in range(int(seconds)):
        freezer.tick(timedelta(seconds=1))
        set_grid(hass, -5000)
        async_fire_time_changed(hass, dt_util.utcnow())
        await hass.async_block_till_done()


def availability(cp: SimChargePoint) -> list[str]:
    return [p["type"] for action, p in cp.calls if action == "ChangeAvailability"]


async def asleep_in_solar_mode(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, cp: SleepyCar
) -> None:
    await charging_in_solar_mode(hass, cp)
    await cp.status(1, "SuspendedEV")
    await wait_for_state(hass, "sensor.cp1_status", "suspended_ev")
    await run_for(hass, freezer, 2)
    await cp.wait_for_call("SetChargingProfile")  # current is offered


async def test_a_sleeping_car_is_woken_by_dropping_and_raising_the_offer(
    hass: HomeAssistant,
    solar_entry: MockConfigEntry,  # noqa: F811
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    set_grid(hass, -5000)
    async with SleepyCar(SimConfig(ws_url(solar_entry)), "offer") as cp:
        await asleep_in_solar_mode(hass, freezer, cp)
        offered = limits(cp)[-1][1]
        with caplog.at_level(logging.INFO):
            await run_for(hass, freezer, WAKE_AFTER - 5)
            assert not cp.dropped  # not before it has slept WAKE_AFTER
            await run_for(hass, freezer, 10)
            await cp.wait_for_call("SetChargingProfile", count=2)
            assert limits(cp)[-1][1] == 0
            await run_for(hass, freezer, DROP_S + 1)
            await cp.wait_for_call("SetChargingProfile", count=3)
            assert limits(cp)[-1][1] == offered
            await wait_for_state(hass, "sensor.cp1_status", "charging")
            await run_for(hass, freezer, 2)
            await cp.woken()
        assert "trying to wake it" in caplog.text
        assert "woke up and charges" in caplog.text
        assert availability(cp) == []  # the last resort was not needed


async def test_a_deep_sleeper_gets_the_availability_cycle_and_then_is_left_alone(
    hass: HomeAssistant,
    solar_entry: MockConfigEntry,  # noqa: F811
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    set_grid(hass, -5000)
    async with SleepyCar(SimConfig(ws_url(solar_entry)), "availability") as cp:
        await asleep_in_solar_mode(hass, freezer, cp)
        sequence = WAKE_AFTER + DROPS * (DROP_S + SETTLE_S) + DROP_S + 5
        await run_for(hass, freezer, sequence)
        await cp.wait_for_call("ChangeAvailability", count=2)
        assert availability(cp) == ["Inoperative", "Operative"]
        assert [limit for _, limit in limits(cp)].count(0) == DROPS
        await wait_for_state(hass, "sensor.cp1_status", "charging")
        await cp.woken()


async def test_a_car_that_sleeps_through_everything_is_left_alone(
    hass: HomeAssistant,
    solar_entry: MockConfigEntry,  # noqa: F811
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    set_grid(hass, -5000)
    sequence = WAKE_AFTER + DROPS * (DROP_S + SETTLE_S) + DROP_S + 5
    async with SleepyCar(SimConfig(ws_url(solar_entry)), "never") as cp:
        await asleep_in_solar_mode(hass, freezer, cp)
        with caplog.at_level(logging.INFO):
            await run_for(hass, freezer, sequence + SETTLE_S)
            assert "leaving it alone until its next session" in caplog.text
            sent = len(cp.calls)
            await run_for(hass, freezer, 3 * SETTLE_S)
        assert availability(cp) == ["Inoperative", "Operative"]  # bounded
        # left alone: no wake-up step after giving up (no offer dropped to 0 A,
        # no availability change). Under frozen time a solar command may miss
        # its answer; the charger then gets the same offer again after
        # RETRY_AFTER, which is no wake-up step.
        later = cp.calls[sent:]
        assert {action for action, _ in later} <= {"SetChargingProfile"}
        for _, sent_again in later:
            schedule = sent_again["csChargingProfiles"]["chargingSchedule"]
            assert schedule["chargingSchedulePeriod"][0]["limit"] > 0


async def test_the_wake_up_button_runs_the_sequence_by_hand(
    hass: HomeAssistant,
    solar_entry: MockConfigEntry,  # noqa: F811
    freezer: FrozenDateTimeFactory,
) -> None:
    async with SleepyCar(SimConfig(ws_url(solar_entry)), "offer") as cp:
        await ready(hass, cp)
        await wait_for_state(hass, "select.cp1_charge_mode", "manual")
        with pytest.raises(ServiceValidationError) as err:
            await press(hass, "button", "press", BUTTON)
        assert err.value.translation_key == "wake_up_no_car"
        await cp.status(1, "Preparing")
        await cp.status(1, "SuspendedEV")
        await wait_for_state(hass, "sensor.cp1_status", "suspended_ev")
        await press(hass, "button", "press", BUTTON)
        await cp.wait_for_call("SetChargingProfile")
        assert limits(cp)[-1][1] == 0
        await run_for(hass, freezer, DROP_S + 1)
        # no limit was set by hand: raised to the charger's own maximum
        assert await cp.wait_for_call("ClearChargingProfile")
        await wait_for_state(hass, "sensor.cp1_status", "charging")
        await cp.woken()
        assert hass.states.get("select.cp1_charge_mode").state == "manual"


def test_the_waker_waits_for_current_on_offer_and_restarts_with_a_new_session() -> None:
    waker = Waker("CP1 connector 1")
    # asleep but nothing offered (paused by the controller): nothing to wake
    for now in range(0, 200):
        assert waker.observe(now, True, False, 1) is None
    steps = [waker.observe(now, True, True, 1) for now in range(200, 1000)]
    sent = [step for step in steps if step is not None]
    assert sent == [Step.DROP, Step.RAISE] * DROPS + [Step.INOPERATIVE, Step.OPERATIVE]
    assert waker.given_up and not waker.running
    assert waker.observe(1000, True, True, 2) is None  # a new session starts afresh
    assert not waker.given_up
