"""Options step: use your own certificate authority instead of ours."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import ConfigEntry, ConfigFlowResult, OptionsFlow
from homeassistant.helpers import selector

from .csms.security import InvalidAuthority

CONF_CA_CERTFILE = "ca_certfile"
CONF_CA_KEYFILE = "ca_keyfile"
TEXT = selector.TextSelector()


def _read(path: str) -> str:
    return Path(path).read_text("ascii")


class AuthorityImportStep(OptionsFlow):
    """The `certificate_authority` step of the options flow."""

    async def async_step_certificate_authority(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Read a CA certificate and key from files; the entry then reloads."""
        errors: dict[str, str] = {}
        placeholders = {"reason": ""}
        if user_input is not None:
            try:
                certificate = await self.hass.async_add_executor_job(
                    _read, user_input[CONF_CA_CERTFILE]
                )
                key = await self.hass.async_add_executor_job(
                    _read, user_input[CONF_CA_KEYFILE]
                )
            except (OSError, UnicodeDecodeError):
                errors["base"] = "ca_unreadable"
            else:
                entry: ConfigEntry[Any] = self.config_entry
                try:
                    await entry.runtime_data.pki.async_import(certificate, key)
                except InvalidAuthority as err:
                    errors["base"] = "ca_invalid"
                    placeholders["reason"] = str(err)
                else:
                    self.hass.config_entries.async_schedule_reload(entry.entry_id)
                    return self.async_create_entry(data=dict(entry.options))
        schema = vol.Schema(
            {vol.Required(CONF_CA_CERTFILE): TEXT, vol.Required(CONF_CA_KEYFILE): TEXT}
        )
        return self.async_show_form(
            step_id="certificate_authority",
            data_schema=self.add_suggested_values_to_schema(schema, user_input or {}),
            errors=errors,
            description_placeholders=placeholders,
        )
