"""Voice intents: start and pause charging, set the current, ask how it goes.

Assist sentences for them ship in `custom_sentences/<language>/` (see the
README); LLM-based assistants see them as tools through their descriptions.
Every answer, a refusal included, is a translated sentence (`phrases.py`): a
refusal is an error response with words, never an exception, which Assist
would only turn into "An unexpected error occurred".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import intent

from .const import DOMAIN
from .csms import (
    Charger,
    ChargerBadAnswer,
    ChargerError,
    ChargerNotSupported,
    ChargerOffline,
    ChargerRejected,
    ChargerTimeout,
    ConnectorStatus,
    WrongVersion,
)
from .csms.control import Control
from .metering_sensors import power_w
from .phrases import Phrases, async_phrases, decimal

_LOGGER = logging.getLogger(__name__)

INTENT_START = "OcppCentralStartCharging"
INTENT_STOP = "OcppCentralStopCharging"
INTENT_CURRENT = "OcppCentralSetChargingCurrent"
INTENT_STATUS = "OcppCentralChargingStatus"
INTENTS = (INTENT_START, INTENT_STOP, INTENT_CURRENT, INTENT_STATUS)

# What the control layer says when a start needs a car that is not there.
NOT_PLUGGED_IN = "NotPluggedIn"


class Refusal(Exception):
    """An answer in words instead of the action: phrase key and placeholders."""

    def __init__(self, key: str, **placeholders: Any) -> None:
        super().__init__(key)
        self.key = key
        self.placeholders = placeholders


@dataclass(frozen=True)
class Target:
    """The charger and connector a sentence is about."""

    control: Control
    charger: Charger
    name: str
    connector: int


def _chargers(
    hass: HomeAssistant,
) -> list[tuple[Control, Charger, dr.DeviceEntry | None]]:
    """Every accepted charger with its control and device."""
    found = []
    for entry in hass.config_entries.async_entries(DOMAIN):
        if entry.state is not ConfigEntryState.LOADED:
            continue
        runtime = entry.runtime_data
        for charger in runtime.system.chargers.values():
            if charger.accepted:
                device = runtime.device_entry(charger.identity)
                found.append((runtime.system.control, charger, device))
    return found


def _spoken_name(charger: Charger, device: dr.DeviceEntry | None) -> str:
    return (device and (device.name_by_user or device.name)) or charger.identity


def _called(wanted: str, charger: Charger, device: dr.DeviceEntry | None) -> bool:
    """Whether `wanted` names the charger; "the garage" names "Garage" too."""
    heard = " ".join(wanted.casefold().split())
    names = {charger.identity.casefold(), _spoken_name(charger, device).casefold()}
    return any(heard == name or heard.endswith(f" {name}") for name in names)


def _target(hass: HomeAssistant, slots: dict[str, Any]) -> Target:
    """The charger the slots name, or the only one; else a Refusal."""
    chargers = _chargers(hass)
    if not chargers:
        raise Refusal("voice_no_charger")
    if wanted := slots.get("charger", {}).get("value"):
        chargers = [c for c in chargers if _called(str(wanted), c[1], c[2])]
        if not chargers:
            raise Refusal("voice_unknown_charger", name=wanted)
    if len(chargers) > 1 and (area := slots.get("preferred_area_id", {}).get("value")):
        # Asked through a voice satellite: a charger in its area wins.
        in_area = [c for c in chargers if c[2] is not None and c[2].area_id == area]
        chargers = in_area or chargers
    if len(chargers) > 1:
        names = ", ".join(sorted(_spoken_name(c[1], c[2]) for c in chargers))
        raise Refusal("voice_which_charger", names=names)
    control, charger, device = chargers[0]
    name = _spoken_name(charger, device)
    connector = slots.get("connector", {}).get("value")
    if connector is None:
        connector = (charger.outlet_ids or [1])[0]
    elif charger.outlet_ids and connector not in charger.outlet_ids:
        raise Refusal("voice_unknown_connector", charger=name, connector=connector)
    return Target(control, charger, name, int(connector))


def refusal_for(err: ChargerError | ValueError, charger: str) -> Refusal:
    """The words for a command the charger (or the core) turned down."""
    if isinstance(err, ValueError):
        return Refusal("voice_invalid_value", charger=charger)
    if isinstance(err, ChargerOffline):
        return Refusal("voice_charger_offline", charger=charger)
    if isinstance(err, ChargerTimeout):
        return Refusal("voice_charger_timeout", charger=charger)
    if isinstance(err, ChargerBadAnswer):  # answered, but not in a usable way
        return Refusal("voice_charger_error", charger=charger, status=err.status)
    if isinstance(err, ChargerNotSupported | WrongVersion):
        return Refusal("voice_charger_not_supported", charger=charger)
    if isinstance(err, ChargerRejected):
        if err.status == NOT_PLUGGED_IN:
            return Refusal("voice_not_plugged_in", charger=charger)
        return Refusal("voice_charger_rejected", charger=charger, status=err.status)
    return Refusal("voice_charger_error", charger=charger, status=str(err))


class _ChargerIntent(intent.IntentHandler):
    """Common slots (an optional charger name and connector) and answers."""

    extra_slots: dict[Any, Any] = {}

    @property
    def slot_schema(self) -> dict[Any, Any]:
        """The charger name and connector are optional."""
        return {
            vol.Optional("charger"): cv.string,
            vol.Optional("connector"): vol.All(vol.Coerce(int), vol.Range(min=1)),
            **self.extra_slots,
        }

    async def async_handle(self, intent_obj: intent.Intent) -> intent.IntentResponse:
        """Run the command and say what happened, or why it did not."""
        slots = self.async_validate_slots(intent_obj.slots)
        phrases = await async_phrases(intent_obj.hass, intent_obj.language)
        response = intent_obj.create_response()
        try:
            target = _target(intent_obj.hass, slots)
            if self.needs_connection and not target.charger.connected:
                raise Refusal("voice_charger_offline", charger=target.name)
            try:
                speech = await self.act(target, slots, phrases)
            except (ChargerError, ValueError) as err:
                raise refusal_for(err, target.name) from err
        except Refusal as refusal:
            text = phrases(refusal.key, **refusal.placeholders)
            _LOGGER.info("Voice %s: %s", self.intent_type, text)
            response.async_set_error(
                intent.IntentResponseErrorCode.FAILED_TO_HANDLE, text
            )
            return response
        response.async_set_speech(speech)
        return response

    needs_connection = True

    async def act(self, target: Target, slots: dict[str, Any], say: Phrases) -> str:
        """Do the intent's work; return the sentence to say."""
        raise NotImplementedError


