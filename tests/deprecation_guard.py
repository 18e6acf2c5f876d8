"""Fail a test when Home Assistant reports that our code uses something deprecated.

Home Assistant does not raise Python warnings for what an integration does
wrong; it logs them: `helpers.frame.report_usage` logs "Detected that custom
integration 'ocpp_central' ..." and `helpers.deprecation` logs "The deprecated
... was used from ocpp_central". Both stay silent in a passing test, so this
plugin collects them from the root logger from the moment pytest starts
(imports at collection included) and fails the next test that finishes.
Python's own DeprecationWarnings from our modules are errors through
`filterwarnings` in pyproject.toml.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest

_OURS = re.compile(
    r"Detected that custom integration 'ocpp_central'"
    r"|The deprecated .* was \w+ from ocpp_central\b"
)


class _DeprecationCollector(logging.Handler):
    """Keep every log message that reports deprecated use by ocpp_central."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.found: list[str] = []
        self.reported = 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if _OURS.search(message):
            self.found.append(f"{record.name}: {message}")


_collector = _DeprecationCollector()


def pytest_configure(config: pytest.Config) -> None:
    logging.getLogger().addHandler(_collector)


def pytest_unconfigure(config: pytest.Config) -> None:
    logging.getLogger().removeHandler(_collector)


@pytest.fixture(autouse=True)
def _no_deprecated_home_assistant_use() -> Iterator[None]:
    """Fail with every deprecation report not yet failed a test."""
    yield
    new = _collector.found[_collector.reported :]
    _collector.reported = len(_collector.found)
    if new:
        pytest.fail(
            "Home Assistant reported deprecated use by ocpp_central:\n"
            + "\n".join(new),
            pytrace=False,
        )
