"""Version-neutral charging logic: status, tags, sessions and meter readings.

Protocol adapters parse their messages and call these methods; the results
update the model and are told to the host as changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from .authorization import AuthStatus, authorize
from .metering import DEFAULT_MEASURAND, Reading, parse_samples
from .model import Change, Charger, Connector, ConnectorStatus, TagEvent
from .protocol import Host
from .timeutil import parse_timestamp, utc_now
from .transactions import (
    Transaction,
    TransactionBook,
    TransactionId,
    plausible_time,
)

POWER = "Power.Active.Import"
ENERGY_LOCATIONS = ("Outlet", "Inlet")
# Connector ids beyond this are garbage (they would each become a device).
MAX_CONNECTOR_ID = 64
# What flows only while energy flows, and what is offered to the car.
DRAWN = ("Power.Active", "Power.Reactive", "Current.Import", "Current.Export")
OFFERED = ("Power.Offered", "Current.Offered")
CAR = ("SoC",)  # about the car: gone with the car
DELIVERING = frozenset({ConnectorStatus.CHARGING})
IN_SESSION = frozenset(
    {
        ConnectorStatus.CHARGING,
        ConnectorStatus.SUSPENDED_EV,
        ConnectorStatus.SUSPENDED_EVSE,
    }
)


class Charging:
    """Status, tags, transactions and readings of one central system."""

    def __init__(self, system: Host) -> None:
        self.system = system
        self.book = TransactionBook()

    def price(self) -> float | None:
        """The energy price (per kWh) now, if the host knows one."""
        source = self.system.settings.price
        return source() if source is not None else None

    def event_time(self, charger: Charger, text: str | None) -> datetime:
        """A charger's timestamp, or the arrival time when absent or absurd."""
        return plausible_time(charger.identity, parse_timestamp(text), utc_now())

    # Status

    def set_status(
        self,
        charger: Charger,
        connector_id: int,
        status: ConnectorStatus,
        error_code: str | None,
        timestamp: str | None,
        info: str | None = None,
        vendor_error_code: str | None = None,
    ) -> None:
        """A connector (0: the charger) reports where it stands."""
        is_new = connector_id not in charger.connectors
        connector = charger.connector(connector_id)
        when = parse_timestamp(timestamp) or utc_now()
        before = connector.status
        connector.status = status
        connector.error_code = error_code
        connector.info = info
        connector.vendor_error_code = vendor_error_code
        connector.status_time = when
        if status not in DELIVERING and before != status:
            self._settle(charger, connector, when, ended=status not in IN_SESSION)
        self.system.persist(charger=charger.identity)
        if is_new:
            self.system.notify(charger.identity, Change.CONNECTORS)
        self.system.notify(charger.identity, Change.STATUS, connector_id)

    def _settle(
        self, charger: Charger, connector: Connector, when: datetime, ended: bool
    ) -> None:
        """Energy stopped flowing: what the car drew reads 0.

        After the session, what was offered reads 0 too and the car's own
        values (SoC) are forgotten once it is unplugged; a reading newer than
        `when` always wins.
        """
        zeroed = DRAWN + OFFERED if ended else DRAWN
        changed = _zero(connector, when, zeroed)
        if ended and connector.status is not None and not connector.plugged_in:
            for key in [k for k in connector.readings if k[0] in CAR]:
                if connector.readings[key].timestamp <= when:
                    del connector.readings[key]
                    changed = True
        if connector.id and not any(
            c.status in DELIVERING for c in charger.connectors.values() if c.id
        ):
            # Nothing charges: the charger's own totals (connector 0) too.
            whole = charger.connectors.get(0)
            if whole is not None and _zero(whole, when, zeroed):
                self.system.notify(charger.identity, Change.METER, 0)
        if changed:
            self.system.notify(charger.identity, Change.METER, connector.id)

    # Tags and sessions

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
        """Open a session with an id of ours (or find the one a repeat means).

        The new transaction id and the session are written before the
        answer goes out (`CentralSystem.saved`).
        """
        started = self.event_time(charger, timestamp)
        duplicate = self.book.find_duplicate_start(
            charger.identity, connector_id, id_tag, meter_start_wh, started
        )
        if duplicate is not None:
            return int(duplicate.id), self.status_of(id_tag)
        status = self.authorize(charger, id_tag, connector_id)
        transaction_id, _ = self.book.allocate_id()
        self.open(
            charger,
            transaction_id,
            connector_id,
            id_tag,
            meter_start_wh,
            started,
            reservation_id,
        )
        return transaction_id, status

    def status_of(self, id_tag: str) -> AuthStatus:
        """The answer for a tag, without telling anybody it was presented."""
        settings = self.system.settings
        status, _ = authorize(settings.tags, settings.tag_policy, id_tag, utc_now())
        return status

    def open(
        self,
        charger: Charger,
        transaction_id: TransactionId,
        connector_id: int,
        id_tag: str,
        meter_start_wh: float | None,
        started: datetime,
        reservation_id: int | None = None,
    ) -> Transaction:
        """Open a session with a known id (ours, or the charger's own)."""
        transaction = Transaction(
            id=transaction_id,
            identity=charger.identity,
            connector=connector_id,
            id_tag=id_tag,
            meter_start_wh=meter_start_wh,
            started=started,
            meter_last_wh=meter_start_wh or 0.0,
            reservation_id=reservation_id,
        )
        superseded = self.book.add(transaction)
        connector = charger.connector(connector_id)
        if superseded is not None:
            self._finish(charger, charger.connector(superseded.connector), superseded)
        connector.transaction = transaction
        if meter_start_wh is not None:
            self._count_energy(connector, meter_start_wh, started)
        self.system.persist(urgent=True, charger=charger.identity)
        self.system.notify(charger.identity, Change.SESSION_STARTED, connector_id)
        return transaction

    def identify(self, charger: Charger, transaction: Transaction, id_tag: str) -> None:
        """A session that started without a tag learns it (2.0.1)."""
        if transaction.id_tag:
            return
        transaction.id_tag = id_tag
        self.system.persist(charger=charger.identity)

    def stop(
        self,
        charger: Charger,
        transaction_id: TransactionId,
        meter_stop_wh: float | None,
        timestamp: str | None,
        reason: str | None,
        id_tag: str | None,
        samples: Iterable[tuple[str | None, list[dict[str, Any]]]] = (),
    ) -> AuthStatus | None:
        """Close a session; an unknown or repeated stop changes nothing.

        `meter_stop_wh` is None when the charger sent an unreadable value:
        the session then ends at its last reading, flagged.
        """
        status = self.authorize(charger, id_tag, None) if id_tag else None
        identity = charger.identity
        transaction = self.book.get(identity, transaction_id)
        if transaction is not None and samples:
            self.meter(charger, transaction.connector, transaction_id, samples)
        stopped = self.event_time(charger, timestamp)
        closed = self.book.stop(
            identity,
            transaction_id,
            meter_stop_wh,
            stopped,
            reason,
            id_tag,
            self.price(),
        )
        if closed is None:
            if not self.book.was_stopped(identity, transaction_id):
                self.book.note_orphan(charger.identity, "session stop", transaction_id)
                self.system.persist()
            return status
        connector = charger.connector(closed.connector)
        if meter_stop_wh is not None:
            self._count_energy(connector, meter_stop_wh, stopped)
        self._finish(charger, connector, closed)
        self._settle(charger, connector, stopped, ended=True)
        return status

    def _finish(
        self, charger: Charger, connector: Connector, closed: Transaction
    ) -> None:
        if connector.transaction is closed:
            connector.transaction = None
        connector.last_session = closed
        self.system.persist(urgent=True, charger=charger.identity)
        self.system.notify(charger.identity, Change.SESSION_STOPPED, closed.connector)

    # Readings

    def meter(
        self,
        charger: Charger,
        connector_id: int,
        transaction_id: TransactionId | None,
        samples: Iterable[tuple[str | None, list[dict[str, Any]]]],
    ) -> None:
        """Apply meter values (each a timestamp and its sampled values).

        Values for a transaction that already stopped are kept as readings
        but do not move its energy (a charger's queue replayed late).
        """
        connector = charger.connector(connector_id)
        transaction = connector.transaction
        if transaction_id is not None:
            transaction = self.book.get(charger.identity, transaction_id)
            if transaction is None and not self.book.was_stopped(
                charger.identity, transaction_id
            ):
                self.book.note_orphan(charger.identity, "meter values", transaction_id)
        known = len(connector.readings)
        for timestamp, sampled in samples:
            when = self.event_time(charger, timestamp)
            readings = parse_samples(charger.identity, sampled, when)
            self._apply(connector, readings, transaction)
        self.system.persist(charger=charger.identity)
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
            key = reading.key
            current = connector.readings.get(key)
            if current is None:
                connector.readings[key] = reading
            elif current.timestamp <= reading.timestamp:
                current.take(reading)  # in place: see `Reading`
            if reading.phase is not None:
                continue
            if (
                reading.measurand == DEFAULT_MEASURAND
                and reading.location in ENERGY_LOCATIONS
            ):
                self._count_energy(connector, reading.value, reading.timestamp)
                if transaction is not None:
                    if transaction.meter_start_wh is None:  # started without one
                        transaction.meter_start_wh = reading.value
                        transaction.meter_last_wh = reading.value
                    transaction.advance(reading.value, self.price())
            elif reading.measurand == POWER and transaction is not None:
                transaction.peak_power_w = max(transaction.peak_power_w, reading.value)

    @staticmethod
    def _count_energy(connector: Connector, register_wh: float, when: datetime) -> None:
        # Late (queued) values older than what was counted are not counted again.
        if connector.energy_time is not None and when < connector.energy_time:
            return
        connector.energy.update(register_wh, when)
        connector.energy_time = when


def _zero(connector: Connector, when: datetime, prefixes: tuple[str, ...]) -> bool:
    """Set readings of these measurands to 0 as of `when`, unless newer."""
    changed = False
    for reading in connector.readings.values():
        if (
            reading.value != 0
            and reading.timestamp <= when
            and reading.measurand.startswith(prefixes)
        ):
            reading.value, reading.timestamp = 0.0, when
            changed = True
    return changed
