"""The local authorization list chargers keep for offline use.

The list has a version; a change makes a new version. A charger one version
behind gets the difference, any other charger the full list.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from .authorization import Tag

_LOGGER = logging.getLogger(__name__)

type Entries = dict[str, dict[str, str | None]]  # id tag -> status and expiry


def entries_for(tags: dict[str, Tag]) -> Entries:
    """The list as chargers should hold it."""
    return {
        tag.id: {
            "status": "Blocked" if tag.blocked else "Accepted",
            "expiry": tag.expiry.isoformat() if tag.expiry else None,
        }
        for tag in tags.values()
    }


@dataclass(slots=True, frozen=True)
class Update:
    """What to send a charger: a full list or the changes since its version."""

    version: int
    full: bool
    # (id tag, info); info None removes the tag (differential updates only).
    entries: list[tuple[str, dict[str, str | None] | None]]
    removes_or_blocks: bool


@dataclass
class LocalList:
    """The current list, its version and the list one version before."""

    version: int = 0
    entries: Entries = field(default_factory=dict)
    previous: Entries | None = None

    def update(self, tags: dict[str, Tag]) -> bool:
        """Take the tag list; True when it made a new version."""
        new = entries_for(tags)
        if new == self.entries and self.version > 0:
            return False
        self.previous = self.entries if self.version > 0 else None
        self.entries = new
        self.version += 1
        return True

    def update_for(self, charger_version: int) -> Update | None:
        """What a charger holding `charger_version` needs; None when up to date."""
        if charger_version == self.version:
            return None
        if self.previous is not None and charger_version == self.version - 1:
            changes: list[tuple[str, dict[str, str | None] | None]] = [
                (tag, info)
                for tag, info in self.entries.items()
                if self.previous.get(tag) != info
            ]
            removed = [tag for tag in self.previous if tag not in self.entries]
            changes += [(tag, None) for tag in removed]
            blocked = any(info and info["status"] != "Accepted" for _, info in changes)
            return Update(self.version, False, changes, bool(removed) or blocked)
        return Update(self.version, True, list(self.entries.items()), True)

    def records(self) -> dict[str, Any]:
        """What survives a restart."""
        return {
            "version": self.version,
            "entries": self.entries,
            "previous": self.previous,
        }

    def load(self, data: dict[str, Any]) -> None:
        """Restore from `records()`."""
        self.version = int(data.get("version", 0))
        self.entries = data.get("entries", {})
        self.previous = data.get("previous")


async def sync(
    local_list: LocalList,
    identity: str,
    full: bool,
    version: Callable[[], Awaitable[int]],
    send: Callable[[Update], Awaitable[str]],
    clear_cache: Callable[[], Awaitable[object]],
) -> str:
    """Bring a charger's local list up to date, in whichever OCPP version.

    Differential when the charger holds the version before ours, else (or
    when `full`, or after a VersionMismatch) the whole list; the cache is
    cleared when a tag was removed or blocked. Returns the charger's status
    (`Accepted` when nothing was needed).
    """
    update = local_list.update_for(-1 if full else await version())
    if update is None:
        return "Accepted"
    status = await send(update)
    if status == "VersionMismatch" and not update.full:
        update = local_list.update_for(-1)
        assert update is not None
        status = await send(update)
    if status != "Accepted":
        _LOGGER.info(
            "%s: SendLocalList version %s was %s", identity, update.version, status
        )
    if update.removes_or_blocks:
        await clear_cache()
    return status
