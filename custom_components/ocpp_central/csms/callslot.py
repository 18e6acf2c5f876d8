"""One outstanding CALL per connection, with control ahead of housekeeping.

OCPP-J lets a central system have one unanswered CALL per charger. What
waits for that slot is ordered: a person's or the solar controller's command
(CONTROL) goes before reading configuration or syncing the tag list
(HOUSEKEEPING), so housekeeping never holds back a pause or a limit longer
than the one call already on the wire.
"""

from __future__ import annotations

import asyncio
from collections import deque
from enum import IntEnum


class Priority(IntEnum):
    """Who waits first for the call slot (lower goes first)."""

    CONTROL = 0
    HOUSEKEEPING = 1


class CallSlot:
    """A lock whose waiters are woken by priority, then in arrival order."""

    def __init__(self) -> None:
        self._busy = False
        self._waiters: dict[Priority, deque[asyncio.Future[None]]] = {
            priority: deque() for priority in Priority
        }

    @property
    def busy(self) -> bool:
        """Whether a call holds the slot."""
        return self._busy

    async def acquire(self, priority: Priority = Priority.CONTROL) -> None:
        """Wait for the slot."""
        if not self._busy:
            self._busy = True
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters[priority].append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # handed the slot just as we gave up: pass it on
            elif waiter in self._waiters[priority]:
                self._waiters[priority].remove(waiter)
            raise

    def release(self) -> None:
        """Hand the slot to the first waiter of the highest priority."""
        for priority in Priority:
            waiters = self._waiters[priority]
            while waiters:
                waiter = waiters.popleft()
                if not waiter.done():
                    waiter.set_result(None)
                    return
        self._busy = False
