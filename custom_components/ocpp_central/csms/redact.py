"""Masking of secrets in frames, logs and diagnostics.

Redaction never raises: whatever shape a payload has, a command is never
stopped by the code that only wants to log it.
"""

from __future__ import annotations

import json
import re
from typing import Any

MASK = "**REDACTED**"
SECRET_CONFIGURATION_KEYS = frozenset({"AuthorizationKey", "BasicAuthPassword"})
SECRET_FIELDS = frozenset(
    {
        "password",
        "authorizationKey",
        "idTag",
        "id_tag",
        "stop_id_tag",
        "parentIdTag",
        "idToken",
        "groupIdToken",
        "tag_id",
        "privateKey",
        "private_key",
    }
)
# user:password@ inside a URL (ftp://user:pw@host/, https://user:pw@host/)
_URL_CREDENTIALS = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/\s@]*@")


def redact_url(text: str) -> str:
    """A URL with its user and password masked."""
    return _URL_CREDENTIALS.sub(lambda m: f"{m.group('scheme')}{MASK}@", text)


def redact(data: Any) -> Any:
    """Return a copy with passwords, keys, id tags and URL credentials masked."""
    if isinstance(data, dict):
        masked = {
            key: MASK if key in SECRET_FIELDS else redact(value)
            for key, value in data.items()
        }
        # A configuration key / device-model variable that holds a secret.
        named = data.get("key", data.get("variable"))
        if isinstance(named, dict):
            named = named.get("name")
        if isinstance(named, str) and named in SECRET_CONFIGURATION_KEYS:
            for field in ("value", "attributeValue"):
                if field in data:
                    masked[field] = MASK
        return masked
    if isinstance(data, list):
        return [redact(item) for item in data]
    if isinstance(data, str) and "@" in data:
        return redact_url(data)
    return data


def redact_frame(text: str | bytes) -> str:
    """Mask a raw frame for logging; frames that are not JSON are shortened."""
    # What `json.loads` returns, `redact` walks and `json.dumps` writes back;
    # the only failures are bad JSON or bad UTF-8 (ValueError) and nesting
    # deeper than the interpreter's recursion limit.
    try:
        return json.dumps(redact(json.loads(text)), separators=(",", ":"))
    except (ValueError, RecursionError):
        shown = text if isinstance(text, str) else repr(text)
        shown = redact_url(shown)
        return shown[:200] + ("..." if len(shown) > 200 else "")
