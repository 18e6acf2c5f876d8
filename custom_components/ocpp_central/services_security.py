"""Services for certificates and security profiles (1.6 security extension, 2.0.1)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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

from .const import DOMAIN
from .csms.upgrade import UpgradeRefused, raise_security_profile
from .errors import call_charger
from .services import charger_for_device
from .services_control import DEVICE, URI, when

if TYPE_CHECKING:
    from .runtime import Runtime

type Handler = Callable[[Runtime, str, dict[str, Any]], Awaitable[Any]]


@dataclass(frozen=True)
class SecurityService:
    """A service that may need the certificate authority."""

    schema: dict[Any, Any]
    handler: Handler
    response: SupportsResponse = SupportsResponse.OPTIONAL


async def _with_authority(runtime: Runtime) -> None:
    """Create the certificate authority on first use and hand it to the core."""
    await runtime.pki.async_ensure()
    runtime.pki.attach(runtime.system)


async def _install_roots(runtime: Runtime, identity: str, data: dict[str, Any]) -> Any:
    await _with_authority(runtime)
    assert runtime.pki.authority is not None
    commands = runtime.system.control.commands(identity)
    return {
        "statuses": [
            await commands.install_root_certificate(pem)
            for pem in runtime.pki.authority.root_certificates()
        ]
    }


async def _installed(runtime: Runtime, identity: str, data: dict[str, Any]) -> Any:
    commands = runtime.system.control.commands(identity)
    return {"certificates": await commands.installed_root_certificates()}


async def _delete(runtime: Runtime, identity: str, data: dict[str, Any]) -> Any:
    commands = runtime.system.control.commands(identity)
    return {"status": await commands.delete_certificate(data["certificate"])}


async def _renew(runtime: Runtime, identity: str, data: dict[str, Any]) -> Any:
    await _with_authority(runtime)
    commands = runtime.system.control.commands(identity)
    return {"status": await commands.request_certificate()}


async def _security_log(runtime: Runtime, identity: str, data: dict[str, Any]) -> Any:
    commands = runtime.system.control.commands(identity)
    name = await commands.get_security_log(
        data["location"], when(data.get("start")), when(data.get("stop"))
    )
    return {"file_name": name}


async def _upgrade(runtime: Runtime, identity: str, data: dict[str, Any]) -> Any:
    url = await runtime.tls_url()
    if url is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="no_tls_listener"
        )
    await _with_authority(runtime)
    try:
        status = await raise_security_profile(
            runtime.system.control,
            runtime.system.certificates,
            identity,
            data["profile"],
            url,
        )
    except UpgradeRefused as err:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="upgrade_refused",
            translation_placeholders={"reason": str(err)},
        ) from err
    return {"status": status}


SECURITY_SERVICES: dict[str, SecurityService] = {
    "install_root_certificates": SecurityService(DEVICE, _install_roots),
    "get_installed_certificates": SecurityService(
        DEVICE, _installed, SupportsResponse.ONLY
    ),
    "delete_certificate": SecurityService(
        {**DEVICE, vol.Required("certificate"): dict}, _delete
    ),
    "renew_certificate": SecurityService(DEVICE, _renew),
    "get_security_log": SecurityService(
        {
            **DEVICE,
            vol.Required("location"): URI,
            vol.Optional("start"): cv.datetime,
            vol.Optional("stop"): cv.datetime,
        },
        _security_log,
    ),
    "upgrade_security_profile": SecurityService(
        {**DEVICE, vol.Required("profile"): vol.All(int, vol.In([2, 3]))}, _upgrade
    ),
}


def _handler(
    service: SecurityService,
) -> Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]:
    async def handle(call: ServiceCall) -> ServiceResponse:
        runtime, identity = charger_for_device(call.hass, call.data[CONF_DEVICE_ID])
        result = await call_charger(
            identity, service.handler(runtime, identity, dict(call.data))
        )
        if service.response is SupportsResponse.NONE or not call.return_response:
            return None
        return result  # type: ignore[no-any-return]

    return handle


@callback
def async_setup_security_services(hass: HomeAssistant) -> None:
    """Register the certificate and security-profile services."""
    for name, service in SECURITY_SERVICES.items():
        hass.services.async_register(
            DOMAIN,
            name,
            _handler(service),
            schema=vol.Schema(service.schema),
            supports_response=service.response,
        )
