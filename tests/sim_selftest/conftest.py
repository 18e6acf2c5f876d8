"""Let the self-test open local sockets when pytest-socket guards them."""

import pytest


@pytest.fixture(autouse=True)
def _allow_local_sockets(request: pytest.FixtureRequest) -> None:
    # pytest-homeassistant-custom-component disables sockets for every test;
    # the self-test needs real 127.0.0.1 connections.
    if request.config.pluginmanager.hasplugin("socket"):
        request.getfixturevalue("socket_enabled")
