"""Services that command a charger: configuration, profiles, firmware and more."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import voluptuous as vol
from homeassistant.const import CONF_DEVICE_ID
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .csms.commands_meta import PROFILE_PURPOSES, TRIGGER_MESSAGES
from .csms.control import Control
from .errors import call_charger
from .services import charger_for_device

type Handler = Callable[[Control, str, dict[str, Any]], Awaitable[Any]]

DEVICE = {vol.Required(CONF_DEVICE_ID): cv.string}
# Any scheme: chargers upload diagnostics by ftp as often as by http.
URI = vol.All(cv.string, vol.Match(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$"))
CONNECTOR = {vol.Optional("connector", default=1): vol.All(int, vol.Range(min=0))}


@dataclass(frozen=True)
class ControlService:
    """One service: its schema, what it does, and whether it answers with data."""

    schema: dict[Any, Any]
    handler: Handler
    response: SupportsResponse = SupportsResponse.NONE
    counts_refusals: bool = False  # a charger that keeps refusing is a repair


def _status(status: str) -> dict[str, Any]:
    return {"status": status}


def when(value: Any) -> Any:
    return dt_util.as_utc(value) if value is not None else None


SERVICES: dict[str, ControlService] = {
    "get_configuration": ControlService(
        {
            **DEVICE,
            vol.Optional("keys", default=[]): vol.All(cv.ensure_list, [cv.string]),
        },
        lambda c, i, d: c.get_configuration(i, d["keys"] or None),
        SupportsResponse.ONLY,
    ),
    "change_configuration": ControlService(
        {**DEVICE, vol.Required("key"): cv.string, vol.Required("value"): cv.string},
        lambda c, i, d: _wrap(c.change_configuration(i, d["key"], d["value"])),
        SupportsResponse.OPTIONAL,
    ),
    "trigger_message": ControlService(
        {
            **DEVICE,
            vol.Required("message"): vol.In(TRIGGER_MESSAGES),
            vol.Optional("connector"): vol.All(int, vol.Range(min=0)),
        },
        lambda c, i, d: c.trigger(i, d["message"], d.get("connector")),
    ),
    "set_charging_profile": ControlService(
        {**DEVICE, **CONNECTOR, vol.Required("profile"): dict},
        lambda c, i, d: c.installer(i).set_charging_profile(
            d["connector"], d["profile"]
        ),
    ),
    "clear_charging_profile": ControlService(
        {
            **DEVICE,
            vol.Optional("profile_id"): int,
            vol.Optional("connector"): vol.All(int, vol.Range(min=0)),
            vol.Optional("purpose"): vol.In(PROFILE_PURPOSES),
            vol.Optional("stack_level"): vol.All(int, vol.Range(min=0)),
        },
        lambda c, i, d: c.installer(i).clear_charging_profile(
            d.get("profile_id"),
            d.get("connector"),
            d.get("purpose"),
            d.get("stack_level"),
        ),
    ),
    "get_composite_schedule": ControlService(
        {
            **DEVICE,
            **CONNECTOR,
            vol.Optional("duration", default=3600): vol.All(int, vol.Range(min=1)),
            vol.Optional("rate_unit"): vol.In(["A", "W"]),
        },
        lambda c, i, d: c.installer(i).get_composite_schedule(
            d["connector"], d["duration"], d.get("rate_unit")
        ),
        SupportsResponse.ONLY,
    ),
    "data_transfer": ControlService(
        {
            **DEVICE,
            vol.Required("vendor_id"): cv.string,
            vol.Optional("message_id"): cv.string,
            vol.Optional("data"): cv.string,
        },
        lambda c, i, d: c.installer(i).data_transfer(
            d["vendor_id"], d.get("message_id"), d.get("data")
        ),
        SupportsResponse.OPTIONAL,
    ),
    "reserve_now": ControlService(
        {
            **DEVICE,
            **CONNECTOR,
            vol.Required("id_tag"): cv.string,
            vol.Required("expiry"): cv.datetime,
            vol.Required("reservation_id"): vol.All(int, vol.Range(min=0)),
        },
        lambda c, i, d: c.installer(i).reserve_now(
            d["connector"], d["id_tag"], when(d["expiry"]), d["reservation_id"]
        ),
    ),
    "cancel_reservation": ControlService(
        {**DEVICE, vol.Required("reservation_id"): vol.All(int, vol.Range(min=0))},
        lambda c, i, d: c.installer(i).cancel_reservation(d["reservation_id"]),
    ),
    "update_firmware": ControlService(
        {
            **DEVICE,
            vol.Required("location"): URI,
            vol.Optional("retrieve_date"): cv.datetime,
            vol.Optional("retries"): vol.All(int, vol.Range(min=0)),
            vol.Optional("retry_interval"): vol.All(int, vol.Range(min=0)),
            vol.Optional("signature"): cv.string,
            vol.Optional("signing_certificate"): cv.string,
        },
        lambda c, i, d: _firmware(c, i, d),
        SupportsResponse.OPTIONAL,
    ),
    "get_diagnostics": ControlService(
        {
            **DEVICE,
            vol.Required("location"): URI,
            vol.Optional("start"): cv.datetime,
            vol.Optional("stop"): cv.datetime,
        },
        lambda c, i, d: _file(
            c.installer(i).get_diagnostics(
                d["location"], when(d.get("start")), when(d.get("stop"))
            )
        ),
        SupportsResponse.OPTIONAL,
    ),
    "remote_start": ControlService(
        {
            **DEVICE,
            **CONNECTOR,
            vol.Optional("id_tag"): cv.string,
            vol.Optional("charging_profile"): dict,
        },
        lambda c, i, d: c.start(
            i, d["connector"], d.get("id_tag"), d.get("charging_profile")
        ),
    ),
    "remote_stop": ControlService(
        {**DEVICE, **CONNECTOR, vol.Optional("transaction_id"): cv.string},
        lambda c, i, d: c.stop(i, d["connector"], d.get("transaction_id")),
    ),
    "clear_cache": ControlService(DEVICE, lambda c, i, d: c.installer(i).clear_cache()),
    "get_local_list_version": ControlService(
        DEVICE,
        lambda c, i, d: _version(c.local_list_version(i)),
        SupportsResponse.ONLY,
    ),
    "send_local_list": ControlService(
        DEVICE,
        lambda c, i, d: _wrap(c.send_local_list(i)),
        SupportsResponse.OPTIONAL,
    ),
    "rotate_password": ControlService(
        DEVICE,
        lambda c, i, d: _wrap(c.rotate_password(i)),
        SupportsResponse.OPTIONAL,
    ),
    "set_current_limit": ControlService(
        {
            **DEVICE,
            **CONNECTOR,
            vol.Required("amps"): vol.All(vol.Coerce(float), vol.Range(min=0, max=500)),
            vol.Optional("duration"): vol.All(int, vol.Range(min=1)),
        },
        lambda c, i, d: c.set_current_limit(
            i, d["connector"], d["amps"], duration_s=d.get("duration")
        ),
        counts_refusals=True,
    ),
}


async def _wrap(status: Awaitable[str]) -> dict[str, Any]:
    return _status(await status)


async def _firmware(control: Control, identity: str, data: dict[str, Any]) -> Any:
    """UpdateFirmware, or with a signature the signed update (security extension)."""
    signature, certificate = data.get("signature"), data.get("signing_certificate")
    if bool(signature) != bool(certificate):
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="firmware_signature_incomplete"
        )
    commands = control.installer(identity)
    args = (
        data["location"],
        when(data.get("retrieve_date")) or dt_util.utcnow(),
    )
    retries = (data.get("retries"), data.get("retry_interval"))
    if signature and certificate:
        return _status(
            await commands.update_firmware_signed(
                *args, signature, certificate, *retries
            )
        )
    await commands.update_firmware(*args, *retries)
    return _status("Accepted")


async def _file(name: Awaitable[str | None]) -> dict[str, Any]:
    return {"file_name": await name}


async def _version(version: Awaitable[int]) -> dict[str, Any]:
    return {"version": await version}


async def _run(
    service: ControlService, control: Control, identity: str, data: dict[str, Any]
) -> Any:
    # Inside the awaited coroutine, so an offline charger noticed while the
    # command is being built is translated like any other failure.
    return await service.handler(control, identity, data)


def handler(
    service: ControlService,
) -> Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]:
    async def handle(call: ServiceCall) -> ServiceResponse:
        runtime, identity = charger_for_device(call.hass, call.data[CONF_DEVICE_ID])
        command = _run(service, runtime.system.control, identity, dict(call.data))
        if service.counts_refusals:
            command = runtime.issues.watch_limit(identity, command)
        result = await call_charger(identity, command)
        if service.response is SupportsResponse.NONE or not call.return_response:
            return None
        return result if isinstance(result, dict) else {"status": result}

    return handle


@callback
def async_setup_control_services(hass: HomeAssistant) -> None:
    """Register the charger command services."""
    for name, service in SERVICES.items():
        hass.services.async_register(
            DOMAIN,
            name,
            handler(service),
            schema=vol.Schema(service.schema),
            supports_response=service.response,
        )
