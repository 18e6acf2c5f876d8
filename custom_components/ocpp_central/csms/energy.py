"""An energy total that never goes backwards, whatever the meter does.

A charger's energy register may reset (meter swap, firmware update) or
glitch (a single 0 between real values). The total follows the register's
increases only: a drop is held as a candidate reset and confirmed when the
next value continues from the lower base; a value back on the old scale
shows the drop was a glitch and nothing is counted twice. A drop of a few Wh
is rounding (a whole-Wh stop value after a fractional sample): ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# A drop up to this much is rounding between two ways of reporting, not a reset.
ROUNDING_WH = 10.0


@dataclass(slots=True)
class EnergyTotal:
    """Monotonic energy (Wh) accumulated from register values."""

    total_wh: float = 0.0
    register_wh: float | None = None  # the last register value counted
    _candidate_reset: float | None = None

    def update(self, register_wh: float) -> float:
        """Take a register value; return the total."""
        if self.register_wh is None:
            # The first value ever: start counting from here.
            self.register_wh = register_wh
            self.total_wh = max(self.total_wh, 0.0)
            return self.total_wh
        if register_wh >= self.register_wh:
            self.total_wh += register_wh - self.register_wh
            self.register_wh = register_wh
            self._candidate_reset = None
        elif self.register_wh - register_wh <= ROUNDING_WH:
            self._candidate_reset = None  # rounding: keep counting from the top
        elif self._candidate_reset is not None and register_wh >= self._candidate_reset:
            # Two values on the lower scale in a row: the register was reset.
            self.total_wh += register_wh - self._candidate_reset
            self.register_wh = register_wh
            self._candidate_reset = None
        else:
            self._candidate_reset = register_wh
        return self.total_wh

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly form."""
        return {"total_wh": self.total_wh, "register_wh": self.register_wh}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EnergyTotal:
        """Rebuild from `as_dict` output."""
        return cls(float(data.get("total_wh", 0.0)), data.get("register_wh"))
