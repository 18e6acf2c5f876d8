"""Options: charger defaults, the tag policy and the tag list."""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.config_entries import ConfigEntryState, ConfigFlowResult
from homeassistant.data_entry_flow import section
from homeassistant.helpers import selector
from homeassistant.util import dt as dt_util

from .const import (
    CONF_AUTO_ACCEPT,
    CONF_HEARTBEAT_INTERVAL,
    CONF_MEASURANDS,
    CONF_METER_INTERVAL,
    DEFAULT_HEARTBEAT_INTERVAL,
    DEFAULT_METER_INTERVAL,
    MEASURANDS,
)
from .csms import DEFAULT_MEASURANDS, Quirks
from .csms.authorization import Tag, TagPolicy
from .options_authority import AuthorityImportStep
from .price import CONF_PRICE_SENSOR
from .quirks import CONF_QUIRKS, with_quirks
from .solar_site import (
    CONF_BATTERY_INVERT,
    CONF_BATTERY_SENSOR,
    CONF_BATTERY_SOC_SENSOR,
    CONF_GRID_INVERT,
    CONF_GRID_SENSOR,
    CONF_SOLAR,
)
from .tags import (
    CONF_REMOTE_START_TAG,
    CONF_TAG_POLICY,
    CONF_TAGS,
    DEFAULT_REMOTE_START_TAG,
    with_tag,
    without_tags,
)

# Choices (lower-case translation keys) and the rate unit each one sends.
RATE_UNITS: dict[str, str | None] = {"auto": None, "amps": "A", "watts": "W"}
TEXT = selector.TextSelector()
BOOLEAN = selector.BooleanSelector()


def seconds(low: int, high: int) -> vol.All:
    """A whole number of seconds between `low` and `high`."""
    return vol.All(
        selector.NumberSelector(
            selector.NumberSelectorConfig(
                min=low,
                max=high,
                step=1,
                mode=selector.NumberSelectorMode.BOX,
                unit_of_measurement="s",
            )
        ),
        vol.Coerce(int),
    )


