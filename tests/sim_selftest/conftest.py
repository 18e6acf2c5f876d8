"""Let the self-test open local sockets when pytest-socket guards them."""

import pytest

from tests.sim.fixtures import ocpp_version, station_factory

__all__ = ["ocpp_version", "station_factory"]  # fixtures for the Station tests


@pytest.fixture(autouse=True)
def _allow_local_sockets(request: pytest.FixtureRequest) -> None:
    # pytest-homeassistant-custom-component disables sockets for every test;
    # the self-test needs real 127.0.0.1 connections.
    if request.config.pluginmanager.hasplugin("socket"):
        request.getfixturevalue("socket_enabled")
