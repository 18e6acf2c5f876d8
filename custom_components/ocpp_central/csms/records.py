"""Saving and restoring what the central system knows across restarts.

The host stores `records()` (accepted chargers with their open sessions,
the transaction book, the local list) and hands them back to `load`. A
charger's record is rebuilt only when it changed: a save with a thousand
chargers must not rebuild a thousand records. Urgent changes (transaction
ids, sessions) are counted, so the answer to the message that made them
can wait until they are written (`saved`).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

from .local_list import LocalList
from .model import Charger
from .transactions import TransactionBook

_LOGGER = logging.getLogger(__name__)

RECORDS_PER_BATCH = 50  # charger records rebuilt between two event-loop turns


class Store(Protocol):
    """Where the records are written (the host)."""

    def persist(self, urgent: bool = False) -> None:
        """Save `records()`: at once when urgent, else soon."""

    async def save(self) -> None:
        """Save `records()` now; return once it is written."""


class ChargerRecords:
    """The saved form of the chargers, and which saves are written."""

    def __init__(
        self,
        chargers: dict[str, Charger],
        book: TransactionBook,
        local_list: LocalList,
        store: Store,
    ) -> None:
        self._chargers = chargers
        self._book = book
        self._local_list = local_list
        self._store = store
        # Saves asked for (urgent changes) and saves written, counted.
        self._saves_wanted = 0
        self._saves_done = 0
        self._saving: asyncio.Task[None] | None = None
        # Each accepted charger's record, rebuilt only when it changed.
        self._records: dict[str, dict[str, Any]] = {}
        self._changed: set[str] = set()

    def load(self, data: dict[str, Any]) -> None:
        """Restore accepted chargers, open transactions and the local list."""
        book = self._book
        book.load(data.get("transactions", {}))
        for record in data.get("chargers", []):
            charger = Charger.from_record(record)
            self._chargers[charger.identity] = charger
            self._changed.add(charger.identity)
            for transaction in charger.open_transactions():
                book.open[transaction.key] = transaction
        self._local_list.load(data.get("local_list", {}))
        for transaction in book.open.values():  # records from before 2026.11
            owner = self._chargers.get(transaction.identity)
            if owner is not None:
                owner.connector(transaction.connector).transaction = transaction

    def records(self) -> dict[str, Any]:
        """Accepted chargers and transaction state, JSON-friendly."""
        self._rebuild(list(self._changed))
        return self._assembled()

    async def snapshot(self) -> dict[str, Any]:
        """`records()`, rebuilding changed chargers a batch at a time.

        With a thousand chargers metering, all of them change between two
        regular saves; rebuilding them in one go would stall the event loop.
        """
        changed = list(self._changed)
        for start in range(0, len(changed), RECORDS_PER_BATCH):
            if start:
                await asyncio.sleep(0)
            self._rebuild(changed[start : start + RECORDS_PER_BATCH])
        return self.records()

    def _rebuild(self, identities: list[str]) -> None:
        for identity in identities:
            self._changed.discard(identity)
            charger = self._chargers.get(identity)
            if charger is not None and charger.accepted:
                self._records[identity] = charger.to_record()
            else:
                self._records.pop(identity, None)

    def _assembled(self) -> dict[str, Any]:
        return {
            "chargers": list(self._records.values()),
            "transactions": self._book.records(),
            "local_list": self._local_list.records(),
        }

    def changed(self, identity: str) -> None:
        """A charger's record must be rebuilt (or dropped) at the next save."""
        self._changed.add(identity)

    def persist(self, urgent: bool = False, charger: str | None = None) -> None:
        """Ask the host to save the records; `charger`: whose record changed.

        Urgent changes (transaction ids, sessions) are written before the
        answer to the message that made them goes out, see `saved`.
        """
        if charger is not None:
            self._changed.add(charger)
        if urgent:
            self._saves_wanted += 1
        self._store.persist(urgent)

    @property
    def saves_wanted(self) -> int:
        """How many urgent saves were asked for so far."""
        return self._saves_wanted

    async def saved(self) -> None:
        """Return once every urgent change so far is written."""
        target = self._saves_wanted
        while self._saves_done < target:
            if self._saving is None:
                self._saving = asyncio.create_task(self._save_round())
            await asyncio.shield(self._saving)

    async def _save_round(self) -> None:
        covers = self._saves_wanted
        try:
            await self._store.save()
        except Exception:
            _LOGGER.exception("Saving the chargers' state failed")
        finally:
            self._saves_done = max(self._saves_done, covers)
            self._saving = None
