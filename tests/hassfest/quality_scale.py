"""quality_scale.yaml: every rule of the Integration Quality Scale, with a status.

hassfest checks this file only for core integrations, and lets a rule be left
out; we list every rule, and say why where one is exempt or still to do.
The rules are those of hassfest's `quality_scale.py` and the developer docs'
rule list (52 rules), grouped by tier.
"""

from __future__ import annotations

from typing import Any

import voluptuous as vol

from .validators import problems

RULES: dict[str, tuple[str, ...]] = {
    "bronze": (
        "action-setup",
        "appropriate-polling",
        "brands",
        "common-modules",
        "config-flow",
        "config-flow-test-coverage",
        "dependency-transparency",
        "docs-actions",
        "docs-high-level-description",
        "docs-installation-instructions",
        "docs-removal-instructions",
        "entity-event-setup",
        "entity-unique-id",
        "has-entity-name",
        "runtime-data",
        "test-before-configure",
        "test-before-setup",
        "unique-config-entry",
    ),
    "silver": (
        "action-exceptions",
        "config-entry-unloading",
        "docs-configuration-parameters",
        "docs-installation-parameters",
        "entity-unavailable",
        "integration-owner",
        "log-when-unavailable",
        "parallel-updates",
        "reauthentication-flow",
        "test-coverage",
    ),
    "gold": (
        "devices",
        "diagnostics",
        "discovery",
        "discovery-update-info",
        "docs-data-update",
        "docs-examples",
        "docs-known-limitations",
        "docs-supported-devices",
        "docs-supported-functions",
        "docs-troubleshooting",
        "docs-use-cases",
        "dynamic-devices",
        "entity-category",
        "entity-device-class",
        "entity-disabled-by-default",
        "entity-translations",
        "exception-translations",
        "icon-translations",
        "reconfiguration-flow",
        "repair-issues",
        "stale-devices",
    ),
    "platinum": ("async-dependency", "inject-websession", "strict-typing"),
}
ALL_RULES = [rule for tier in RULES.values() for rule in tier]

_COMMENT = vol.All(str, vol.Length(min=10))
SCHEMA = vol.Schema(
    {
        vol.Required("rules"): {
            vol.Required(rule): vol.Any(
                "done",
                {vol.Required("status"): "done", vol.Optional("comment"): str},
                # Not done: say why, so the next reader need not find out again.
                {
                    vol.Required("status"): vol.In(["todo", "exempt"]),
                    vol.Required("comment"): _COMMENT,
                },
            )
            for rule in ALL_RULES
        }
    }
)


def status(entry: Any) -> str:
    """A rule's status, written short (`done`) or long (`status: done`)."""
    return str(entry["status"] if isinstance(entry, dict) else entry)


def quality_scale_problems(data: dict[str, Any]) -> list[str]:
    """Every rule there, known, with a valid status and a reason unless done."""
    return problems(SCHEMA, data)


def reached(data: dict[str, Any]) -> str | None:
    """The highest tier whose rules (and those below) are all done or exempt."""
    tier_reached = None
    for tier, rules in RULES.items():
        if any(status(data["rules"][rule]) == "todo" for rule in rules):
            break
        tier_reached = tier
    return tier_reached
