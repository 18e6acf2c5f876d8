"""Strangers on the network: failed logins and new identities, throttled.

Failed logins are counted per identity and per source address. After a few
free attempts each further failure doubles the wait before the next attempt
is even looked at (answered 429 without checking the password, so a
throttled guesser costs no password hash). New identities are limited per
source address, so one host cannot fill the list of waiting chargers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

FREE_FAILURES_PER_IDENTITY = 3
FREE_FAILURES_PER_ADDRESS = 10  # several chargers may share one address (NAT)
FIRST_DELAY = 2.0  # s
MAX_DELAY = 300.0  # s
FORGET_AFTER = 900.0  # s without a failure: the slate is clean
NEWCOMERS_PER_ADDRESS = 10
NEWCOMER_WINDOW = 600.0  # s
MAX_TRACKED = 4096  # identities and addresses remembered at once


@dataclass(slots=True)
class _Strikes:
    failures: int = 0
    last: float = 0.0
    blocked_until: float = 0.0


@dataclass
class Throttle:
    """Decides whether a handshake may even be looked at."""

    clock: Callable[[], float] = time.monotonic
    _identities: dict[str, _Strikes] = field(default_factory=dict)
    _addresses: dict[str, _Strikes] = field(default_factory=dict)
    _newcomers: dict[str, list[float]] = field(default_factory=dict)

    def wait_for(self, identity: str, address: str) -> float:
        """Seconds until this identity or address may try again (0: now)."""
        now = self.clock()
        waits = [
            strikes.blocked_until - now
            for strikes in (
                self._identities.get(identity),
                self._addresses.get(address),
            )
            if strikes is not None
        ]
        return max([0.0, *waits])

    def failed(self, identity: str, address: str) -> None:
        """Count a failed login for both the identity and the address."""
        now = self.clock()
        self._strike(self._identities, identity, FREE_FAILURES_PER_IDENTITY, now)
        self._strike(self._addresses, address, FREE_FAILURES_PER_ADDRESS, now)

    def succeeded(self, identity: str) -> None:
        """A correct password clears the identity (not the address)."""
        self._identities.pop(identity, None)

    def admit_newcomer(self, address: str) -> bool:
        """Whether an address may introduce one more unknown identity now."""
        now = self.clock()
        seen = self._newcomers.get(address, ())
        recent = [t for t in seen if now - t < NEWCOMER_WINDOW]
        if len(recent) >= NEWCOMERS_PER_ADDRESS:
            self._newcomers[address] = recent
            return False
        recent.append(now)
        self._newcomers[address] = recent
        self._prune(self._newcomers)
        return True

    def _strike(
        self, table: dict[str, _Strikes], key: str, free: int, now: float
    ) -> None:
        strikes = table.get(key)
        if strikes is None or now - strikes.last > FORGET_AFTER:
            strikes = table[key] = _Strikes()
        strikes.failures += 1
        strikes.last = now
        over = strikes.failures - free
        if over > 0:
            strikes.blocked_until = now + min(MAX_DELAY, FIRST_DELAY * 2 ** (over - 1))
        self._prune(table)

    @staticmethod
    def _prune(table: dict[str, Any]) -> None:
        if len(table) <= MAX_TRACKED:
            return
        # Forget the oldest half; an attacker rotating keys gains nothing
        # because the other table still counts the address or identity.
        for key in list(table)[: len(table) // 2]:
            del table[key]
