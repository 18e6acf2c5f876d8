"""Transaction bookkeeping: ids that are never reused, each session counted once.

Pure logic with no I/O: the central system persists `records()` through its
host and feeds back what it loaded.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .timeutil import parse_timestamp, utc_now

_LOGGER = logging.getLogger(__name__)

# Ids are handed out from blocks; the end of the current block is saved
# before an id from it is used, so a crash can skip ids but never reuse one.
ID_BLOCK = 100
RECENTLY_STOPPED = 50
ORPHANS_KEPT = 50
MAX_CLOCK_SKEW = timedelta(minutes=10)
OLDEST_PLAUSIBLE = datetime(2010, 1, 1).astimezone()


def plausible_time(identity: str, stamp: datetime | None, now: datetime) -> datetime:
    """The charger's timestamp, clamped to now when it is absurd."""
    if stamp is None:
        return now
    if stamp > now + MAX_CLOCK_SKEW or stamp < OLDEST_PLAUSIBLE:
        _LOGGER.warning(
            "%s: timestamp %s is implausible; using the arrival time",
            identity,
            stamp.isoformat(),
        )
        return now
    return stamp


type TransactionId = int | str  # ours (1.6) or the charger's own (2.0.1)
type TransactionKey = tuple[str, TransactionId]  # (identity, id): unique


