"""Services for chargers with a device model and a display (OCPP 2.0.1).

They are the 2.0.1 twins of `get_configuration` / `change_configuration`;
called on a charger of another version they raise a clear error.
"""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.core import HomeAssistant, SupportsResponse, callback
from homeassistant.helpers import config_validation as cv

from .const import DOMAIN
from .csms.commands_meta import DISPLAY_PRIORITIES, REPORTS
from .services_control import DEVICE, ControlService, handler, when

# A variable: Component[instance]#evse.connector/Variable[instance]
VARIABLE = vol.All(cv.string, vol.Match(r"^[^/\s]+/[^/\s]+$"))


async def _listed(found: Any, key: str) -> dict[str, Any]:
    return {key: await found}


async def _status(status: Any) -> dict[str, Any]:
    return {"status": await status}


DEVICE_MODEL_SERVICES: dict[str, ControlService] = {
    "get_variables": ControlService(
        {**DEVICE, vol.Required("variables"): vol.All(cv.ensure_list, [VARIABLE])},
        lambda c, i, d: _listed(
            c.device_model(i).get_variables(d["variables"]), "variables"
        ),
        SupportsResponse.ONLY,
    ),
    "set_variables": ControlService(
        {**DEVICE, vol.Required("variables"): {VARIABLE: cv.string}},
        lambda c, i, d: _listed(
            c.device_model(i).set_variables(d["variables"]), "variables"
        ),
        SupportsResponse.OPTIONAL,
    ),
    "get_base_report": ControlService(
        {**DEVICE, vol.Optional("report", default="full"): vol.In(REPORTS)},
        lambda c, i, d: _listed(
            c.device_model(i).get_base_report(d["report"]), "variables"
        ),
        SupportsResponse.ONLY,
    ),
    "set_display_message": ControlService(
        {
            **DEVICE,
            vol.Required("message_id"): vol.All(int, vol.Range(min=0)),
            vol.Required("text"): vol.All(cv.string, vol.Length(min=1, max=512)),
            vol.Optional("priority", default="normal_cycle"): vol.In(
                DISPLAY_PRIORITIES
            ),
            vol.Optional("language"): vol.All(cv.string, vol.Length(max=8)),
            vol.Optional("start"): cv.datetime,
            vol.Optional("end"): cv.datetime,
        },
        lambda c, i, d: _status(
            c.display(i).set_display_message(
                d["message_id"],
                d["text"],
                d["priority"],
                d.get("language"),
                when(d.get("start")),
                when(d.get("end")),
            )
        ),
        SupportsResponse.OPTIONAL,
    ),
    "get_display_messages": ControlService(
        DEVICE,
        lambda c, i, d: _listed(c.display(i).get_display_messages(), "messages"),
        SupportsResponse.ONLY,
    ),
    "clear_display_message": ControlService(
        {**DEVICE, vol.Required("message_id"): vol.All(int, vol.Range(min=0))},
        lambda c, i, d: c.display(i).clear_display_message(d["message_id"]),
    ),
}


@callback
def async_setup_device_model_services(hass: HomeAssistant) -> None:
    """Register the device-model and display-message services."""
    for name, service in DEVICE_MODEL_SERVICES.items():
        hass.services.async_register(
            DOMAIN,
            name,
            handler(service),
            schema=vol.Schema(service.schema),
            supports_response=service.response,
        )
