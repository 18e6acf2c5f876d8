"""Log lines that a misbehaving charger or a stranger cannot flood."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

WINDOW = 60.0  # seconds
PER_WINDOW = 5  # lines per key and window before the rest are only counted
MAX_KEYS = 1024  # keys remembered at once (identities, addresses)


@dataclass(slots=True)
class _Window:
    started: float
    logged: int = 0
    suppressed: int = 0


@dataclass
class LogLimiter:
    """At most `per_window` lines per key and window; the rest are summed up.

    When a window ends with suppressed lines, the next line for that key says
    how many were left out, so nothing is hidden, only folded. One limiter
    serves a central system; keys are identities or addresses.
    """

    per_window: int = PER_WINDOW
    window: float = WINDOW
    clock: Callable[[], float] = time.monotonic
    _windows: dict[str, _Window] = field(default_factory=dict)

    def log(
        self,
        logger: logging.Logger,
        level: int,
        key: str,
        message: str,
        *args: object,
    ) -> None:
        """Log `message % args` unless `key` used up its lines in this window."""
        if not logger.isEnabledFor(level):
            return
        now = self.clock()
        found = self._windows.get(key)
        if found is None or now - found.started >= self.window:
            if found is not None and found.suppressed:
                message += " (%d similar lines left out in the last %d s)"
                args = (*args, found.suppressed, int(self.window))
            if found is None and len(self._windows) >= MAX_KEYS:
                self._forget_oldest()
            found = self._windows[key] = _Window(now)
        if found.logged >= self.per_window:
            found.suppressed += 1
            return
        found.logged += 1
        if found.logged == self.per_window:
            message += " (further similar lines are left out for a while)"
        logger.log(level, message, *args)

    def warning(
        self, logger: logging.Logger, key: str, message: str, *args: object
    ) -> None:
        """Log a warning, rate-limited per key."""
        self.log(logger, logging.WARNING, key, message, *args)

    def info(
        self, logger: logging.Logger, key: str, message: str, *args: object
    ) -> None:
        """Log at info, rate-limited per key."""
        self.log(logger, logging.INFO, key, message, *args)

    def _forget_oldest(self) -> None:
        oldest = min(self._windows, key=lambda k: self._windows[k].started)
        del self._windows[oldest]
