"""Voice intents: start and pause charging, set the current, ask how it goes.

Assist sentences can target them (see the README), and LLM-based assistants
see them as tools through their descriptions.
"""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import intent

from .const import DOMAIN
from .csms import Charger, ChargerError, ConnectorStatus
from .csms.control import Control
from .metering_sensors import power_w, session_energy_wh

INTENT_START = "OcppCentralStartCharging"
INTENT_STOP = "OcppCentralStopCharging"
INTENT_CURRENT = "OcppCentralSetChargingCurrent"
INTENT_STATUS = "OcppCentralChargingStatus"

SPOKEN_STATUS = {
    ConnectorStatus.AVAILABLE: "free, with no car plugged in",
    ConnectorStatus.PREPARING: "connected to the car but not charging",
    ConnectorStatus.CHARGING: "charging",
    ConnectorStatus.SUSPENDED_EV: "waiting for the car to take power",
    ConnectorStatus.SUSPENDED_EVSE: "paused",
    ConnectorStatus.FINISHING: "finishing",
    ConnectorStatus.RESERVED: "reserved",
    ConnectorStatus.UNAVAILABLE: "unavailable",
    ConnectorStatus.FAULTED: "faulted",
}


def _chargers(hass: HomeAssistant) -> list[tuple[Control, Charger, str]]:
    """Every accepted charger with its control and spoken name."""
    found = []
    for entry in hass.config_entries.async_entries(DOMAIN):
        if entry.state is not ConfigEntryState.LOADED:
            continue
        system = entry.runtime_data.system
        for charger in system.chargers.values():
            if not charger.accepted:
                continue
            device = entry.runtime_data.device_entry(charger.identity)
            name = (device and (device.name_by_user or device.name)) or charger.identity
            found.append((system.control, charger, name))
    return found


def _target(
    hass: HomeAssistant, slots: dict[str, Any]
) -> tuple[Control, Charger, str, int]:
    wanted = slots.get("charger", {}).get("value")
    chargers = _chargers(hass)
    if wanted:
        key = str(wanted).casefold()
        chargers = [
            c for c in chargers if key in (c[1].identity.casefold(), c[2].casefold())
        ]
    if not chargers:
        raise intent.IntentHandleError(
            f"No charger called {wanted}" if wanted else "No charger"
        )
    if len(chargers) > 1:
        raise intent.IntentHandleError("Which charger? Say its name.")
    control, charger, name = chargers[0]
    connector = (
        slots.get("connector", {}).get("value") or (charger.outlet_ids or [1])[0]
    )
    return control, charger, name, int(connector)


class _ChargerIntent(intent.IntentHandler):
    """Common slots: an optional charger name and connector."""

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
        """Run the command and say what happened."""
        slots = self.async_validate_slots(intent_obj.slots)
        control, charger, name, connector = _target(intent_obj.hass, slots)
        try:
            speech = await self.act(control, charger, name, connector, slots)
        except ChargerError as err:
            raise intent.IntentHandleError(f"{name} refused: {err}") from err
        response = intent_obj.create_response()
        response.async_set_speech(speech)
        return response

    async def act(
        self,
        control: Control,
        charger: Charger,
        name: str,
        connector: int,
        slots: dict[str, Any],
    ) -> str:
        """Do the intent's work; return the sentence to say."""
        raise NotImplementedError


class StartCharging(_ChargerIntent):
    """Start or resume charging."""

    intent_type = INTENT_START
    description = "Starts or resumes charging the car at an OCPP charger"

    async def act(
        self,
        control: Control,
        charger: Charger,
        name: str,
        connector: int,
        slots: dict[str, Any],
    ) -> str:
        """Turn charging on."""
        await control.set_charging(charger.identity, connector, True)
        return f"Charging started at {name}"


class StopCharging(_ChargerIntent):
    """Pause charging (the session stays open where the charger allows)."""

    intent_type = INTENT_STOP
    description = "Stops (pauses) charging the car at an OCPP charger"

    async def act(
        self,
        control: Control,
        charger: Charger,
        name: str,
        connector: int,
        slots: dict[str, Any],
    ) -> str:
        """Turn charging off."""
        await control.set_charging(charger.identity, connector, False)
        return f"Charging paused at {name}"


class SetChargingCurrent(_ChargerIntent):
    """Set the charging current in amperes."""

    intent_type = INTENT_CURRENT
    description = "Sets the charging current (amperes) of an OCPP charger"
    extra_slots = {
        vol.Required("current"): vol.All(vol.Coerce(float), vol.Range(min=0, max=80))
    }

    async def act(
        self,
        control: Control,
        charger: Charger,
        name: str,
        connector: int,
        slots: dict[str, Any],
    ) -> str:
        """Set the limit."""
        amps = float(slots["current"]["value"])
        await control.set_current_limit(charger.identity, connector, amps)
        return f"{name} now charges at up to {amps:g} amps"


class ChargingStatus(_ChargerIntent):
    """Answer how the car is charging."""

    intent_type = INTENT_STATUS
    description = (
        "Tells whether the car is charging at an OCPP charger, "
        "with the power and the energy of the session"
    )

    async def act(
        self,
        control: Control,
        charger: Charger,
        name: str,
        connector: int,
        slots: dict[str, Any],
    ) -> str:
        """Describe the connector."""
        if not charger.connected:
            return f"{name} is offline"
        found = charger.connectors.get(connector)
        status = found.status if found else None
        words = (
            SPOKEN_STATUS.get(status, "in an unknown state")
            if status
            else "in an unknown state"
        )
        parts = [f"{name} is {words}"]
        power = power_w(charger, connector)
        if isinstance(power, int | float) and power > 0:
            parts.append(f"at {power / 1000:.1f} kilowatts")
        energy = session_energy_wh(charger, connector)
        if isinstance(energy, int | float):
            parts.append(f"with {energy / 1000:.1f} kilowatt hours this session")
        return ", ".join(parts)


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
