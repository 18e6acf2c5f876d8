"""Messages on a 2.0.1 station's display: time windows, refusals, long lists."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from ocpp.v201 import call
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.sim.v201 import SimChargingStation, SimStationConfig

from .conftest import entry_data, ws_url
from .test_v201 import device_id, ready, service


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


async def test_a_message_for_a_time_window_in_the_stations_language(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargingStation(SimStationConfig(ws_url(entry, "CS1"))) as cs:
        await ready(cs)
        answer = await service(
            hass,
            "set_display_message",
            True,
            device_id=device_id(hass, "CS1"),
            message_id=2,
            text="Solar charging until noon",
            language="en",
            start=datetime(2026, 12, 1, 8, tzinfo=UTC),
            end=datetime(2026, 12, 1, 12, tzinfo=UTC),
        )
        assert answer == {"status": "Accepted"}
        shown = cs.display_messages[2]
        assert shown["message"]["language"] == "en"
        assert shown["start_date_time"].startswith("2026-12-01T08:00:00")
        assert shown["end_date_time"].startswith("2026-12-01T12:00:00")


async def test_a_refused_message_is_reported(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    answers = {"SetDisplayMessage": "Rejected"}
    config = SimStationConfig(ws_url(entry, "CS1"), answers=answers)
    async with SimChargingStation(config) as cs:
        await ready(cs)
        with pytest.raises(HomeAssistantError) as refused:
            await service(
                hass,
                "set_display_message",
                False,
                device_id=device_id(hass, "CS1"),
                message_id=2,
                text="Hello",
            )
        assert refused.value.translation_key == "charger_rejected"
        assert cs.display_messages == {}


async def test_a_list_sent_in_parts_is_collected_whole(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    config = SimStationConfig(ws_url(entry, "CS1"), report_part_size=2)
    async with SimChargingStation(config) as cs:
        await ready(cs)
        station = device_id(hass, "CS1")
        for number in range(1, 6):
            await service(
                hass,
                "set_display_message",
                False,
                device_id=station,
                message_id=number,
                text=f"Message {number}",
            )
        # A list nobody asked for is answered and not mistaken for this one.
        await cs.request(call.NotifyDisplayMessages(request_id=999))
        shown = await service(hass, "get_display_messages", True, device_id=station)
        assert sorted(m["id"] for m in shown["messages"]) == [1, 2, 3, 4, 5]
