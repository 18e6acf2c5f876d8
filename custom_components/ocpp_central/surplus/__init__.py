"""Solar-surplus charging: a pure controller (no Home Assistant, no clock, no I/O)."""

from .controller import SurplusController
from .model import (
    Decision,
    Mode,
    PhaseMode,
    Reading,
    StaleAction,
    State,
    SurplusSettings,
)

__all__ = [
    "Decision",
    "Mode",
    "PhaseMode",
    "Reading",
    "StaleAction",
    "State",
    "SurplusController",
    "SurplusSettings",
]
