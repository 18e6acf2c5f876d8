"""The log limiter: a flood is folded into a count, never hidden, never unbounded."""

from __future__ import annotations

import logging

import pytest

from custom_components.ocpp_central.csms import logutil
from custom_components.ocpp_central.csms.logutil import LogLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def logger() -> logging.Logger:
    found = logging.getLogger("tests.logutil")
    found.setLevel(logging.INFO)
    return found


def lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "tests.logutil"]


def test_a_flood_is_cut_and_the_next_window_says_how_many_were_left_out(
    clock: Clock, logger: logging.Logger, caplog: pytest.LogCaptureFixture
) -> None:
    limiter = LogLimiter(clock=clock)
    for n in range(8):
        limiter.warning(logger, "CP1", "bad frame %d", n)
    logged = lines(caplog)
    assert logged[:4] == [f"bad frame {n}" for n in range(4)]
    assert logged[4] == "bad frame 4 (further similar lines are left out for a while)"
    assert len(logged) == 5
    clock.now += 60
    limiter.warning(logger, "CP1", "bad frame %d", 8)
    assert lines(caplog)[-1] == (
        "bad frame 8 (3 similar lines left out in the last 60 s)"
    )


def test_lines_below_the_level_do_not_use_up_the_allowance(
    clock: Clock, logger: logging.Logger, caplog: pytest.LogCaptureFixture
) -> None:
    limiter = LogLimiter(clock=clock)
    logger.setLevel(logging.WARNING)
    for _ in range(10):
        limiter.info(logger, "CP1", "heartbeat late")
    logger.setLevel(logging.INFO)
    limiter.info(logger, "CP1", "heartbeat late")
    assert lines(caplog) == ["heartbeat late"]


def test_keys_are_counted_apart_and_memory_is_bounded(
    clock: Clock,
    logger: logging.Logger,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(logutil, "MAX_KEYS", 3)
    limiter = LogLimiter(per_window=1, clock=clock)
    limiter.info(logger, "10.0.0.1", "stranger")
    limiter.info(logger, "10.0.0.1", "stranger")  # folded: one line per window
    for address in ("10.0.0.2", "10.0.0.3"):
        clock.now += 1
        limiter.info(logger, address, "stranger")
    assert len(lines(caplog)) == 3
    # A fourth address pushes out the oldest; that one starts afresh.
    clock.now += 1
    limiter.info(logger, "10.0.0.4", "stranger")
    limiter.info(logger, "10.0.0.1", "stranger")
    assert len(lines(caplog)) == 5
    assert len(limiter._windows) <= 3
