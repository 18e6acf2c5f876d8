"""Config, reconfigure and options flows, and the flow that accepts a new charger."""

from __future__ import annotations

import socket
import ssl
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import (
    SOURCE_IGNORE,
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
)
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import selector

from .const import (
    CONF_AUTO_ACCEPT,
    CONF_HEARTBEAT_INTERVAL,
    CONF_SECURITY_PROFILE,
    CONF_SSL_CERTFILE,
    CONF_SSL_KEYFILE,
    DEFAULT_HEARTBEAT_INTERVAL,
    DEFAULT_HOST,
    DEFAULT_PORT,
    DOMAIN,
)
from .csms import (
    SecurityProfile,
    UnknownCharger,
    server_ssl_context,
)
from .options_flow import OcppCentralOptionsFlow

PROFILE_SELECTOR = selector.SelectSelector(
    selector.SelectSelectorConfig(
        options=[str(int(profile)) for profile in SecurityProfile],
        mode=selector.SelectSelectorMode.LIST,
        translation_key=CONF_SECURITY_PROFILE,
    )
)


def _server_schema(values: dict[str, Any]) -> vol.Schema:
    return vol.Schema(
        {
            vol.Required(CONF_HOST, default=values.get(CONF_HOST, DEFAULT_HOST)): str,
            vol.Required(
                CONF_PORT, default=values.get(CONF_PORT, DEFAULT_PORT)
            ): vol.All(vol.Coerce(int), vol.Range(min=1, max=65535)),
            vol.Required(
                CONF_SECURITY_PROFILE,
                default=str(values.get(CONF_SECURITY_PROFILE, 0)),
            ): PROFILE_SELECTOR,
            vol.Optional(
                CONF_SSL_CERTFILE, default=values.get(CONF_SSL_CERTFILE, "")
            ): str,
            vol.Optional(
                CONF_SSL_KEYFILE, default=values.get(CONF_SSL_KEYFILE, "")
            ): str,
            vol.Required(
                CONF_AUTO_ACCEPT, default=values.get(CONF_AUTO_ACCEPT, False)
            ): bool,
            vol.Required(
                CONF_HEARTBEAT_INTERVAL,
                default=values.get(CONF_HEARTBEAT_INTERVAL, DEFAULT_HEARTBEAT_INTERVAL),
            ): vol.All(vol.Coerce(int), vol.Range(min=10, max=86400)),
        }
    )


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


async def _validate(
    hass: HomeAssistant, user_input: dict[str, Any], current: ConfigEntry | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Normalise the server settings and check port and TLS files."""
    data = dict(user_input)
    data[CONF_SECURITY_PROFILE] = int(data[CONF_SECURITY_PROFILE])
    errors: dict[str, str] = {}
    unchanged = current is not None and (
        current.data.get(CONF_HOST),
        current.data.get(CONF_PORT),
    ) == (data[CONF_HOST], data[CONF_PORT])
    taken_by_entry = any(
        entry.data.get(CONF_PORT) == data[CONF_PORT]
        for entry in hass.config_entries.async_entries(DOMAIN)
        if entry.source != SOURCE_IGNORE and entry is not current
    )
    if taken_by_entry or (
        not unchanged
        and not await hass.async_add_executor_job(
            _port_free, data[CONF_HOST], data[CONF_PORT]
        )
    ):
        errors[CONF_PORT] = "port_in_use"
    if data[CONF_SECURITY_PROFILE] == SecurityProfile.TLS_BASIC_AUTH:
        if not data.get(CONF_SSL_CERTFILE) or not data.get(CONF_SSL_KEYFILE):
            errors["base"] = "tls_files_required"
        else:
            try:
                await hass.async_add_executor_job(
                    server_ssl_context, data[CONF_SSL_CERTFILE], data[CONF_SSL_KEYFILE]
                )
            except (OSError, ssl.SSLError):
                errors["base"] = "tls_files_invalid"
    return data, errors


class OcppCentralConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up a central system; accept chargers that ask to join."""

    VERSION = 1

    def __init__(self) -> None:
        """Start with no discovered charger."""
        self._charger: dict[str, str] = {}

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> OcppCentralOptionsFlow:
        """Charger defaults and tags."""
        return OcppCentralOptionsFlow()

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask where to listen and how chargers authenticate."""
        errors: dict[str, str] = {}
        values = user_input or {}
        if user_input is not None:
            data, errors = await _validate(self.hass, user_input, None)
            if not errors:
                return self.async_create_entry(
                    title=f"OCPP Central (port {data[CONF_PORT]})", data=data
                )
        return self.async_show_form(
            step_id="user", data_schema=_server_schema(values), errors=errors
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the server settings of an existing central system."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        values = user_input or dict(entry.data)
        if user_input is not None:
            data, errors = await _validate(self.hass, user_input, entry)
            if not errors:
                # The entry's update listener reloads it.
                self.hass.config_entries.async_update_entry(
                    entry, data=data, title=f"OCPP Central (port {data[CONF_PORT]})"
                )
                return self.async_abort(reason="reconfigure_successful")
        return self.async_show_form(
            step_id="reconfigure", data_schema=_server_schema(values), errors=errors
        )

    async def async_step_integration_discovery(
        self, discovery_info: dict[str, Any]
    ) -> ConfigFlowResult:
        """A charger we do not know booted and waits to be accepted."""
        identity = discovery_info["identity"]
        await self.async_set_unique_id(f"charger:{identity}")
        self._abort_if_unique_id_configured()
        self._charger = {
            "entry_id": discovery_info["entry_id"],
            "identity": identity,
            "vendor": discovery_info.get("vendor") or "",
            "model": discovery_info.get("model") or "",
        }
        self.context["title_placeholders"] = {
            key: self._charger[key] for key in ("identity", "vendor", "model")
        }
        return await self.async_step_accept_charger()

    async def async_step_accept_charger(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """One click accepts the charger."""
        placeholders = {
            key: self._charger[key] for key in ("identity", "vendor", "model")
        }
        if user_input is None:
            return self.async_show_form(
                step_id="accept_charger", description_placeholders=placeholders
            )
        entry = self.hass.config_entries.async_get_entry(self._charger["entry_id"])
        runtime = getattr(entry, "runtime_data", None) if entry else None
        if runtime is None:
            return self.async_abort(reason="not_running")
        try:
            password = await runtime.system.accept(self._charger["identity"])
        except UnknownCharger:
            return self.async_abort(reason="charger_gone")
        if password is not None:
            return self.async_abort(
                reason="charger_accepted_password",
                description_placeholders={**placeholders, "password": password},
            )
        return self.async_abort(
            reason="charger_accepted", description_placeholders=placeholders
        )
