"""Per-charger smart-charging workarounds, as stored in the entry's options."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .csms import Quirks

CONF_QUIRKS = "quirks"
QUIRK_FIELDS = (
    "stack_level",
    "relative_profile",
    "rate_unit",
    "omit_phases",
    "pause_by_stop",
    "phase_switching",
)


def quirks_from_options(options: Mapping[str, Any]) -> dict[str, Quirks]:
    """Quirks by charger identity."""
    return {
        identity: Quirks(**{k: v for k, v in stored.items() if k in QUIRK_FIELDS})
        for identity, stored in options.get(CONF_QUIRKS, {}).items()
    }


def with_quirks(
    options: Mapping[str, Any], identity: str, quirks: Quirks
) -> dict[str, Any]:
    """Options with one charger's quirks replaced (removed when all default)."""
    stored = dict(options.get(CONF_QUIRKS, {}))
    if quirks == Quirks():
        stored.pop(identity, None)
    else:
        stored[identity] = quirks.as_dict()
    return {**options, CONF_QUIRKS: stored}
