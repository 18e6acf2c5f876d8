"""Shared test setup.

Home Assistant's pytest plugin blocks sockets; our tests are about real
websocket connections, so they are allowed again, limited to 127.0.0.1 by
the plugin's host allow-list.
"""

from __future__ import annotations

import pytest

# Fail on deprecated Home Assistant use reported in the log (see the module).
pytest_plugins = ["tests.deprecation_guard"]


@pytest.fixture(autouse=True)
def _allow_loopback_sockets(socket_enabled: None) -> None:
    """Let tests open real sockets (the plugin still only allows 127.0.0.1)."""
