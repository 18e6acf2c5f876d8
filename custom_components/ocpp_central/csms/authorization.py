"""Who may charge: the tag list and the policy for tags not on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class TagPolicy(StrEnum):
    """What happens to a tag that is not in the list."""

    ANY = "any"  # every tag may charge
    LISTED = "listed"  # only listed tags may charge


class AuthStatus(StrEnum):
    """The answer for a presented tag (OCPP AuthorizationStatus)."""

    ACCEPTED = "Accepted"
    BLOCKED = "Blocked"
    EXPIRED = "Expired"
    INVALID = "Invalid"


@dataclass(slots=True, frozen=True)
class Tag:
    """An RFID tag (or any id token) known to the central system."""

    id: str
    name: str = ""
    expiry: datetime | None = None
    blocked: bool = False


def authorize(
    tags: dict[str, Tag], policy: TagPolicy, id_tag: str, now: datetime
) -> tuple[AuthStatus, Tag | None]:
    """Decide on a presented tag. Tag ids compare case-insensitively (CiString)."""
    tag = tags.get(id_tag.casefold())
    if tag is None:
        status = AuthStatus.ACCEPTED if policy is TagPolicy.ANY else AuthStatus.INVALID
        return status, None
    if tag.blocked:
        return AuthStatus.BLOCKED, tag
    if tag.expiry is not None and tag.expiry <= now:
        return AuthStatus.EXPIRED, tag
    return AuthStatus.ACCEPTED, tag
