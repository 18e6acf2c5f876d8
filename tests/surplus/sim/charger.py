"""The charger: applies commands after a delay and counts the messages.

A command is the normalised triple (enabled, current, phases): the current
is rounded to 0.1 A, and a disabled command carries 0 A. `Charger.send`
compares it with the last command sent; an identical one sends nothing,
any change (current, enabled or phases) is ONE SetChargingProfile message
(a phase switch is a message too). A sent command takes effect
`delay` seconds later, the delay drawn per command from the scenario's
range (default 1..3 s, the slow variant 60 s); commands take effect in the
order they were sent.
"""

from __future__ import annotations

import random
from collections import deque

Command = tuple[bool, float, int]


def normalise(enabled: bool, current: float, phases: int) -> Command:
    """The command a decision amounts to."""
    if not enabled:
        return (False, 0.0, int(phases))
    return (True, max(0.0, round(current * 10.0) / 10.0), int(phases))


class Charger:
    """The charger's applied state and its queue of commands in flight."""

    def __init__(self, rng: random.Random, delay: tuple[int, int], phases: int) -> None:
        self._rng = rng
        self._delay = delay
        self.enabled = False
        self.current = 0.0
        self.phases = phases
        self.last_sent: Command = (False, 0.0, phases)
        self.pending: deque[tuple[int, Command]] = deque()
        self._last_apply = -1
        self.messages = 0
        self.message_times: list[int] = []
        self.phase_switches = 0

    @property
    def offered(self) -> float:
        """The current offered to the car (0 when disabled)."""
        return self.current if self.enabled else 0.0

    def send(self, now: int, command: Command) -> bool:
        """Send `command` unless it equals the last one; True when sent."""
        if command == self.last_sent:
            return False
        self.last_sent = command
        self.messages += 1
        self.message_times.append(now)
        low, high = self._delay
        delay = low if low == high else self._rng.randint(low, high)
        apply_at = max(now + delay, self._last_apply)
        self._last_apply = apply_at
        self.pending.append((apply_at, command))
        return True

    def apply_due(self, now: int) -> None:
        """Apply every command whose time has come."""
        pending = self.pending
        while pending and pending[0][0] <= now:
            enabled, current, phases = pending.popleft()[1]
            if phases != self.phases:
                self.phase_switches += 1
            self.enabled = enabled
            self.current = current
            self.phases = phases
