"""The validators hassfest builds its file checks from, rewritten for our tests.

Written from reading hassfest (`script/hassfest/manifest.py`, `translations.py`,
`services.py`, `icons.py`, `quality_scale.py` in home-assistant/core) and the
HACS action's manifest checks, keeping what applies to a custom integration,
plus what Home Assistant would show blank (an action or field without a name
or description in `translations/en.json`) and what we promise on top (every
quality-scale rule listed, a reason for each one not done).

Each check (in the sibling modules) takes the parsed file and returns the
problems as readable lines, so a test can assert both that our files pass and
that a broken copy fails.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlparse

import voluptuous as vol
from awesomeversion import (
    AwesomeVersion,
    AwesomeVersionException,
    AwesomeVersionStrategy,
)
from homeassistant.helpers import config_validation as cv

# Lower case letters, digits, `-` and `_`; no separator first, last or doubled.
_KEY = re.compile(r"^(?![_-])(?!.*[_-]{2})[a-z0-9_-]+(?<![_-])$")
_HTML = re.compile(r"<[a-z].*?>", re.IGNORECASE)
_QUOTED_PLACEHOLDER = re.compile(r"'\{\w+\}'")
_COMBINED_REFERENCE = re.compile(r"(.+\[%)|(%\].+)")
_URL = re.compile(
    r"((ftp|ftps|scp|http|https|mqtt|mqtts|socket|socks5)://|www\.)"
    r"[a-z0-9]+([-.][a-z0-9]+)*\.[a-z]{2,5}",
    re.IGNORECASE,
)


def key(value: Any) -> str:
    """A translation key: `[a-z0-9-_]+`, no separator at either end or twice."""
    if not isinstance(value, str) or not _KEY.match(value):
        raise vol.Invalid(f"key {value!r} must be lower case [a-z0-9-_]")
    return value


def slug(value: Any) -> str:
    """A slug as Home Assistant makes them (`cv.slug`)."""
    return str(cv.slug(value))


def text(value: Any, *, placeholders: bool = True) -> str:
    """A text hassfest accepts: no HTML, URL, stray spaces or odd placeholders."""
    if not isinstance(value, str):
        raise vol.Invalid("expected a text")
    if _HTML.search(value):
        raise vol.Invalid("contains HTML (a `<...>` is read as a tag)")
    if _QUOTED_PLACEHOLDER.search(value):
        raise vol.Invalid("a placeholder inside single quotes")
    if "[%key:" in value:
        raise vol.Invalid("a [%key:...%] reference: custom integrations get none")
    if _COMBINED_REFERENCE.search(value):
        raise vol.Invalid("a reference combined with other text")
    if value != value.strip():
        raise vol.Invalid("leading or trailing spaces")
    if _URL.search(value):
        raise vol.Invalid("a URL: pass it as a description placeholder")
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(value) if name]
    except ValueError as err:
        raise vol.Invalid(f"unbalanced braces: {err}") from err
    for name in fields:
        if not placeholders:
            raise vol.Invalid(f"a placeholder {{{name}}} where none is allowed")
        if not name.isidentifier():
            raise vol.Invalid(f"placeholder {{{name}}} is not an identifier")
    return value


def plain_text(value: Any) -> str:
    """A text without placeholders (entity states, attribute names)."""
    return text(value, placeholders=False)


def each(
    key_validator: Callable[[Any], Any], value_schema: Any
) -> Callable[[Any], dict[str, Any]]:
    """A mapping whose every key and value are checked, errors kept apart."""
    values = vol.Schema(value_schema)

    def validate(data: Any) -> dict[str, Any]:
        if not isinstance(data, Mapping):
            raise vol.Invalid("expected a mapping")
        errors: list[vol.Invalid] = []
        for name, value in data.items():
            try:
                key_validator(name)
            except vol.Invalid as err:
                errors.append(vol.Invalid(err.msg, path=[name]))
            try:
                values(value)
            except vol.MultipleInvalid as err:
                errors.extend(
                    vol.Invalid(e.msg, path=[name, *e.path]) for e in err.errors
                )
            except vol.Invalid as err:
                errors.append(vol.Invalid(err.msg, path=[name, *err.path]))
        if errors:
            raise vol.MultipleInvalid(errors)
        return dict(data)

    return validate


def problems(schema: Callable[[Any], Any], data: Any) -> list[str]:
    try:
        schema(data)
    except vol.MultipleInvalid as err:
        return sorted({_line(e) for e in err.errors})
    except vol.Invalid as err:
        return [_line(err)]
    return []


def _line(err: vol.Invalid) -> str:
    where = ".".join(str(part) for part in err.path)
    return f"{where}: {err.msg}" if where else str(err.msg)


def version(value: Any) -> str:
    try:
        AwesomeVersion(
            value,
            ensure_strategy=[
                AwesomeVersionStrategy.CALVER,
                AwesomeVersionStrategy.SEMVER,
                AwesomeVersionStrategy.SIMPLEVER,
                AwesomeVersionStrategy.BUILDVER,
                AwesomeVersionStrategy.PEP440,
            ],
        )
    except AwesomeVersionException as err:
        raise vol.Invalid(f"{value!r} is not a version") from err
    return str(value)


def https_url(value: Any) -> str:
    url = vol.Url()(value)
    if urlparse(url).scheme != "https":
        raise vol.Invalid("must be an https URL")
    return str(url)
