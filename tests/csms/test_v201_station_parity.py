"""2.0.1 stations get what 1.6 chargers get: tag expiry, refusals told, tokens."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from ocpp.v201 import call

from custom_components.ocpp_central.csms import CentralSystem, Settings
from custom_components.ocpp_central.csms.authorization import Tag, TagPolicy
from tests.sim.v201 import SimChargingStation, SimStationConfig

from .conftest import url


@pytest.fixture
def settings() -> Settings:
    return Settings(host="127.0.0.1", port=0, auto_accept=True, call_timeout=5)


def station(central: CentralSystem, **options: object) -> SimChargingStation:
    return SimChargingStation(SimStationConfig(url(central, "CS1"), **options))  # type: ignore[arg-type]


async def ready(cs: SimChargingStation) -> None:
    assert await cs.boot() == "Accepted"
    await cs.after_accepted()
    await cs.wait_for_call("GetLocalListVersion")


async def test_a_tag_with_an_end_date_reaches_the_stations_list_with_it(
    central: CentralSystem,
) -> None:
    expiry = datetime(2027, 1, 31, tzinfo=UTC)
    async with station(central) as cs:
        await ready(cs)
        central.set_tags({"anna": Tag("ANNA", "Anna", expiry=expiry)}, TagPolicy.LISTED)
        first = await cs.wait_for_call("SendLocalList")
        info = first["localAuthorizationList"][0]["idTokenInfo"]
        assert datetime.fromisoformat(info["cacheExpiryDateTime"]) == expiry


async def test_a_refused_tag_list_is_one_info_line(
    central: CentralSystem, caplog: pytest.LogCaptureFixture
) -> None:
    async with station(central, answers={"SendLocalList": "Failed"}) as cs:
        await ready(cs)
        with caplog.at_level(logging.INFO):
            assert await central.control.send_local_list("CS1") == "Failed"
        assert "SendLocalList version" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_central_token_is_not_checked_against_the_list(
    central: CentralSystem,
) -> None:
    central.set_tags({}, TagPolicy.LISTED)
    async with station(central) as cs:
        await ready(cs)
        answer = await cs.request(
            call.Authorize(id_token={"id_token": "ANNA", "type": "ISO14443"})
        )
        assert answer.id_token_info["status"] == "Invalid"
        central_token = await cs.request(
            call.Authorize(id_token={"id_token": "home-assistant", "type": "Central"})
        )
        assert central_token.id_token_info["status"] in ("Accepted", "Invalid")


@pytest.mark.parametrize("answer", ["Rejected", "NotImplemented"])
async def test_a_refresh_stops_at_the_first_trigger_the_station_will_not_take(
    central: CentralSystem, answer: str
) -> None:
    async with station(central, evses=(1, 1), answers={"TriggerMessage": answer}) as cs:
        await ready(cs)
        before = len([a for a, _ in cs.calls if a == "TriggerMessage"])
        await central.control.refresh("CS1")
        triggers = [p for a, p in cs.calls if a == "TriggerMessage"][before:]
        assert triggers == [
            {"requestedMessage": "StatusNotification", "evse": {"id": 1}}
        ]
        assert cs.connected