@dataclass(slots=True)
class Transaction:
    """One charging session."""

    id: TransactionId
    identity: str
    connector: int
    id_tag: str  # "" until a tag is known (2.0.1 may start before one)
    meter_start_wh: float | None  # None until the first register is read
    started: datetime
    meter_last_wh: float
    reservation_id: int | None = None
    peak_power_w: float = 0.0
    stopped: datetime | None = None
    meter_stop_wh: float | None = None
    stop_reason: str | None = None
    stop_id_tag: str | None = None
    # What was odd about the session, for the record (e.g. a stop value
    # below the start value); the energy never counts such values backwards.
    flags: list[str] = field(default_factory=list)
    # Message sequence numbers seen (2.0.1), as [first, last] runs.
    seen: list[list[int]] = field(default_factory=list)
    # What the energy cost so far at the prices of the moment (None: no price).
    cost: float | None = None

    @property
    def key(self) -> TransactionKey:
        """What identifies the transaction: its charger and its id."""
        return (self.identity, self.id)

    @property
    def energy_wh(self) -> float:
        """Energy delivered so far (or in total, once stopped); never dips.

        The highest register seen counts: a whole-Wh stop value after a
        fractional sample does not take back the fraction.
        """
        if self.meter_start_wh is None:
            return 0.0
        return max(0.0, self.meter_last_wh - self.meter_start_wh)

    def advance(self, register_wh: float, price: float | None) -> None:
        """A higher register: the energy grows, priced at this moment's price."""
        if register_wh <= self.meter_last_wh:
            return
        added = register_wh - self.meter_last_wh
        self.meter_last_wh = register_wh
        if price is not None and self.meter_start_wh is not None:
            self.cost = (self.cost or 0.0) + added / 1000.0 * price

    def __contains__(self, number: int) -> bool:
        """Whether a message sequence number was seen."""
        return any(run[0] <= number <= run[1] for run in self.seen)

    def saw(self, number: int) -> bool:
        """Note a message sequence number; False when it was seen before."""
        if number in self:
            return False
        for run in self.seen:
            if number == run[1] + 1:
                run[1] = number
                break
            if number == run[0] - 1:
                run[0] = number
                break
        else:
            self.seen.append([number, number])
            self.seen.sort()
        self._merge_runs()
        return True

    def _merge_runs(self) -> None:
        merged: list[list[int]] = []
        for run in self.seen:
            if merged and run[0] <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], run[1])
            else:
                merged.append(run)
        self.seen = merged

    @property
    def missing(self) -> list[int]:
        """Sequence numbers between the first and last seen that never came."""
        gaps: list[int] = []
        for before, after in zip(self.seen, self.seen[1:], strict=False):
            gaps.extend(range(before[1] + 1, after[0]))
        return gaps

    def duration(self, now: datetime | None = None) -> timedelta:
        """How long the session ran (or has run so far)."""
        end = self.stopped or now or utc_now()
        return max(timedelta(0), end - self.started)

    def to_record(self) -> dict[str, Any]:
        """Return a JSON-friendly form."""
        return {
            "id": self.id,
            "identity": self.identity,
            "connector": self.connector,
            "id_tag": self.id_tag,
            "meter_start_wh": self.meter_start_wh,
            "started": self.started.isoformat(),
            "meter_last_wh": self.meter_last_wh,
            "reservation_id": self.reservation_id,
            "peak_power_w": self.peak_power_w,
            "stopped": self.stopped.isoformat() if self.stopped else None,
            "meter_stop_wh": self.meter_stop_wh,
            "stop_reason": self.stop_reason,
            "stop_id_tag": self.stop_id_tag,
            "flags": list(self.flags),
            "seen": [list(run) for run in self.seen],
            "cost": self.cost,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Transaction:
        """Rebuild from `to_record` output."""
        started = parse_timestamp(record["started"])
        assert started is not None
        start = record.get("meter_start_wh")
        return cls(
            id=record["id"],
            identity=record["identity"],
            connector=int(record["connector"]),
            id_tag=record["id_tag"],
            meter_start_wh=float(start) if start is not None else None,
            started=started,
            meter_last_wh=float(record["meter_last_wh"]),
            reservation_id=record.get("reservation_id"),
            peak_power_w=float(record.get("peak_power_w") or 0.0),
            stopped=parse_timestamp(record.get("stopped")),
            meter_stop_wh=record.get("meter_stop_wh"),
            stop_reason=record.get("stop_reason"),
            stop_id_tag=record.get("stop_id_tag"),
            flags=list(record.get("flags", [])),
            seen=[list(run) for run in record.get("seen", [])],
            cost=record.get("cost"),
        )


@dataclass(slots=True)
class Orphan:
    """A message about a transaction we do not know (kept for diagnostics)."""

    identity: str
    action: str
    transaction_id: TransactionId | None
    received: datetime

    def to_record(self) -> dict[str, Any]:
        """Return a JSON-friendly form."""
        return {
            "identity": self.identity,
            "action": self.action,
            "transaction_id": self.transaction_id,
            "received": self.received.isoformat(),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Orphan:
        """Rebuild from `to_record` output."""
        return cls(
            record["identity"],
            record["action"],
            record.get("transaction_id"),
            parse_timestamp(record.get("received")) or utc_now(),
        )


@dataclass
class TransactionBook:
    """Open and recently stopped transactions of one central system."""

    next_id: int = 1
    reserved_until: int = 1
    open: dict[TransactionKey, Transaction] = field(default_factory=dict)
    recently_stopped: deque[Transaction] = field(
        default_factory=lambda: deque(maxlen=RECENTLY_STOPPED)
    )
    orphans: deque[Orphan] = field(default_factory=lambda: deque(maxlen=ORPHANS_KEPT))
    _logged_orphans: set[tuple[str, TransactionId | None]] = field(default_factory=set)

    def allocate_id(self) -> tuple[int, bool]:
        """Return a new id and whether the reservation must be saved first."""
        must_save = self.next_id >= self.reserved_until
        if must_save:
            self.reserved_until = self.next_id + ID_BLOCK
        transaction_id = self.next_id
        self.next_id += 1
        return transaction_id, must_save

    def find_duplicate_start(
        self,
        identity: str,
        connector: int,
        id_tag: str,
        meter_start: float,
        started: datetime,
    ) -> Transaction | None:
        """A transaction that this StartTransaction repeats (a lost answer).

        The repeat may come after the session stopped (a charger replaying
        its queue): the stopped transaction is found too, and not reopened.
        """
        for transaction in (*self.open.values(), *self.recently_stopped):
            if (
                transaction.identity == identity
                and transaction.connector == connector
                and transaction.id_tag == id_tag
                and transaction.meter_start_wh == meter_start
                and transaction.started == started
            ):
                return transaction
        return None

    def get(self, identity: str, transaction_id: TransactionId) -> Transaction | None:
        """The open transaction with this id on this charger."""
        return self.open.get((identity, transaction_id))

    def stopped(
        self, identity: str, transaction_id: TransactionId
    ) -> Transaction | None:
        """A recently stopped transaction with this id on this charger."""
        for transaction in reversed(self.recently_stopped):
            if transaction.key == (identity, transaction_id):
                return transaction
        return None

    def open_on(self, identity: str, connector: int) -> Transaction | None:
        """The open transaction on a connector, if any."""
        for transaction in self.open.values():
            if transaction.identity == identity and transaction.connector == connector:
                return transaction
        return None

    def add(self, transaction: Transaction) -> Transaction | None:
        """Open a transaction; returns one it supersedes on the same connector."""
        superseded = self.open_on(transaction.identity, transaction.connector)
        if superseded is not None:
            # The charger never sent a stop for it: close it at its last reading.
            del self.open[superseded.key]
            superseded.stopped = transaction.started
            superseded.meter_stop_wh = superseded.meter_last_wh
            superseded.stop_reason = "Superseded"
            self.recently_stopped.append(superseded)
        self.open[transaction.key] = transaction
        return superseded

    def stop(
        self,
        identity: str,
        transaction_id: TransactionId,
        meter_stop: float | None,
        stopped: datetime,
        reason: str | None,
        id_tag: str | None,
        price: float | None = None,
    ) -> Transaction | None:
        """Close a transaction; None when unknown or already stopped."""
        transaction = self.open.pop((identity, transaction_id), None)
        if transaction is None:
            return None
        transaction.stopped = max(stopped, transaction.started)
        transaction.meter_stop_wh = meter_stop
        if meter_stop is None:
            transaction.flags.append("meter_stop_invalid")
            _LOGGER.warning(
                "%s: transaction %s stopped with an unreadable meter value; "
                "its energy is taken from the last reading",
                transaction.identity,
                transaction_id,
            )
        elif (
            transaction.meter_start_wh is not None
            and meter_stop < transaction.meter_start_wh
        ):
            transaction.flags.append("meter_stop_below_start")
            _LOGGER.warning(
                "%s: transaction %s stopped at %s Wh, below its start at %s Wh; "
                "its energy is taken from the readings",
                transaction.identity,
                transaction_id,
                meter_stop,
                transaction.meter_start_wh,
            )
        else:
            transaction.advance(meter_stop, price)
        transaction.stop_reason = reason or "Local"
        transaction.stop_id_tag = id_tag
        self.recently_stopped.append(transaction)
        return transaction

    def was_stopped(self, identity: str, transaction_id: TransactionId) -> bool:
        """Whether the transaction was stopped recently (a repeated stop)."""
        return self.stopped(identity, transaction_id) is not None

    def note_orphan(
        self, identity: str, action: str, transaction_id: TransactionId | None
    ) -> None:
        """Keep a message about an unknown transaction; log it once."""
        self.orphans.append(Orphan(identity, action, transaction_id, utc_now()))
        key = (identity, transaction_id)
        if key not in self._logged_orphans:
            if len(self._logged_orphans) >= 10 * ORPHANS_KEPT:
                self._logged_orphans.clear()
            self._logged_orphans.add(key)
            _LOGGER.info(
                "%s: %s for transaction %s, which is not open; answered normally",
                identity,
                action,
                transaction_id,
            )

    def records(self) -> dict[str, Any]:
        """What survives a restart (repeats after it are still known as such)."""
        return {
            "next_id": self.next_id,
            "reserved_until": self.reserved_until,
            # Open transactions are kept in their charger's record.
            "recently_stopped": [t.to_record() for t in self.recently_stopped],
            "orphans": [orphan.to_record() for orphan in self.orphans],
        }

    def load(self, data: dict[str, Any]) -> None:
        """Restore from `records()`; ids continue after the saved reservation."""
        reserved = int(data.get("reserved_until", 1))
        self.next_id = max(reserved, int(data.get("next_id", 1)))
        self.reserved_until = self.next_id
        for record in data.get("open", []):  # where they were before 2026.11
            transaction = Transaction.from_record(record)
            self.open[transaction.key] = transaction
        self.recently_stopped.extend(
            Transaction.from_record(record)
            for record in data.get("recently_stopped", [])
        )
        self.orphans.extend(
            Orphan.from_record(record) for record in data.get("orphans", [])
        )
