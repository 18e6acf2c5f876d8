"""Sharing one surplus between connectors by priority.

Each connector's controller sees the grid as if it were alone with the
connectors it outranks:
- the power that lower-priority connectors draw counts as surplus to it
  (it may take it from them);
- the power that higher-priority connectors were told to take, but do not
  draw yet (a command on its way), counts as already gone.
So a higher-priority connector rises and the lower ones give way, and two
connectors never chase the same watts. Callers step the connectors in
`ranked` order and update each claim's `pending_w` from its new decision
before the next one looks (`grid_view`), so even the first step is shared.
Ties are broken by key, so the order is stable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Claim:
    """One connector's share of the picture."""

    key: str
    priority: int
    drawn_w: float  # what the car draws now
    pending_w: float = 0.0  # decided but not yet drawn (>= 0)


def ranked(claims: Iterable[Claim]) -> list[Claim]:
    """Claims from the highest priority down (ties by key)."""
    return sorted(claims, key=lambda c: (-c.priority, c.key))


def grid_view(grid_w: float, ordered: list[Claim], index: int) -> float:
    """The grid power (W, + import) that `ordered[index]`'s controller sees."""
    lower = sum(c.drawn_w for c in ordered[index + 1 :])
    higher = sum(max(0.0, c.pending_w) for c in ordered[:index])
    return grid_w - lower + higher