class OcppCentralOptionsFlow(AuthorityImportStep):
    """Edit charger defaults and tags; saving applies them without a restart."""

    _identity = ""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Choose what to change."""
        return self.async_show_menu(
            step_id="init",
            menu_options=[
                "defaults",
                "solar",
                "add_tag",
                "remove_tags",
                "pick_charger",
                "certificate_authority",
            ],
        )

    async def async_step_defaults(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Onboarding, heartbeat and meter settings, and the tag policy.

        Saved, they apply at once: no restart, no charger dropped.
        """
        options = self.config_entry.options
        if user_input is not None:
            # A cleared optional field is absent from the input: drop it.
            kept = {k: v for k, v in options.items() if k != CONF_PRICE_SENSOR}
            return self.async_create_entry(data={**kept, **user_input})
        schema = vol.Schema(
            {
                vol.Required(
                    CONF_AUTO_ACCEPT, default=options.get(CONF_AUTO_ACCEPT, False)
                ): BOOLEAN,
                vol.Required(
                    CONF_HEARTBEAT_INTERVAL,
                    default=options.get(
                        CONF_HEARTBEAT_INTERVAL, DEFAULT_HEARTBEAT_INTERVAL
                    ),
                ): seconds(10, 86400),
                vol.Required(
                    CONF_METER_INTERVAL,
                    default=options.get(CONF_METER_INTERVAL, DEFAULT_METER_INTERVAL),
                ): seconds(1, 3600),
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
                    CONF_REMOTE_START_TAG,
                    default=options.get(
                        CONF_REMOTE_START_TAG, DEFAULT_REMOTE_START_TAG
                    ),
                ): vol.All(TEXT, vol.Length(min=1, max=20)),
                vol.Required(
                    CONF_TAG_POLICY,
                    default=options.get(CONF_TAG_POLICY, TagPolicy.ANY.value),
                ): selector.SelectSelector(
                    selector.SelectSelectorConfig(
                        options=[policy.value for policy in TagPolicy],
                        translation_key=CONF_TAG_POLICY,
                    )
                ),
                vol.Optional(
                    CONF_PRICE_SENSOR,
                    description={"suggested_value": options.get(CONF_PRICE_SENSOR)},
                ): selector.EntitySelector(
                    selector.EntitySelectorConfig(domain=["sensor", "input_number"])
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
                vol.Required("tag_id"): TEXT,
                vol.Optional("name", default=""): TEXT,
                vol.Optional("expiry"): selector.DateTimeSelector(),
                vol.Optional("blocked", default=False): BOOLEAN,
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

    async def async_step_solar(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The site's grid meter and home battery, for solar charging."""
        options = self.config_entry.options
        if user_input is not None:
            return self.async_create_entry(data={**options, CONF_SOLAR: user_input})
        current = options.get(CONF_SOLAR, {})

        def power_sensor(device_class: str) -> selector.EntitySelector:
            return selector.EntitySelector(
                selector.EntitySelectorConfig(
                    domain="sensor", device_class=device_class
                )
            )

        def suggested(key: str) -> dict[str, Any]:
            return {"suggested_value": current.get(key)}

        schema = vol.Schema(
            {
                vol.Optional(
                    CONF_GRID_SENSOR, description=suggested(CONF_GRID_SENSOR)
                ): power_sensor("power"),
                vol.Required(
                    CONF_GRID_INVERT, default=current.get(CONF_GRID_INVERT, False)
                ): BOOLEAN,
                vol.Optional(
                    CONF_BATTERY_SENSOR, description=suggested(CONF_BATTERY_SENSOR)
                ): power_sensor("power"),
                vol.Required(
                    CONF_BATTERY_INVERT,
                    default=current.get(CONF_BATTERY_INVERT, False),
                ): BOOLEAN,
                vol.Optional(
                    CONF_BATTERY_SOC_SENSOR,
                    description=suggested(CONF_BATTERY_SOC_SENSOR),
                ): power_sensor("battery"),
            }
        )
        return self.async_show_form(step_id="solar", data_schema=schema)

    async def async_step_pick_charger(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Choose the charger whose smart-charging workarounds to edit."""
        entry = self.config_entry
        identities = (
            sorted(
                c.identity
                for c in entry.runtime_data.system.chargers.values()
                if c.accepted
            )
            if entry.state is ConfigEntryState.LOADED
            else []
        )
        if not identities:
            return self.async_abort(reason="no_chargers")
        if user_input is not None:
            self._identity = user_input["charger"]
            return await self.async_step_quirks()
        schema = vol.Schema(
            {
                vol.Required("charger"): selector.SelectSelector(
                    selector.SelectSelectorConfig(options=identities)
                )
            }
        )
        return self.async_show_form(step_id="pick_charger", data_schema=schema)

    async def async_step_quirks(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Workarounds for chargers whose smart charging needs them."""
        options = self.config_entry.options
        if user_input is not None and "advanced" in user_input:
            chosen = user_input["advanced"]
            stack = chosen.get("stack_level")
            quirks = Quirks(
                stack_level=int(stack) if stack not in (None, "") else None,
                relative_profile=chosen["relative_profile"],
                rate_unit=RATE_UNITS.get(chosen["rate_unit"]),
                omit_phases=chosen["omit_phases"],
                pause_by_stop=chosen["pause_by_stop"],
                phase_switching=chosen.get("phase_switching", False),
            )
            return self.async_create_entry(
                data=with_quirks(options, self._identity, quirks)
            )
        current = options.get(CONF_QUIRKS, {}).get(self._identity, {})
        stack_default = current.get("stack_level")
        fields: dict[Any, Any] = {
            vol.Optional(
                "stack_level", description={"suggested_value": stack_default}
            ): vol.All(
                selector.NumberSelector(
                    selector.NumberSelectorConfig(
                        min=0, max=100, step=1, mode=selector.NumberSelectorMode.BOX
                    )
                ),
                vol.Coerce(int),
            ),
            vol.Required(
                "relative_profile", default=current.get("relative_profile", False)
            ): BOOLEAN,
            vol.Required(
                "rate_unit",
                default=next(
                    (k for k, v in RATE_UNITS.items() if v == current.get("rate_unit")),
                    "auto",
                ),
            ): selector.SelectSelector(
                selector.SelectSelectorConfig(
                    options=list(RATE_UNITS), translation_key="rate_unit"
                )
            ),
            vol.Required(
                "omit_phases", default=current.get("omit_phases", False)
            ): BOOLEAN,
            vol.Required(
                "pause_by_stop", default=current.get("pause_by_stop", False)
            ): BOOLEAN,
            vol.Required(
                "phase_switching", default=current.get("phase_switching", False)
            ): BOOLEAN,
        }
        schema = vol.Schema(
            {vol.Required("advanced"): section(vol.Schema(fields), {"collapsed": True})}
        )
        return self.async_show_form(
            step_id="quirks",
            data_schema=schema,
            description_placeholders={"charger": self._identity},
        )
