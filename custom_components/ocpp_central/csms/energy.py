"""An energy total that never goes backwards, whatever the meter does.

A charger's energy register may reset (meter swap, firmware update, or a
register that restarts at every transaction) or glitch (a single 0 between
real values). The total follows the register's increases only. A drop is
held as a candidate base; the next value decides what it was:

- it continues from the candidate and stays below the old top: the register
  was reset, and what it counted since the candidate is added;
- it continues from the candidate past the old top, by no more energy than a
  charger could have delivered since (`MAX_POWER_W`): also a reset (a short
  session on a per-transaction register);
- otherwise it is back on the old scale: the drop was a glitch, and only
  what passes the old top is counted.

A drop of a few Wh without a candidate is rounding (a whole-Wh stop value
after a fractional sample): ignored. The candidate is stored with the total,
so a restart between a transaction's start and its first reading loses
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

# A drop up to this much is rounding between two ways of reporting, not a reset.
ROUNDING_WH = 10.0
# More than any charger delivers (a large DC charger); a rise faster than this
# from a candidate base is the old scale coming back, not a fresh count.
MAX_POWER_W = 400_000.0


@dataclass(slots=True)
class EnergyTotal:
    """Monotonic energy (Wh) accumulated from register values."""

    total_wh: float = 0.0
    register_wh: float | None = None  # the last register value counted
    _candidate_wh: float | None = None  # a lower value that may be a new base
    _candidate_time: datetime | None = None

    def update(self, register_wh: float, when: datetime | None = None) -> float:
        """Take a register value (read at `when`, if known); return the total."""
        if self.register_wh is None:
            # The first value ever: start counting from here.
            self.register_wh = register_wh
            self.total_wh = max(self.total_wh, 0.0)
            return self.total_wh
        if self._continues_candidate(register_wh, when):
            assert self._candidate_wh is not None
            self.total_wh += register_wh - self._candidate_wh
            self.register_wh = register_wh
            self._set_candidate(None, None)
        elif register_wh >= self.register_wh:
            self.total_wh += register_wh - self.register_wh
            self.register_wh = register_wh
            self._set_candidate(None, None)
        elif self.register_wh - register_wh <= ROUNDING_WH:
            self._set_candidate(None, None)  # rounding: keep counting from the top
        else:
            self._set_candidate(register_wh, when)
        return self.total_wh

    def _continues_candidate(self, register_wh: float, when: datetime | None) -> bool:
        candidate = self._candidate_wh
        if candidate is None or register_wh < candidate:
            return False
        assert self.register_wh is not None
        if register_wh < self.register_wh - ROUNDING_WH:
            return True  # two values on the lower scale in a row: a reset
        if self._candidate_time is None or when is None:
            return False  # past the old top, no clock to tell: the old scale
        seconds = max((when - self._candidate_time).total_seconds(), 1.0)
        return register_wh - candidate <= seconds * MAX_POWER_W / 3600 + ROUNDING_WH

    def _set_candidate(self, value: float | None, when: datetime | None) -> None:
        self._candidate_wh = value
        self._candidate_time = when

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly form."""
        data: dict[str, Any] = {
            "total_wh": self.total_wh,
            "register_wh": self.register_wh,
        }
        if self._candidate_wh is not None:
            data["candidate_wh"] = self._candidate_wh
            if self._candidate_time is not None:
                data["candidate_time"] = self._candidate_time.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EnergyTotal:
        """Rebuild from `as_dict` output."""
        candidate = data.get("candidate_wh")
        time = data.get("candidate_time")
        return cls(
            float(data.get("total_wh", 0.0)),
            data.get("register_wh"),
            None if candidate is None else float(candidate),
            datetime.fromisoformat(time) if time else None,
        )
