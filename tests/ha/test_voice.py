"""Voice: our sentences through Assist start, pause, limit and report charging,
and every refusal comes back in words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import area_registry as ar
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import intent
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ocpp_central.const import DOMAIN
from custom_components.ocpp_central.csms import (
    ChargerBadAnswer,
    ChargerError,
    ChargerNotSupported,
    ChargerOffline,
    ChargerRejected,
    ChargerTimeout,
    WrongVersion,
)
from custom_components.ocpp_central.intents import (
    INTENT_CURRENT,
    INTENT_START,
    INTENT_STATUS,
    INTENT_STOP,
    refusal_for,
)
from tests.sim import NOANSWER, SimChargePoint, SimConfig

from .assist import ask, async_setup_assist
from .charging import sample, send_meter, start_session, stop_session
from .conftest import entry_data, mock_entry, wait_for_state, ws_url


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


@pytest.fixture
async def assist(hass: HomeAssistant, tmp_path: Path) -> None:
    await async_setup_assist(hass, tmp_path)


def limits(cp: SimChargePoint) -> list[float]:
    return [
        p["csChargingProfiles"]["chargingSchedule"]["chargingSchedulePeriod"][0][
            "limit"
        ]
        for action, p in cp.calls
        if action == "SetChargingProfile"
    ]


async def ready(hass: HomeAssistant, cp: SimChargePoint, status: str) -> None:
    assert await cp.boot() == "Accepted"
    await cp.wait_for_call("GetLocalListVersion")
    await cp.status(1, status)
    await hass.async_block_till_done()


async def test_start_without_a_car_says_so_and_sends_nothing(
    hass: HomeAssistant, assist: None, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        await ready(hass, cp, "Available")
        answer = await ask(hass, "start charging")
        assert answer.intent == INTENT_START
        assert answer.failed
        assert answer.speech == "No car is plugged in at CP1. Plug it in first."
        assert "RemoteStartTransaction" not in [action for action, _ in cp.calls]


async def test_a_session_driven_by_voice(
    hass: HomeAssistant, assist: None, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        await ready(hass, cp, "Available")
        status = await ask(hass, "how is the car charging")
        assert (status.intent, status.speech) == (
            INTENT_STATUS,
            "CP1 is free, with no car plugged in.",
        )
        await cp.status(1, "Preparing")
        started = await ask(hass, "start charging the car at CP1")
        assert (started.intent, started.speech) == (
            INTENT_START,
            "Charging started at CP1.",
        )
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
        status = await ask(hass, "how is the car charging")
        assert status.speech == (
            "CP1 is charging at 7.2 kilowatts, with 4.5 kilowatt hours this session."
        )
        current = await ask(hass, "set the charging current to 10 amps")
        assert (current.intent, current.speech) == (
            INTENT_CURRENT,
            "CP1 now charges at up to 10 amps.",
        )
        stopped = await ask(hass, "stop charging")
        assert (stopped.intent, stopped.speech) == (
            INTENT_STOP,
            "Charging paused at CP1.",
        )
        kept = await ask(hass, "set the charging current to 12 amps")
        assert kept.speech == (
            "CP1 is paused; it will charge at up to 12 amps when charging resumes."
        )
        assert limits(cp) == [10, 0]
        resumed = await ask(hass, "resume charging")
        assert resumed.speech == "Charging started at CP1."
        assert limits(cp) == [10, 0, 12]
        await stop_session(cp, tx, meter_stop=6000)
        status = await ask(hass, "is the car charging")
        assert status.speech == (
            "CP1 is finishing. The last session charged 6.0 kilowatt hours."
        )


async def test_turn_off_the_charging_switch_by_name(
    hass: HomeAssistant, assist: None, entry: MockConfigEntry
) -> None:
    """Assist's own sentences reach the charging switch by its name."""
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        await ready(hass, cp, "Preparing")
        await start_session(cp)
        await hass.async_block_till_done()
        answer = await ask(hass, "turn off CP1 charging")
        assert answer.intent == "HassTurnOff"
        assert not answer.failed
        # Assist does not wait for the switch; the charger gets the pause.
        await cp.wait_for_call("SetChargingProfile")
        await cp.status(1, "SuspendedEVSE")
        await wait_for_state(hass, "switch.cp1_charging", "off")
        assert limits(cp) == [0]


@pytest.mark.parametrize(
    ("answers", "sentence", "speech"),
    [
        (
            {"RemoteStartTransaction": "Rejected"},
            "start charging",
            "CP1 refused that (Rejected).",
        ),
        (
            {"SetChargingProfile": "NotSupported"},
            "set the charging current to 16 amps",
            "CP1 does not support that.",
        ),
        (
            {"SetChargingProfile": NOANSWER},
            "pause charging",
            "CP1 did not answer in time. Try again in a moment.",
        ),
    ],
    ids=["rejected", "not_supported", "timed_out"],
)
async def test_a_refusing_charger_is_answered_in_words(
    hass: HomeAssistant,
    assist: None,
    entry: MockConfigEntry,
    answers: dict[str, str],
    sentence: str,
    speech: str,
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry), answers=answers)) as cp:
        await ready(hass, cp, "Preparing")
        entry.runtime_data.system.sessions["CP1"].rpc.call_timeout = 0.3
        answer = await ask(hass, sentence)
        assert answer.failed
        assert answer.speech == speech


