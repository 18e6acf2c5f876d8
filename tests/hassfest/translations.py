"""translations/en.json as hassfest checks a custom integration's."""

from __future__ import annotations

from typing import Any

import voluptuous as vol

from .validators import each, key, plain_text, problems, slug, text


def _data_described(flow: dict[str, Any]) -> dict[str, Any]:
    """Every `data_description` belongs to a field of the step's `data`."""
    errors = [
        vol.Invalid(f"describes {name!r}, which is not in data", path=["step", step])
        for step, info in (flow.get("step") or {}).items()
        for name in info.get("data_description") or {}
        if name not in (info.get("data") or {})
    ]
    if errors:
        raise vol.MultipleInvalid(errors)
    return flow


_FIELD_TEXTS = {str: text}
FLOW_SCHEMA = vol.All(
    vol.Schema(
        {
            vol.Optional("flow_title"): text,
            vol.Optional("step"): {
                str: {
                    vol.Optional("title"): text,
                    vol.Optional("description"): text,
                    vol.Optional("data"): _FIELD_TEXTS,
                    vol.Optional("data_description"): _FIELD_TEXTS,
                    vol.Optional("menu_options"): _FIELD_TEXTS,
                    vol.Optional("menu_option_descriptions"): _FIELD_TEXTS,
                    vol.Optional("submit"): text,
                    vol.Optional("sections"): {
                        str: {
                            vol.Optional("name"): text,
                            vol.Optional("description"): text,
                            vol.Optional("data"): _FIELD_TEXTS,
                            vol.Optional("data_description"): _FIELD_TEXTS,
                        }
                    },
                }
            },
            vol.Optional("error"): _FIELD_TEXTS,
            vol.Optional("abort"): _FIELD_TEXTS,
            vol.Optional("progress"): _FIELD_TEXTS,
            vol.Optional("create_entry"): _FIELD_TEXTS,
        }
    ),
    _data_described,
)


def _one_of_description_or_fix_flow(issue: dict[str, Any]) -> dict[str, Any]:
    if ("description" in issue) == ("fix_flow" in issue):
        raise vol.Invalid("needs either a description or a fix_flow, not both")
    return issue


_STATES = each(key, plain_text)
STRINGS_SCHEMA = vol.Schema(
    {
        vol.Optional("title"): text,
        vol.Optional("config"): FLOW_SCHEMA,
        vol.Optional("options"): FLOW_SCHEMA,
        vol.Optional("selector"): each(
            vol.Any("_", slug),
            {
                vol.Optional("options"): each(key, text),
                vol.Optional("choices"): each(key, text),
                vol.Optional("unit_of_measurement"): each(key, text),
                vol.Optional("fields"): each(
                    key,
                    vol.Any(
                        str,
                        {vol.Required("name"): str, vol.Required("description"): text},
                    ),
                ),
            },
        ),
        vol.Optional("device_automation"): {
            vol.Optional(part): _FIELD_TEXTS
            for part in (
                "action_type",
                "condition_type",
                "trigger_type",
                "trigger_subtype",
                "extra_fields",
                "extra_fields_descriptions",
            )
        },
        vol.Optional("system_health"): {vol.Optional("info"): each(key, text)},
        vol.Optional("issues"): each(
            str,
            vol.All(
                {
                    vol.Required("title"): text,
                    vol.Optional("description"): text,
                    vol.Optional("fix_flow"): FLOW_SCHEMA,
                },
                _one_of_description_or_fix_flow,
            ),
        ),
        vol.Optional("device"): each(key, {vol.Optional("name"): text}),
        vol.Optional("entity"): each(
            slug,
            each(
                key,
                {
                    vol.Optional("name"): text,
                    vol.Optional("state"): _STATES,
                    vol.Optional("state_attributes"): each(
                        key,
                        {
                            vol.Optional("name"): plain_text,
                            vol.Optional("state"): _STATES,
                        },
                    ),
                    vol.Optional("unit_of_measurement"): plain_text,
                },
            ),
        ),
        vol.Optional("exceptions"): each(slug, {vol.Optional("message"): text}),
        vol.Optional("services"): each(
            key,
            {
                vol.Required("name"): text,
                vol.Required("description"): text,
                vol.Optional("fields"): each(
                    key,
                    {
                        vol.Required("name"): str,
                        vol.Required("description"): text,
                        vol.Optional("example"): text,
                    },
                ),
                vol.Optional("sections"): each(
                    key,
                    {vol.Required("name"): str, vol.Optional("description"): text},
                ),
            },
        ),
        vol.Optional("common"): each(slug, text),
    }
)


def translation_problems(strings: dict[str, Any]) -> list[str]:
    """translations/en.json as hassfest validates a custom integration's."""
    return problems(STRINGS_SCHEMA, strings)
