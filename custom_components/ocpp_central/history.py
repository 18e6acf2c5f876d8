"""The last sessions of every charger, kept across restarts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from .const import DOMAIN, STORAGE_VERSION

SESSIONS_KEPT = 1000
SAVE_DELAY = 10


class SessionHistory:
    """Finished sessions per charger identity, newest last."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        self._store: Store[dict[str, list[dict[str, Any]]]] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}.sessions"
        )
        self._sessions: dict[str, list[dict[str, Any]]] = {}

    async def async_load(self) -> None:
        """Read the saved sessions."""
        self._sessions = await self._store.async_load() or {}

    async def async_save(self) -> None:
        """Write now (at shutdown)."""
        await self._store.async_save(self._sessions)

    def add(self, identity: str, record: dict[str, Any]) -> None:
        """Keep a finished session; the oldest beyond the limit are dropped."""
        sessions = self._sessions.setdefault(identity, [])
        if any(s["transaction_id"] == record["transaction_id"] for s in sessions[-5:]):
            return
        sessions.append(record)
        del sessions[:-SESSIONS_KEPT]
        self._store.async_delay_save(lambda: self._sessions, SAVE_DELAY)

    def query(
        self, identity: str, since: datetime | None, until: datetime | None
    ) -> list[dict[str, Any]]:
        """Sessions that started in [since, until)."""
        found = []
        for record in self._sessions.get(identity, []):
            started = datetime.fromisoformat(record["start"])
            if since is not None and started < since:
                continue
            if until is not None and started >= until:
                continue
            found.append(record)
        return found

    def forget(self, identity: str) -> None:
        """Drop a charger's sessions (when it is deleted)."""
        if self._sessions.pop(identity, None) is not None:
            self._store.async_delay_save(lambda: self._sessions, SAVE_DELAY)
