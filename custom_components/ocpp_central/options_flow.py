"""Options: charger defaults, the tag policy and the tag list."""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.config_entries import ConfigFlowResult, OptionsFlow
from homeassistant.helpers import selector
from homeassistant.util import dt as dt_util

from .const import (
    CONF_MEASURANDS,
    CONF_METER_INTERVAL,
    DEFAULT_METER_INTERVAL,
    MEASURANDS,
)
from .csms import DEFAULT_MEASURANDS
from .csms.authorization import Tag, TagPolicy
from .tags import CONF_TAG_POLICY, CONF_TAGS, with_tag, without_tags


class OcppCentralOptionsFlow(OptionsFlow):
    """Edit charger defaults and tags; saving applies them without a restart."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Choose what to change."""
        return self.async_show_menu(
            step_id="init", menu_options=["defaults", "add_tag", "remove_tags"]
        )

    async def async_step_defaults(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Meter interval, measurands and the tag policy."""
        options = self.config_entry.options
        if user_input is not None:
            return self.async_create_entry(data={**options, **user_input})
        schema = vol.Schema(
            {
                vol.Required(
                    CONF_METER_INTERVAL,
                    default=options.get(CONF_METER_INTERVAL, DEFAULT_METER_INTERVAL),
                ): vol.All(vol.Coerce(int), vol.Range(min=1, max=3600)),
                vol.Required(
                    CONF_MEASURANDS,
                    default=list(options.get(CONF_MEASURANDS, DEFAULT_MEASURANDS)),
                ): selector.SelectSelector(
                    selector.SelectSelectorConfig(
                        options=list(MEASURANDS),
                        multiple=True,
                        mode=selector.SelectSelectorMode.DROPDOWN,
                    )
                ),
                vol.Required(
                    CONF_TAG_POLICY,
                    default=options.get(CONF_TAG_POLICY, TagPolicy.ANY.value),
                ): selector.SelectSelector(
                    selector.SelectSelectorConfig(
                        options=[policy.value for policy in TagPolicy],
                        translation_key=CONF_TAG_POLICY,
                    )
                ),
            }
        )
        return self.async_show_form(step_id="defaults", data_schema=schema)

    async def async_step_add_tag(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add a tag, or rename it or change its expiry when it exists."""
        errors: dict[str, str] = {}
        if user_input is not None:
            tag_id = user_input["tag_id"].strip()
            expiry_text = user_input.get("expiry")
            expiry = dt_util.parse_datetime(expiry_text) if expiry_text else None
            if not tag_id or len(tag_id) > 20:
                errors["tag_id"] = "invalid_tag_id"
            else:
                if expiry is not None and expiry.tzinfo is None:
                    expiry = expiry.replace(tzinfo=dt_util.get_default_time_zone())
                tag = Tag(
                    id=tag_id,
                    name=user_input.get("name", "").strip(),
                    expiry=dt_util.as_utc(expiry) if expiry else None,
                    blocked=user_input.get("blocked", False),
                )
                return self.async_create_entry(
                    data=with_tag(self.config_entry.options, tag)
                )
        schema = vol.Schema(
            {
                vol.Required("tag_id"): str,
                vol.Optional("name", default=""): str,
                vol.Optional("expiry"): selector.DateTimeSelector(),
                vol.Optional("blocked", default=False): bool,
            }
        )
        return self.async_show_form(
            step_id="add_tag", data_schema=schema, errors=errors
        )

    async def async_step_remove_tags(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Remove tags from the list."""
        options = self.config_entry.options
        if user_input is not None:
            return self.async_create_entry(
                data=without_tags(options, user_input.get(CONF_TAGS, []))
            )
        tags = [
            selector.SelectOptionDict(
                value=item["id"],
                label=f"{item['name']} ({item['id']})" if item["name"] else item["id"],
            )
            for item in options.get(CONF_TAGS, [])
        ]
        if not tags:
            return self.async_abort(reason="no_tags")
        schema = vol.Schema(
            {
                vol.Optional(CONF_TAGS, default=[]): selector.SelectSelector(
                    selector.SelectSelectorConfig(options=tags, multiple=True)
                )
            }
        )
        return self.async_show_form(step_id="remove_tags", data_schema=schema)
