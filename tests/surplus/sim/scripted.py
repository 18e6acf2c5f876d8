"""Helpers for tests: a scripted controller and decision shorthands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from custom_components.ocpp_central.surplus.model import Decision, Reading, State

from .scenarios import Scenario, get_scenario


class Scripted:
    """A controller whose decision is a function of the reading (keeps them)."""

    def __init__(self, decide: Callable[[Reading], Decision]) -> None:
        self.decide = decide
        self.readings: list[Reading] = []

    def update(self, reading: Reading) -> Decision:
        """Record the reading and decide."""
        self.readings.append(reading)
        return self.decide(reading)


def on(current: float, phases: int = 3) -> Decision:
    """Charge at `current` on `phases`."""
    return Decision(True, current, phases, State.CHARGING, "scripted")


OFF = Decision(False, 0.0, 3, State.WAITING, "scripted")


def window(name: str, start: int, end: int) -> Scenario:
    """A named scenario cut to [start, end) (seconds of the day)."""
    return replace(get_scenario(name), start=start, end=end)
