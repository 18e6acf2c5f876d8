"""Version-neutral charging logic: tags, sessions and meter readings.

Protocol adapters parse their messages and call these methods; the results
update the model and are told to the host as changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .authorization import AuthStatus, authorize
from .metering import DEFAULT_MEASURAND, Reading, parse_samples
from .model import Change, Charger, Connector, TagEvent
from .timeutil import parse_timestamp, utc_now
from .transactions import Transaction, TransactionBook, plausible_time

if TYPE_CHECKING:
    from .system import CentralSystem

POWER = "Power.Active.Import"
ENERGY_LOCATIONS = ("Outlet", "Inlet")


class Charging:
    """Tags, transactions and readings of one central system."""

    def __init__(self, system: CentralSystem) -> None:
        self.system = system
        self.book = TransactionBook()

    def _time(self, charger: Charger, text: str | None) -> datetime:
        return plausible_time(charger.identity, parse_timestamp(text), utc_now())

    def authorize(
        self, charger: Charger, id_tag: str, connector: int | None
    ) -> AuthStatus:
        """Answer for a presented tag, and tell the host it was presented."""
        settings = self.system.settings
        now = utc_now()
        status, tag = authorize(settings.tags, settings.tag_policy, id_tag, now)
        charger.last_tag = TagEvent(
            id_tag, tag.name if tag else "", status, connector, now
        )
        self.system.notify(charger.identity, Change.TAG, connector)
        return status

    def start(
        self,
        charger: Charger,
        connector_id: int,
        id_tag: str,
        meter_start_wh: float,
        timestamp: str | None,
        reservation_id: int | None = None,
    ) -> tuple[int, AuthStatus]:
        """Open a session (or find the one a repeated start refers to)."""
        started = self._time(charger, timestamp)
        status = self.authorize(charger, id_tag, connector_id)
        duplicate = self.book.find_duplicate_start(
            charger.identity, connector_id, id_tag, meter_start_wh, started
        )
        if duplicate is not None:
            return duplicate.id, status
        transaction_id, must_save = self.book.allocate_id()
        if must_save:
            self.system.persist(urgent=True)
        transaction = Transaction(
            id=transaction_id,
            identity=charger.identity,
            connector=connector_id,
            id_tag=id_tag,
            meter_start_wh=meter_start_wh,
            started=started,
            meter_last_wh=meter_start_wh,
            reservation_id=reservation_id,
        )
        superseded = self.book.add(transaction)
        connector = charger.connector(connector_id)
        if superseded is not None:
            self._finish(charger, charger.connector(superseded.connector), superseded)
        connector.transaction = transaction
        self._count_energy(connector, meter_start_wh, started)
        self.system.persist(urgent=True)
        self.system.notify(charger.identity, Change.SESSION_STARTED, connector_id)
        return transaction_id, status

    def stop(
        self,
        charger: Charger,
        transaction_id: int,
        meter_stop_wh: float,
        timestamp: str | None,
        reason: str | None,
        id_tag: str | None,
        samples: Iterable[tuple[str | None, list[dict[str, Any]]]] = (),
    ) -> AuthStatus | None:
        """Close a session; an unknown or repeated stop changes nothing."""
        status = self.authorize(charger, id_tag, None) if id_tag else None
        transaction = self.book.open.get(transaction_id)
        if transaction is not None and samples:
            self.meter(charger, transaction.connector, transaction_id, samples)
        stopped = self._time(charger, timestamp)
        closed = self.book.stop(transaction_id, meter_stop_wh, stopped, reason, id_tag)
        if closed is None:
            if not self.book.was_stopped(transaction_id):
                self.book.note_orphan(
                    charger.identity, "StopTransaction", transaction_id
                )
            return status
        connector = charger.connector(closed.connector)
        self._count_energy(connector, meter_stop_wh, stopped)
        self._finish(charger, connector, closed)
        return status

    def _finish(
        self, charger: Charger, connector: Connector, closed: Transaction
    ) -> None:
        if connector.transaction is closed:
            connector.transaction = None
        connector.last_session = closed
        self.system.persist(urgent=True)
        self.system.notify(charger.identity, Change.SESSION_STOPPED, closed.connector)

    def meter(
        self,
        charger: Charger,
        connector_id: int,
        transaction_id: int | None,
        samples: Iterable[tuple[str | None, list[dict[str, Any]]]],
    ) -> None:
        """Apply meter values (each a timestamp and its sampled values)."""
        connector = charger.connector(connector_id)
        transaction = connector.transaction
        if transaction_id is not None:
            transaction = self.book.open.get(transaction_id)
            if transaction is None and not self.book.was_stopped(transaction_id):
                self.book.note_orphan(charger.identity, "MeterValues", transaction_id)
        known = len(connector.readings)
        for timestamp, sampled in samples:
            when = self._time(charger, timestamp)
            readings = parse_samples(charger.identity, sampled, when)
            self._apply(connector, readings, transaction)
        self.system.persist()
        if len(connector.readings) != known:
            self.system.notify(charger.identity, Change.NEW_VALUES, connector_id)
        self.system.notify(charger.identity, Change.METER, connector_id)

    def _apply(
        self,
        connector: Connector,
        readings: list[Reading],
        transaction: Transaction | None,
    ) -> None:
        for reading in readings:
            current = connector.readings.get(reading.key)
            if current is None or current.timestamp <= reading.timestamp:
                connector.readings[reading.key] = reading
            if reading.phase is not None:
                continue
            if (
                reading.measurand == DEFAULT_MEASURAND
                and reading.location in ENERGY_LOCATIONS
            ):
                self._count_energy(connector, reading.value, reading.timestamp)
                if transaction is not None:
                    transaction.meter_last_wh = max(
                        transaction.meter_last_wh, reading.value
                    )
            elif reading.measurand == POWER and transaction is not None:
                transaction.peak_power_w = max(transaction.peak_power_w, reading.value)

    @staticmethod
    def _count_energy(connector: Connector, register_wh: float, when: datetime) -> None:
        # Late (queued) values older than what was counted are not counted again.
        if connector.energy_time is not None and when < connector.energy_time:
            return
        connector.energy.update(register_wh)
        connector.energy_time = when
