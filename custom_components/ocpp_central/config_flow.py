"""Config, reconfigure and options flows, and the flow that accepts a new charger."""

from __future__ import annotations

import socket
import ssl
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import (
    SOURCE_IGNORE,
    SOURCE_RECONFIGURE,
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
)
from homeassistant.const import CONF_HOST, CONF_NAME, CONF_PORT
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import selector

from .const import (
    ALL_INTERFACES,
    CONF_SECURITY_PROFILE,
    CONF_SSL_CERTFILE,
    CONF_SSL_KEYFILE,
    CONF_TLS_PORT,
    CONFIG_MINOR_VERSION,
    CONFIG_VERSION,
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
from .runtime import Runtime

CONF_AREA = "area"

PROFILE_SELECTOR = selector.SelectSelector(
    selector.SelectSelectorConfig(
        options=[str(int(profile)) for profile in SecurityProfile],
        mode=selector.SelectSelectorMode.LIST,
        translation_key=CONF_SECURITY_PROFILE,
    )
)
TEXT = selector.TextSelector()
PORT = vol.All(
    selector.NumberSelector(
        selector.NumberSelectorConfig(
            min=1, max=65535, step=1, mode=selector.NumberSelectorMode.BOX
        )
    ),
    vol.Coerce(int),
)


def _server_schema(values: dict[str, Any]) -> vol.Schema:
    """Where to listen and how chargers authenticate (a restart applies them)."""
    return vol.Schema(
        {
            vol.Required(CONF_HOST, default=values.get(CONF_HOST, DEFAULT_HOST)): TEXT,
            vol.Required(CONF_PORT, default=values.get(CONF_PORT, DEFAULT_PORT)): PORT,
            vol.Required(
                CONF_SECURITY_PROFILE,
                default=str(values.get(CONF_SECURITY_PROFILE, 0)),
            ): PROFILE_SELECTOR,
            vol.Optional(
                CONF_SSL_CERTFILE, default=values.get(CONF_SSL_CERTFILE, "")
            ): TEXT,
            vol.Optional(
                CONF_SSL_KEYFILE, default=values.get(CONF_SSL_KEYFILE, "")
            ): TEXT,
            vol.Optional(
                CONF_TLS_PORT,
                description={"suggested_value": values.get(CONF_TLS_PORT)},
            ): PORT,
        }
    )


def insecure(data: dict[str, Any]) -> bool:
    """Profile 0 on every interface: anyone who reaches the port may connect."""
    return (
        data.get(CONF_SECURITY_PROFILE) == SecurityProfile.NONE
        and data.get(CONF_HOST, DEFAULT_HOST) in ALL_INTERFACES
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
    # Our own server holds its port (on whichever address): keeping the port
    # while changing the address is fine.
    unchanged = current is not None and current.data.get(CONF_PORT) == data[CONF_PORT]
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
    tls = data[CONF_SECURITY_PROFILE] >= SecurityProfile.TLS_BASIC_AUTH
    certfile, keyfile = data.get(CONF_SSL_CERTFILE), data.get(CONF_SSL_KEYFILE)
    if tls and bool(certfile) != bool(keyfile):
        errors["base"] = "tls_files_required"
    elif tls and certfile and keyfile:
        # Without files our own certificate authority issues the server's.
        try:
            await hass.async_add_executor_job(server_ssl_context, certfile, keyfile)
        except (OSError, ssl.SSLError):
            errors["base"] = "tls_files_invalid"
    tls_port = data.get(CONF_TLS_PORT)
    if tls_port is not None:
        if tls or tls_port == data[CONF_PORT]:
            errors[CONF_TLS_PORT] = "tls_port_not_needed" if tls else "port_in_use"
        elif (current is None or current.data.get(CONF_TLS_PORT) != tls_port) and (
            not await hass.async_add_executor_job(_port_free, data[CONF_HOST], tls_port)
        ):
            errors[CONF_TLS_PORT] = "port_in_use"
    return data, errors


class OcppCentralConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up a central system; accept chargers that ask to join."""

    VERSION = CONFIG_VERSION
    MINOR_VERSION = CONFIG_MINOR_VERSION

    def __init__(self) -> None:
        """Start with no discovered charger and nothing to confirm."""
        self._charger: dict[str, str] = {}
        self._confirming: dict[str, Any] = {}

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
                if insecure(data):
                    self._confirming = data
                    return await self.async_step_confirm_insecure()
                return self._finish(data)
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
                if insecure(data):
                    self._confirming = data
                    return await self.async_step_confirm_insecure()
                return self._finish(data)
        return self.async_show_form(
            step_id="reconfigure", data_schema=_server_schema(values), errors=errors
        )

    async def async_step_confirm_insecure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Warn before anyone on the network may connect without a password."""
        data = self._confirming
        if user_input is not None:
            return self._finish(data)
        return self.async_show_form(
            step_id="confirm_insecure",
            description_placeholders={
                "host": data[CONF_HOST] or DEFAULT_HOST,
                "port": str(data[CONF_PORT]),
            },
        )

    def _finish(self, data: dict[str, Any]) -> ConfigFlowResult:
        title = f"OCPP Central (port {data[CONF_PORT]})"
        if self.source == SOURCE_RECONFIGURE:
            # The entry's update listener restarts the server.
            self.hass.config_entries.async_update_entry(
                self._get_reconfigure_entry(), data=data, title=title
            )
            return self.async_abort(reason="reconfigure_successful")
        return self.async_create_entry(title=title, data=data)

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
            "address": discovery_info.get("address") or "?",
        }
        self.context["title_placeholders"] = {
            key: self._charger[key] for key in ("identity", "vendor", "model")
        }
        return await self.async_step_accept_charger()

    async def async_step_accept_charger(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Accept the charger, with the name and area the user gives it."""
        placeholders = {
            key: self._charger[key]
            for key in ("identity", "vendor", "model", "address")
        }
        if user_input is None:
            schema = vol.Schema(
                {
                    vol.Optional(
                        CONF_NAME,
                        description={"suggested_value": self._charger["identity"]},
                    ): TEXT,
                    vol.Optional(CONF_AREA): selector.AreaSelector(),
                }
            )
            return self.async_show_form(
                step_id="accept_charger",
                data_schema=schema,
                description_placeholders=placeholders,
            )
        entry = self.hass.config_entries.async_get_entry(self._charger["entry_id"])
        if entry is None or entry.state is not ConfigEntryState.LOADED:
            return self.async_abort(reason="not_running")
        runtime: Runtime = entry.runtime_data
        identity = self._charger["identity"]
        name = (user_input.get(CONF_NAME) or "").strip()
        runtime.async_choose(
            identity,
            name if name and name != identity else None,
            user_input.get(CONF_AREA) or None,
        )
        try:
            password = await runtime.system.accept(identity)
        except UnknownCharger:
            return self.async_abort(reason="charger_gone")
        if password is not None:
            # Also kept as a repair issue until the charger logs in with it.
            runtime.password_issued(identity, password)
            return self.async_abort(
                reason="charger_accepted_password",
                description_placeholders={**placeholders, "password": password},
            )
        return self.async_abort(
            reason="charger_accepted", description_placeholders=placeholders
        )
