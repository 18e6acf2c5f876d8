"""Masking of secrets in frames, logs and diagnostics."""

from __future__ import annotations

import json
from typing import Any

MASK = "**REDACTED**"
SECRET_CONFIGURATION_KEYS = frozenset({"AuthorizationKey"})
SECRET_FIELDS = frozenset({"password", "authorizationKey", "idTag", "id_tag"})


def redact(data: Any) -> Any:
    """Return a copy with passwords, authorization keys and id tags masked."""
    if isinstance(data, dict):
        masked = {
            key: MASK if key in SECRET_FIELDS else redact(value)
            for key, value in data.items()
        }
        if data.get("key") in SECRET_CONFIGURATION_KEYS and "value" in data:
            masked["value"] = MASK
        return masked
    if isinstance(data, list):
        return [redact(item) for item in data]
    return data


def redact_frame(text: str | bytes) -> str:
    """Mask a raw frame for logging; frames that are not JSON are shortened."""
    try:
        return json.dumps(redact(json.loads(text)), separators=(",", ":"))
    except (ValueError, RecursionError):
        shown = text if isinstance(text, str) else repr(text)
        return shown[:200] + ("..." if len(shown) > 200 else "")
