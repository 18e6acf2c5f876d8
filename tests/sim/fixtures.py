"""Pytest fixtures that run one test against a 1.6 charger and a 2.0.1 station.

Adopt them in a conftest.py (they are not registered globally):

    from tests.sim.fixtures import ocpp_version, station_factory  # noqa: F401

then write the test once:

    async def test_pause_at_zero_amps(hass, entry, station_factory):
        station = station_factory(ws_url(entry))
        async with station:
            assert await station.boot() == "Accepted"
            ...
            await station.wait_for_limit(1, 0)

Each test using `station_factory` runs twice, ids [1.6] and [2.0.1]; a test
that needs one version only asks for `make_station(...)` directly, or
overrides `ocpp_version` with `@pytest.mark.parametrize("ocpp_version",
["2.0.1"])`. Stations the factory made are closed after the test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from .station import VERSIONS, Station, make_station

StationFactory = Callable[..., Station]


@pytest.fixture(params=VERSIONS)
def ocpp_version(request: pytest.FixtureRequest) -> str:
    """The OCPP version under test: "1.6" or "2.0.1"."""
    return str(request.param)


@pytest.fixture
async def station_factory(ocpp_version: str) -> AsyncIterator[StationFactory]:
    """station_factory(url, outlets=1, password=None, **options) -> Station."""
    made: list[Station] = []

    def factory(url: str, **options: Any) -> Station:
        station = make_station(ocpp_version, url, **options)
        made.append(station)
        return station

    yield factory
    for station in made:
        await station.close()
