"""Chargers with LocalAuthListManagement get the tag list: full, then differences."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ocpp_central.const import DOMAIN
from tests.sim import SimChargePoint, SimConfig

from .conftest import entry_data, ws_url
from .test_field_services import device_id, service


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


async def next_list(cp: SimChargePoint, count: int) -> dict[str, Any]:
    return await cp.wait_for_call("SendLocalList", count=count)


async def test_the_tag_list_reaches_chargers_full_then_as_differences(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    await hass.services.async_call(
        DOMAIN, "add_tag", {"tag_id": "ANNA", "name": "Anna"}, blocking=True
    )
    cp = SimChargePoint(SimConfig(ws_url(entry)))
    async with cp:
        assert await cp.boot() == "Accepted"
        full = await next_list(cp, 1)
        assert full["updateType"] == "Full"
        assert full["localAuthorizationList"] == [
            {"idTag": "ANNA", "idTagInfo": {"status": "Accepted"}}
        ]
        await cp.wait_for_call("ClearCache")

        await hass.services.async_call(
            DOMAIN,
            "add_tag",
            {"tag_id": "BOB", "expiry": "2030-01-01T00:00:00+00:00"},
            blocking=True,
        )
        added = await next_list(cp, 2)
        assert added["updateType"] == "Differential"
        assert added["listVersion"] == full["listVersion"] + 1
        assert added["localAuthorizationList"] == [
            {
                "idTag": "BOB",
                "idTagInfo": {
                    "status": "Accepted",
                    "expiryDate": "2030-01-01T00:00:00+00:00",
                },
            }
        ]
        clears = sum(1 for action, _ in cp.calls if action == "ClearCache")

        await hass.services.async_call(
            DOMAIN, "remove_tag", {"tag_id": "ANNA"}, blocking=True
        )
        removed = await next_list(cp, 3)
        assert removed["updateType"] == "Differential"
        assert removed["localAuthorizationList"] == [{"idTag": "ANNA"}]
        await cp.wait_for_call("ClearCache", count=clears + 1)
        assert set(cp.local_list) == {"BOB"}

    # Reconnecting with the current version sends nothing new ...
    async with SimChargePoint(SimConfig(ws_url(entry))) as again:
        again.local_list_version = removed["listVersion"]
        await again.wait_for_call("GetLocalListVersion")
        await again.heartbeat()
        assert not any(action == "SendLocalList" for action, _ in again.calls)
    # ... and a charger that lost its list gets the whole list.
    async with SimChargePoint(SimConfig(ws_url(entry))) as fresh:
        full_again = await next_list(fresh, 1)
        assert full_again["updateType"] == "Full"
        assert [e["idTag"] for e in full_again["localAuthorizationList"]] == ["BOB"]


async def test_a_charger_without_local_lists_is_left_alone(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    config = SimConfig(ws_url(entry))
    config.configuration["SupportedFeatureProfiles"] = ("Core,RemoteTrigger", True)
    async with SimChargePoint(config) as cp:
        assert await cp.boot() == "Accepted"
        await cp.wait_for_frame(
            lambda f: f[2] == "ChangeConfiguration"
            and f[3]["key"] == "MeterValuesSampledData"
        )
        await hass.services.async_call(
            DOMAIN, "add_tag", {"tag_id": "ANNA"}, blocking=True
        )
        await cp.heartbeat()
        await hass.async_block_till_done()
    assert not any(
        action in ("SendLocalList", "GetLocalListVersion") for action, _ in cp.calls
    )


async def test_a_list_longer_than_the_charger_takes_is_not_sent(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    for tag in ("ANNA", "BOB"):
        await hass.services.async_call(
            DOMAIN, "add_tag", {"tag_id": tag}, blocking=True
        )
    config = SimConfig(ws_url(entry))
    config.configuration["SendLocalListMaxLength"] = ("1", True)
    async with SimChargePoint(config) as cp:
        assert await cp.boot() == "Accepted"
        await cp.wait_for_call("GetLocalListVersion")
        await hass.async_block_till_done()
        answer = await service(hass, "send_local_list", device_id(hass), True)
        assert answer == {"status": "ListTooLong"}
        # the charger never got a list it could not hold, and still serves
        assert not any(action == "SendLocalList" for action, _ in cp.calls)
        assert cp.local_list == {}
        await cp.heartbeat()
