"""Fail a test whose run shows the user a text our translations do not have.

Home Assistant shows the raw key (or nothing) when a translation is missing,
and no test notices. While a test runs, this fixture checks, against
`translations/en.json`:

- every error we raise with our translation domain: its message, and the
  placeholders the message uses;
- every repair issue we create: its title, its description (or fix flow),
  and their placeholders;
- every form and abort of our config, options and repair flows: the step,
  its fields, its errors, the abort reason;
- every entity we register: its name, and for sensors with fixed options a
  text for each state.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import voluptuous as vol
from homeassistant import config_entries, data_entry_flow
from homeassistant.components.repairs import RepairsFlow
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir

from custom_components.ocpp_central.const import DOMAIN

EN_JSON = (
    Path(__file__).parents[2]
    / "custom_components"
    / DOMAIN
    / "translations"
    / "en.json"
)
_PLACEHOLDER = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")


def _text(strings: Mapping[str, Any], *path: str) -> Any:
    node: Any = strings
    for part in path:
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


class _Checker:
    def __init__(self) -> None:
        self.strings: dict[str, Any] = json.loads(EN_JSON.read_text("utf-8"))
        self.problems: list[str] = []

    def need(
        self, path: tuple[str, ...], placeholders: Mapping[str, Any] | None = None
    ) -> None:
        text = _text(self.strings, *path)
        where = ".".join(path)
        if not isinstance(text, str):
            self.problems.append(f"no translation at {where}")
            return
        if placeholders is not None:
            missing = set(_PLACEHOLDER.findall(text)) - set(placeholders)
            if missing:
                self.problems.append(f"{where} needs placeholders {sorted(missing)}")

    def error(self, key: str, placeholders: Mapping[str, Any] | None) -> None:
        self.need(("exceptions", key, "message"), placeholders or {})

    def issue(self, key: str, fixable: bool, placeholders: Mapping[str, Any]) -> None:
        self.need(("issues", key, "title"), placeholders)
        if fixable:
            if _text(self.strings, "issues", key, "fix_flow") is None:
                self.problems.append(f"no translation at issues.{key}.fix_flow")
        else:
            self.need(("issues", key, "description"), placeholders)

    def form(
        self, flow: data_entry_flow.FlowHandler, result: Mapping[str, Any]
    ) -> None:
        for prefix in self._prefixes(flow):
            step = _text(self.strings, *prefix, "step", result["step_id"])
            if step is not None:
                break
        else:
            self.problems.append(f"no translation for step {result['step_id']}")
            return
        schema = result.get("data_schema")
        if isinstance(schema, vol.Schema):
            for key, value in schema.schema.items():
                if isinstance(value, data_entry_flow.section):
                    continue  # sections carry their own texts
                name = str(key.schema if isinstance(key, vol.Marker) else key)
                if _text(step, "data", name) is None:
                    self.problems.append(f"step {result['step_id']}: no label {name}")
        for error in (result.get("errors") or {}).values():
            if all(
                _text(self.strings, *p, "error", error) is None
                for p in self._prefixes(flow)
            ):
                self.problems.append(f"no translation for error {error}")

    def abort(self, flow: data_entry_flow.FlowHandler, reason: str) -> None:
        if all(
            _text(self.strings, *p, "abort", reason) is None
            for p in self._prefixes(flow)
        ):
            self.problems.append(f"no translation for abort reason {reason}")

    def _prefixes(self, flow: data_entry_flow.FlowHandler) -> list[tuple[str, ...]]:
        if isinstance(flow, config_entries.OptionsFlow):
            return [("options",)]
        if isinstance(flow, RepairsFlow):
            issues = self.strings.get("issues", {})
            return [("issues", key, "fix_flow") for key in issues]
        return [("config",)]

    def entity(
        self, domain: str, key: str, capabilities: Mapping[str, Any] | None
    ) -> None:
        path = ("entity", domain, key)
        self.need((*path, "name"))
        for option in (capabilities or {}).get("options") or ():
            self.need((*path, "state", str(option)))


def _ours(flow: data_entry_flow.FlowHandler) -> bool:
    if isinstance(flow, config_entries.OptionsFlow):
        return flow.config_entry.domain == DOMAIN
    if isinstance(flow, RepairsFlow):
        return type(flow).__module__.startswith(f"custom_components.{DOMAIN}")
    return flow.handler == DOMAIN


@pytest.fixture(autouse=True)
def _translations_checked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    checker = _Checker()
    error_init = HomeAssistantError.__init__

    def init(self: HomeAssistantError, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("translation_domain") == DOMAIN and kwargs.get("translation_key"):
            checker.error(
                kwargs["translation_key"], kwargs.get("translation_placeholders")
            )
        error_init(self, *args, **kwargs)

    create_issue = ir.async_create_issue

    def issue(hass: HomeAssistant, domain: str, issue_id: str, **kwargs: Any) -> None:
        if domain == DOMAIN:
            checker.issue(
                kwargs["translation_key"],
                kwargs.get("is_fixable", False),
                kwargs.get("translation_placeholders") or {},
            )
        create_issue(hass, domain, issue_id, **kwargs)

    show_form = data_entry_flow.FlowHandler.async_show_form
    abort = data_entry_flow.FlowHandler.async_abort

    def form(self: data_entry_flow.FlowHandler, **kwargs: Any) -> Any:
        result = show_form(self, **kwargs)
        if _ours(self):
            checker.form(self, result)
        return result

    def aborted(self: data_entry_flow.FlowHandler, **kwargs: Any) -> Any:
        if _ours(self):
            checker.abort(self, kwargs["reason"])
        return abort(self, **kwargs)

    get_or_create = er.EntityRegistry.async_get_or_create

    def registered(
        self: er.EntityRegistry, domain: str, platform: str, *args: Any, **kwargs: Any
    ) -> er.RegistryEntry:
        entry = get_or_create(self, domain, platform, *args, **kwargs)
        if platform == DOMAIN and entry.translation_key is not None:
            checker.entity(domain, entry.translation_key, entry.capabilities)
        return entry

    monkeypatch.setattr(er.EntityRegistry, "async_get_or_create", registered)
    monkeypatch.setattr(HomeAssistantError, "__init__", init)
    monkeypatch.setattr(ir, "async_create_issue", issue)
    monkeypatch.setattr(data_entry_flow.FlowHandler, "async_show_form", form)
    monkeypatch.setattr(data_entry_flow.FlowHandler, "async_abort", aborted)
    yield
    if checker.problems:
        pytest.fail(
            "Missing translations:\n" + "\n".join(sorted(set(checker.problems)))
        )
