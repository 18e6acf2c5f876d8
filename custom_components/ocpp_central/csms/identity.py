"""The charger's identity: the last segment of the websocket URL path."""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

MAX_IDENTITY_LENGTH = 48


class InvalidIdentity(ValueError):
    """The URL path does not end in an identity we accept."""


def identity_from_path(path: str) -> str:
    """Return the percent-decoded last path segment, or raise `InvalidIdentity`.

    Any prefix is allowed (`/ocpp/CP1`, `/CP1`). After decoding, the identity
    must be 1-48 characters without control or invisible characters, `/`,
    `..` or `:` (which HTTP Basic cannot carry in a username), and must not
    start or end with a space, so ` CP1` can never pass for `CP1`.
    """
    raw_path = urlsplit(path).path
    segment = raw_path.rsplit("/", 1)[-1]
    try:
        identity = unquote(segment, errors="strict")
    except UnicodeDecodeError as err:
        raise InvalidIdentity("the identity is not valid UTF-8") from err
    if not identity:
        raise InvalidIdentity("the URL path has no charger identity")
    if len(identity) > MAX_IDENTITY_LENGTH:
        raise InvalidIdentity(
            f"the identity is longer than {MAX_IDENTITY_LENGTH} characters"
        )
    if any(ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 for char in identity):
        raise InvalidIdentity("the identity contains control characters")
    if "/" in identity or ".." in identity:
        raise InvalidIdentity("the identity contains '/' or '..'")
    if ":" in identity:
        raise InvalidIdentity("the identity contains ':'")
    if identity != identity.strip():
        raise InvalidIdentity("the identity starts or ends with a space")
    if any(_invisible(char) for char in identity):
        raise InvalidIdentity("the identity contains invisible characters")
    return identity


def _invisible(char: str) -> bool:
    # Format characters (zero-width space, joiners, direction marks) and any
    # space other than the plain one make look-alikes of a real identity.
    category = unicodedata.category(char)
    return category == "Cf" or (category.startswith("Z") and char != " ")
