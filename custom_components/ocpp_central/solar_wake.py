"""Waking a car that sleeps while current is offered (as evcc does).

Many cars fall asleep while plugged in and ignore a new offer: the charger
reports SuspendedEV although the solar controller offers current. After
`WAKE_AFTER` seconds of that, the offer is dropped to 0 A for `DROP_S` and
raised again (up to `DROPS` times, `SETTLE_S` apart); as a last resort the
connector is made Inoperative and Operative again. A car that starts
charging ends the sequence; one that sleeps through all of it is left
alone until its next session. Each step is logged at INFO, giving up at
WARNING. The `wake_up` button starts the same sequence by hand.

`Waker` is the sequence as a small state machine stepped by the solar
manager once a second; it returns the step to send, and the manager sends
it through the version-neutral `Control` commands (pause, resume,
set_available).
"""

from __future__ import annotations

import logging
from collections.abc import Coroutine
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from homeassistant.core import HomeAssistant

from .csms import ChargerError
from .csms.control import Control

_LOGGER = logging.getLogger(__name__)

WAKE_AFTER = 60.0  # s a car may stay SuspendedEV while current is offered
DROP_S = 10.0  # s the offer stays at 0 A (or the connector Inoperative)
SETTLE_S = 60.0  # s to wait for the car after each try
DROPS = 2  # tries with the offer before the availability cycle


class Step(StrEnum):
    """A command of the wake-up sequence."""

    DROP = "drop"  # offer 0 A
    RAISE = "raise"  # offer the current again
    INOPERATIVE = "inoperative"  # connector out of service
    OPERATIVE = "operative"  # connector back in service


@dataclass
class Waker:
    """One connector's wake-up sequence."""

    name: str  # for the log: "<charger> connector <n>"
    asleep_since: float | None = None
    step: Step | None = None  # the last step sent while a sequence runs
    step_at: float = 0.0
    tries: int = 0
    given_up: bool = False
    session: int | str | None = None

    @property
    def running(self) -> bool:
        """A sequence is under way (the controller must not send meanwhile)."""
        return self.step is not None

    def start(self, now: float) -> Step:
        """Start the sequence now (the button)."""
        self.given_up = False
        self.tries = 0
        return self._send(now, Step.DROP)

    def observe(
        self, now: float, asleep: bool, offered: bool, session: int | str | None
    ) -> Step | None:
        """The step to send now, if any.

        `asleep`: the charger reports SuspendedEV; `offered`: the controller
        offers current; `session`: the transaction (a new one starts afresh).
        """
        if session != self.session:
            if not self.running:  # a charger may pause by ending the session
                self.given_up, self.tries = False, 0
            self.session = session
        waited = now - self.step_at
        if self.step in (Step.DROP, Step.INOPERATIVE):
            if waited < DROP_S:
                return None  # always undone, whatever the car does meanwhile
            after = Step.RAISE if self.step is Step.DROP else Step.OPERATIVE
            return self._send(now, after)
        if not asleep:
            if self.running:
                _LOGGER.info("%s: the car woke up and charges", self.name)
            self.asleep_since, self.step = None, None
            return None
        if self.step is None:
            return self._idle(now, offered)
        if waited < SETTLE_S:
            return None
        if self.step is Step.RAISE and self.tries < DROPS:
            return self._send(now, Step.DROP)
        if self.step is Step.RAISE:
            return self._send(now, Step.INOPERATIVE)
        _LOGGER.warning(
            "%s: the car still does not charge after %d offer drops and an "
            "availability cycle; leaving it alone until its next session",
            self.name,
            self.tries,
        )
        self.given_up, self.step = True, None
        return None

    def _idle(self, now: float, offered: bool) -> Step | None:
        if not offered or self.given_up:
            self.asleep_since = None
            return None
        if self.asleep_since is None:
            self.asleep_since = now
        if now - self.asleep_since < WAKE_AFTER:
            return None
        _LOGGER.info(
            "%s: the car stays suspended although current is offered; "
            "trying to wake it",
            self.name,
        )
        return self._send(now, Step.DROP)

    def _send(self, now: float, step: Step) -> Step:
        if step is Step.DROP:
            self.tries += 1
            _LOGGER.info(
                "%s: wake-up: offer dropped to 0 A (try %d of %d)",
                self.name,
                self.tries,
                DROPS,
            )
        elif step is Step.INOPERATIVE:
            _LOGGER.info("%s: wake-up: connector made Inoperative", self.name)
        elif step is Step.RAISE:
            _LOGGER.info("%s: wake-up: offer raised again", self.name)
        else:
            _LOGGER.info("%s: wake-up: connector made Operative again", self.name)
        self.step, self.step_at = step, now
        return step


def step_command(
    control: Control, identity: str, connector: int, step: Step
) -> Coroutine[Any, Any, str]:
    """The version-neutral command that carries out `step`."""
    if step is Step.DROP:
        return control.pause(identity, connector)
    if step is Step.RAISE:
        return control.resume(identity, connector)
    return control.set_available(identity, connector, step is Step.OPERATIVE)


def send_step(
    hass: HomeAssistant, control: Control, identity: str, connector: int, step: Step
) -> None:
    """Send `step` in the background; a refusal is logged, not raised."""

    async def send() -> None:
        try:
            await step_command(control, identity, connector, step)
        except ChargerError as err:
            _LOGGER.warning(
                "%s connector %s refused the wake-up step %s: %s",
                identity,
                connector,
                step.value,
                err,
            )

    hass.async_create_background_task(send(), "ocpp_central wake-up")