async def test_an_offline_charger_is_answered_in_words(
    hass: HomeAssistant, assist: None, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        await ready(hass, cp, "Preparing")
    await wait_for_state(hass, "binary_sensor.cp1_connected", "off")
    for sentence in (
        "start charging",
        "stop charging",
        "set the charging current to 8 amps",
    ):
        answer = await ask(hass, sentence)
        assert answer.failed
        assert answer.speech == "CP1 is offline, so it cannot do that now."
    status = await ask(hass, "how is the car charging")
    assert (status.failed, status.speech) == (False, "CP1 is offline.")


async def test_naming_the_charger(
    hass: HomeAssistant, assist: None, entry: MockConfigEntry
) -> None:
    url = ws_url(entry, "CP2")
    async with (
        SimChargePoint(SimConfig(ws_url(entry))) as cp1,
        SimChargePoint(SimConfig(url)) as cp2,
    ):
        await ready(hass, cp1, "Available")
        await ready(hass, cp2, "Available")
        device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, "CP2")})
        assert device is not None
        dr.async_get(hass).async_update_device(device.id, name_by_user="Garage")
        which = await ask(hass, "how is the car charging")
        assert which.failed
        assert which.speech == "Which charger? Say its name: CP1, Garage."
        named = await ask(hass, "how is the car charging at the garage")
        assert named.speech == "Garage is free, with no car plugged in."
        by_identity = await ask(hass, "how is the car charging on cp1")
        assert by_identity.speech == "CP1 is free, with no car plugged in."
        unknown = await ask(hass, "start charging at the shed")
        assert unknown.failed
        assert unknown.speech == "I know no charger called shed."
        # Asked through a voice satellite in the garage: the garage's charger.
        garage = ar.async_get(hass).async_create("Garage")
        dr.async_get(hass).async_update_device(device.id, area_id=garage.id)
        other = MockConfigEntry(domain="satellite")
        other.add_to_hass(hass)
        satellite = dr.async_get(hass).async_get_or_create(
            config_entry_id=other.entry_id, identifiers={("satellite", "kitchen")}
        )
        dr.async_get(hass).async_update_device(satellite.id, area_id=garage.id)
        nearby = await ask(hass, "how is the car charging", device_id=satellite.id)
        assert nearby.speech == "Garage is free, with no car plugged in."


async def test_no_charger_yet(hass: HomeAssistant, assist: None) -> None:
    """Neither a charger waiting for acceptance nor an entry not loaded counts."""
    waiting = mock_entry(entry_data(auto_accept=False))
    waiting.add_to_hass(hass)
    assert await hass.config_entries.async_setup(waiting.entry_id)
    mock_entry(entry_data()).add_to_hass(hass)
    async with SimChargePoint(SimConfig(ws_url(waiting))) as cp:
        assert await cp.boot() == "Pending"
        answer = await ask(hass, "how is the car charging")
    assert (answer.intent, answer.failed) == (INTENT_STATUS, True)
    assert answer.speech == "No charger is connected to OCPP Central yet."
    await hass.config_entries.async_unload(waiting.entry_id)


async def test_a_session_without_power_readings_yet(
    hass: HomeAssistant, assist: None, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        await ready(hass, cp, "Preparing")
        await start_session(cp, meter_start=0)
        status = await ask(hass, "how is the car charging")
        assert status.speech == (
            "CP1 is charging, with 0.0 kilowatt hours this session."
        )


async def test_a_connector_the_charger_does_not_have(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """LLM assistants fill slots themselves, the connector too."""
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        await ready(hass, cp, "Preparing")
        response = await intent.async_handle(
            hass, "test", INTENT_START, {"connector": {"value": 3}}
        )
    assert response.response_type is intent.IntentResponseType.ERROR
    assert response.speech["plain"]["speech"] == "CP1 has no connector 3."


@pytest.mark.parametrize(
    ("error", "key", "placeholders"),
    [
        (ValueError("600 A is out of range"), "voice_invalid_value", {}),
        (ChargerOffline("gone"), "voice_charger_offline", {}),
        (ChargerTimeout("late"), "voice_charger_timeout", {}),
        (ChargerNotSupported("NotSupported"), "voice_charger_not_supported", {}),
        (WrongVersion("CP1", "2.0.1"), "voice_charger_not_supported", {}),
        (ChargerRejected("NotPluggedIn"), "voice_not_plugged_in", {}),
        (
            ChargerBadAnswer("no status"),
            "voice_charger_error",
            {"status": "InvalidAnswer"},
        ),
        (ChargerError("odd"), "voice_charger_error", {"status": "odd"}),
    ],
)
def test_each_kind_of_refusal_has_its_words(
    error: Exception, key: str, placeholders: dict[str, str]
) -> None:
    refusal = refusal_for(error, "CP1")  # type: ignore[arg-type]
    assert refusal.key == key
    assert refusal.placeholders == {"charger": "CP1", **placeholders}