class StartCharging(_ChargerIntent):
    """Start or resume charging."""

    intent_type = INTENT_START
    description = "Starts or resumes charging the car at an OCPP charger"

    async def act(self, target: Target, slots: dict[str, Any], say: Phrases) -> str:
        """Turn charging on."""
        await target.control.set_charging(
            target.charger.identity, target.connector, True
        )
        return say("voice_started", charger=target.name)


class StopCharging(_ChargerIntent):
    """Pause charging (the session stays open where the charger allows)."""

    intent_type = INTENT_STOP
    description = "Stops (pauses) charging the car at an OCPP charger"

    async def act(self, target: Target, slots: dict[str, Any], say: Phrases) -> str:
        """Turn charging off."""
        await target.control.set_charging(
            target.charger.identity, target.connector, False
        )
        return say("voice_paused", charger=target.name)


class SetChargingCurrent(_ChargerIntent):
    """Set the charging current in amperes."""

    intent_type = INTENT_CURRENT
    description = "Sets the charging current (amperes) of an OCPP charger"
    extra_slots = {
        vol.Required("current"): vol.All(vol.Coerce(float), vol.Range(min=0, max=80))
    }

    async def act(self, target: Target, slots: dict[str, Any], say: Phrases) -> str:
        """Set the limit; while paused it is kept for the resume."""
        amps = float(slots["current"]["value"])
        await target.control.set_current_limit(
            target.charger.identity, target.connector, amps
        )
        found = target.charger.connectors.get(target.connector)
        key = (
            "voice_current_kept"
            if found is not None and found.control.paused
            else "voice_current_set"
        )
        return say(key, charger=target.name, current=f"{amps:g}")


# Connector status -> phrase key of how it sounds in "<charger> is ...".
STATE_PHRASES: dict[ConnectorStatus | None, str] = {
    ConnectorStatus.AVAILABLE: "voice_state_available",
    ConnectorStatus.PREPARING: "voice_state_preparing",
    ConnectorStatus.CHARGING: "voice_state_charging",
    ConnectorStatus.SUSPENDED_EV: "voice_state_suspended_ev",
    ConnectorStatus.SUSPENDED_EVSE: "voice_state_suspended_evse",
    ConnectorStatus.FINISHING: "voice_state_finishing",
    ConnectorStatus.RESERVED: "voice_state_reserved",
    ConnectorStatus.UNAVAILABLE: "voice_state_unavailable",
    ConnectorStatus.FAULTED: "voice_state_faulted",
}


class ChargingStatus(_ChargerIntent):
    """Answer how the car is charging."""

    intent_type = INTENT_STATUS
    description = (
        "Tells whether the car is charging at an OCPP charger, "
        "with the power and the energy of the session"
    )
    needs_connection = False  # "it is offline" is the answer then

    async def act(self, target: Target, slots: dict[str, Any], say: Phrases) -> str:
        """Describe the connector."""
        charger, name = target.charger, target.name
        if not charger.connected:
            return say("voice_offline", charger=name)
        found = charger.connectors.get(target.connector)
        status = found.status if found else None
        state = say(STATE_PHRASES.get(status, "voice_state_unknown"))
        if found is None or (found.transaction is None and found.last_session is None):
            return say("voice_status", charger=name, state=state)
        if found.transaction is None:
            assert found.last_session is not None
            kwh = decimal(found.last_session.energy_wh / 1000, say.language)
            return say("voice_status_last", charger=name, state=state, energy=kwh)
        kwh = decimal(found.transaction.energy_wh / 1000, say.language)
        power = power_w(charger, target.connector)
        if isinstance(power, int | float) and power > 0:
            kw = decimal(power / 1000, say.language)
            return say(
                "voice_status_power", charger=name, state=state, power=kw, energy=kwh
            )
        return say("voice_status_session", charger=name, state=state, energy=kwh)


@callback
def async_setup_intents(hass: HomeAssistant) -> None:
    """Register the intents."""
    for handler in (
        StartCharging(),
        StopCharging(),
        SetChargingCurrent(),
        ChargingStatus(),
    ):
        intent.async_register(hass, handler)
