"""Fix flows for the repair issues that have a fix (see `issues`)."""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.components.repairs import RepairsFlow
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers import selector

from .issues import PASSWORD
from .runtime import Runtime
from .solar_site import CONF_GRID_SENSOR, CONF_SOLAR


def _runtime(hass: HomeAssistant, entry_id: str) -> Runtime | None:
    entry = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.state is not ConfigEntryState.LOADED:
        return None
    runtime: Runtime = entry.runtime_data
    return runtime


class PasswordFlow(RepairsFlow):
    """Shows a charger's password until the user says it is set."""

    def __init__(self, entry_id: str, identity: str) -> None:
        """A flow for one charger's password."""
        self.entry_id = entry_id
        self.identity = identity

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> FlowResult:
        """Opened from the issue."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> FlowResult:
        """Show the password; submitting forgets it."""
        runtime = _runtime(self.hass, self.entry_id)
        password = runtime.issues.passwords.get(self.identity) if runtime else None
        if runtime is None or password is None:
            return self.async_abort(reason="password_gone")
        if user_input is not None:
            runtime.issues.password_shown(self.identity)
            return self.async_create_entry(data={})
        return self.async_show_form(
            step_id="confirm",
            data_schema=vol.Schema({}),
            description_placeholders={"charger": self.identity, "password": password},
        )


class GridSensorFlow(RepairsFlow):
    """Picks the grid power sensor that the solar modes need."""

    def __init__(self, entry_id: str) -> None:
        """A flow for one central system's options."""
        self.entry_id = entry_id

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> FlowResult:
        """Opened from the issue."""
        return await self.async_step_pick()

    async def async_step_pick(
        self, user_input: dict[str, Any] | None = None
    ) -> FlowResult:
        """Ask for the sensor; store it in the solar options."""
        entry = self.hass.config_entries.async_get_entry(self.entry_id)
        if entry is None:
            return self.async_abort(reason="entry_gone")
        if user_input is not None:
            solar = {**entry.options.get(CONF_SOLAR, {}), **user_input}
            self.hass.config_entries.async_update_entry(
                entry, options={**entry.options, CONF_SOLAR: solar}
            )
            return self.async_create_entry(data={})
        schema = vol.Schema(
            {
                vol.Required(CONF_GRID_SENSOR): selector.EntitySelector(
                    selector.EntitySelectorConfig(domain="sensor", device_class="power")
                )
            }
        )
        issue = ir.async_get(self.hass).async_get_issue(self.handler, self.issue_id)
        return self.async_show_form(
            step_id="pick",
            data_schema=schema,
            description_placeholders=issue.translation_placeholders if issue else None,
        )


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, Any] | None
) -> RepairsFlow:
    """The fix flow of a fixable issue."""
    data = data or {}
    entry_id = str(data.get("entry_id", ""))
    if issue_id.startswith(f"{PASSWORD}_"):
        return PasswordFlow(entry_id, str(data.get("about", "")))
    return GridSensorFlow(entry_id)  # the only other issue with a fix
