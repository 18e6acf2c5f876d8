"""2.0.1 id tokens and meter values, turned into the neutral model's terms."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import pytest
from ocpp.v201 import call

from custom_components.ocpp_central.csms import CentralSystem, Settings
from custom_components.ocpp_central.csms.authorization import Tag, TagPolicy
from custom_components.ocpp_central.csms.v201.tokens import register_at, samples
from tests.sim.v201 import SimChargingStation, SimStationConfig

from .conftest import url


@pytest.fixture
def settings() -> Settings:
    return Settings(host="127.0.0.1", port=0, auto_accept=True, call_timeout=5)


def reading(**sampled: Any) -> list[dict[str, Any]]:
    return [{"timestamp": "2026-01-01T00:00:00Z", "sampledValue": [sampled]}]


async def test_a_tag_that_expires_tells_the_station_until_when_to_cache_it(
    central: CentralSystem,
) -> None:
    expiry = datetime(2027, 3, 1, tzinfo=UTC)
    central.set_tags(
        {"anna": Tag("ANNA", "Anna", expiry=expiry), "ben": Tag("BEN", "Ben")},
        TagPolicy.LISTED,
    )
    config = SimStationConfig(url(central, "CS1"))
    async with SimChargingStation(config) as cs:
        assert await cs.boot() == "Accepted"
        anna = await cs.request(
            call.Authorize(id_token={"id_token": "ANNA", "type": "ISO14443"})
        )
        assert anna.id_token_info["status"] == "Accepted"
        cached = datetime.fromisoformat(anna.id_token_info["cache_expiry_date_time"])
        assert cached == expiry
        ben = await cs.request(
            call.Authorize(id_token={"id_token": "BEN", "type": "ISO14443"})
        )
        assert ben.id_token_info == {"status": "Accepted"}  # no end: no expiry


def test_a_multiplier_too_large_for_a_float_is_infinite_not_a_crash() -> None:
    ((_, sampled),) = samples(reading(value=5, unitOfMeasure={"multiplier": 400}))
    assert math.isinf(sampled[0]["value"])


def test_values_that_are_no_numbers_reach_the_parser_as_they_came() -> None:
    ((_, sampled),) = samples(reading(value="12.5", unitOfMeasure={"multiplier": 3}))
    assert sampled[0]["value"] == "12.5"  # the neutral parser says why it refuses


def test_the_end_register_is_the_total_not_a_phase_and_must_be_a_number() -> None:
    end = "Transaction.End"
    found = samples(
        [
            {
                "timestamp": "2026-01-01T00:00:00Z",
                "sampledValue": [
                    {"value": 700, "context": end, "phase": "L1"},
                    {"value": 2100, "context": end},
                ],
            }
        ]
    )
    assert register_at(found, end) == 2100
    assert register_at(samples(reading(value="lots", context=end)), end) is None
