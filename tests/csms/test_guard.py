"""The stranger throttle keeps its memory bounded against rotating identities."""

from __future__ import annotations

import pytest

from custom_components.ocpp_central.csms import guard
from custom_components.ocpp_central.csms.guard import Throttle


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_rotating_identities_are_forgotten_but_the_address_stays_throttled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(guard, "MAX_TRACKED", 8)
    throttle = Throttle(clock=Clock())
    for n in range(12):  # a guesser trying a new identity every time
        throttle.failed(f"CP{n}", "192.0.2.7")
    assert len(throttle._identities) <= 8  # the oldest half was dropped
    # The address still counts every failure: the next try must wait.
    assert throttle.wait_for("CP-new", "192.0.2.7") > 0
    assert throttle.wait_for("CP-new", "192.0.2.8") == 0


def test_newcomers_from_many_addresses_are_remembered_within_bounds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(guard, "MAX_TRACKED", 8)
    throttle = Throttle(clock=Clock())
    assert all(throttle.admit_newcomer(f"192.0.2.{n}") for n in range(20))
    assert len(throttle._newcomers) <= 8
