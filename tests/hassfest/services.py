"""services.yaml and icons.json as hassfest checks them, and their texts in en.json.

hassfest checks a custom integration's services.yaml against the schema and
its icons.json against the icon schema; that every action and field has a
name and description in en.json it enforces only for core integrations, but
Home Assistant shows a custom integration's missing texts as blanks, so we
hold ourselves to the core rule.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import voluptuous as vol
from homeassistant.helpers import selector

from .validators import each, key, problems, slug, text


def _present(value: Any) -> Any:
    if value is None:
        raise vol.Invalid("must not be empty")
    return value


_FIELD = {
    vol.Optional("name"): str,
    vol.Optional("description"): str,
    vol.Optional("example"): _present,
    vol.Optional("default"): _present,
    vol.Optional("required"): bool,
    vol.Optional("advanced"): bool,
    vol.Optional("selector"): selector.validate_selector,
}
_SECTION = {
    vol.Optional("name"): str,
    vol.Optional("description"): str,
    vol.Optional("collapsed"): bool,
    vol.Required("fields"): {str: _FIELD},
}


def _unique_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """A field name is used once, whichever section it sits in."""
    seen: set[str] = set()
    for name, field in fields.items():
        for inner in (field or {}).get("fields") or [name]:
            if inner in seen:
                raise vol.Invalid(f"field {inner} is used twice")
            seen.add(inner)
    return fields


def _service(targeted: bool) -> vol.Schema:
    schema: dict[Any, Any] = {
        vol.Optional("name"): str,
        vol.Optional("description"): str,
        vol.Optional("fields"): vol.All(
            {str: vol.Any(_FIELD, _SECTION)}, _unique_fields
        ),
    }
    if targeted:
        schema[vol.Required("target")] = selector.TargetSelector.CONFIG_SCHEMA
    return vol.Schema(schema)


SERVICES_SCHEMA = each(slug, vol.Any(None, _service(False), _service(True)))


def _fields(service: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """Every field, sections flattened."""
    found: dict[str, dict[str, Any]] = {}
    for name, field in ((service or {}).get("fields") or {}).items():
        if "fields" in (field or {}):
            found.update(field["fields"])
        else:
            found[name] = field or {}
    return found


def services_problems(services: dict[str, Any], strings: dict[str, Any]) -> list[str]:
    """The actions' schema, and a name and description for each and its fields."""
    found = problems(SERVICES_SCHEMA, services)
    texts = strings.get("services") or {}
    for name, service in services.items():
        described = texts.get(name) or {}
        for part in ("name", "description"):
            if not (service or {}).get(part) and not described.get(part):
                found.append(f"{name}: no {part} in services.yaml or en.json")
        fields = _fields(service)
        for field_name, field in fields.items():
            field_texts = (described.get("fields") or {}).get(field_name) or {}
            for part in ("name", "description"):
                if not field.get(part) and not field_texts.get(part):
                    found.append(f"{name}.{field_name}: no {part}")
            wanted = ((field.get("selector") or {}).get("select") or {}).get(
                "translation_key"
            )
            if wanted and wanted not in (strings.get("selector") or {}):
                found.append(f"{name}.{field_name}: no selector texts for {wanted}")
        for extra in set(described.get("fields") or {}) - set(fields):
            found.append(f"{name}: en.json describes a field {extra} it does not have")
    for extra in set(texts) - set(services):
        found.append(f"en.json describes an action {extra} that does not exist")
    return found


# --------------------------------------------------------------------------
# icons.json
# --------------------------------------------------------------------------


def icon(value: Any) -> str:
    """A Material Design icon: `mdi:` and a name."""
    value = text(value, placeholders=False)
    if not value.startswith("mdi:") or len(value) <= len("mdi:"):
        raise vol.Invalid(f"{value!r} is not an mdi: icon")
    return value


def _states_differ(icons: dict[str, Any]) -> dict[str, Any]:
    """A state's icon that equals the default is dead weight hassfest refuses."""
    for state, value in (icons.get("state") or {}).items():
        if value == icons.get("default"):
            raise vol.Invalid(f"state {state} has the default icon", path=["state"])
    return icons


_STEP_ICONS = {"step": {str: {"section": {str: icon}}}}
ICONS_SCHEMA = vol.Schema(
    {
        vol.Optional("config"): _STEP_ICONS,
        vol.Optional("options"): _STEP_ICONS,
        vol.Optional("issues"): {str: {"fix_flow": _STEP_ICONS}},
        vol.Optional("services"): each(
            key,
            vol.Any(icon, {vol.Required("service"): icon, "sections": {str: icon}}),
        ),
        vol.Optional("entity"): each(
            slug,
            each(
                key,
                vol.All(
                    {
                        vol.Optional("default"): icon,
                        vol.Optional("state"): each(key, icon),
                        vol.Optional("state_attributes"): each(
                            key,
                            vol.All(
                                {
                                    vol.Optional("default"): icon,
                                    vol.Optional("state"): each(key, icon),
                                },
                                _states_differ,
                            ),
                        ),
                    },
                    _states_differ,
                ),
            ),
        ),
    }
)


@cache
def mdi_names() -> frozenset[str] | None:
    """The icon names the installed frontend knows (newer hassfest checks these).

    None where the frontend is not installed (the newest test plugin leaves it
    out); the oldest supported version's run checks the names.
    """
    spec = find_spec("hass_frontend")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "static" / "mdi" / "iconList.json"
    return frozenset(item["name"] for item in json.loads(path.read_text("utf-8")))


def _icons(node: Any, where: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, dict):
        for name, value in node.items():
            yield from _icons(value, f"{where}.{name}" if where else name)


def icons_problems(
    icons: dict[str, Any], services: dict[str, Any], strings: dict[str, Any]
) -> list[str]:
    """icons.json's schema; its entities and actions are ours; every action has one."""
    found = problems(ICONS_SCHEMA, icons)
    entities = strings.get("entity") or {}
    for domain, keys in (icons.get("entity") or {}).items():
        for name in keys:
            if name not in (entities.get(domain) or {}):
                found.append(f"entity.{domain}.{name}: an icon for no entity")
    for name in set(icons.get("services") or {}) - set(services):
        found.append(f"services.{name}: an icon for no action")
    for name in set(services) - set(icons.get("services") or {}):
        found.append(f"services.{name}: the action has no icon")
    known = mdi_names()
    for where, value in _icons(icons):
        if known is not None and value.startswith("mdi:") and value[4:] not in known:
            found.append(f"{where}: no icon {value} in Material Design Icons")
    return found
