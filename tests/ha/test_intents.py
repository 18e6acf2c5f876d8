"""Voice intents start, pause, set the current and tell how charging goes."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import intent
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ocpp_central.intents import (
    INTENT_CURRENT,
    INTENT_START,
    INTENT_STATUS,
    INTENT_STOP,
)
from tests.sim import SimChargePoint, SimConfig

from .charging import sample, send_meter, start_session
from .conftest import entry_data, wait_for_state, ws_url


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


async def say(hass: HomeAssistant, intent_type: str, **slots: Any) -> str:
    response = await intent.async_handle(
        hass,
        "test",
        intent_type,
        {key: {"value": value} for key, value in slots.items()},
    )
    return str(response.speech["plain"]["speech"])


async def test_intents_drive_the_charger(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        await cp.wait_for_call("GetLocalListVersion")
        await cp.status(1, "Available")
        await hass.async_block_till_done()
        assert await say(hass, INTENT_STATUS) == "CP1 is free, with no car plugged in"
        await cp.status(1, "Preparing")
        assert await say(hass, INTENT_START, charger="cp1") == "Charging started at CP1"
        assert cp.calls[-1] == (
            "RemoteStartTransaction",
            {"connectorId": 1, "idTag": "home-assistant"},
        )
        tx = await start_session(cp, meter_start=0)
        await send_meter(
            cp,
            sample("Power.Active.Import", 7200, "W"),
            sample("Energy.Active.Import.Register", 4500, "Wh"),
            tx=tx,
        )
        assert await say(hass, INTENT_STATUS, charger="CP1") == (
            "CP1 is charging, at 7.2 kilowatts, with 4.5 kilowatt hours this session"
        )
        assert (
            await say(hass, INTENT_CURRENT, current=10)
            == "CP1 now charges at up to 10 amps"
        )
        assert await say(hass, INTENT_STOP) == "Charging paused at CP1"
        periods = [
            p["csChargingProfiles"]["chargingSchedule"]["chargingSchedulePeriod"][0][
                "limit"
            ]
            for a, p in cp.calls
            if a == "SetChargingProfile"
        ]
        assert periods == [10, 0]
        with pytest.raises(intent.IntentHandleError, match="No charger called garage"):
            await say(hass, INTENT_STOP, charger="garage")
    await wait_for_state(hass, "binary_sensor.cp1_connected", "off")
    assert await say(hass, INTENT_STATUS) == "CP1 is offline"
    with pytest.raises(intent.IntentHandleError, match="refused"):
        await say(hass, INTENT_STOP)
