"""Transactions: TransactionEvent with seqNo, the offline queue, remote start/stop."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from datetime import UTC, datetime
from typing import Any

from ocpp.exceptions import OCPPError
from ocpp.v201 import call
from websockets.exceptions import ConnectionClosed

from .base import QueuedEvent, Transaction, stamp, utc_now
from .messages import SimMessages201, sampled_values

_LOGGER = logging.getLogger("tests.sim")

# The triggerReason that goes with a stoppedReason when the test gives none.
STOP_TRIGGERS = {
    "Local": "StopAuthorized",
    "Remote": "RemoteStop",
    "EVDisconnected": "EVCommunicationLost",
    "DeAuthorized": "Deauthorized",
    "ImmediateReset": "ResetCommand",
    "EnergyLimitReached": "EnergyLimitReached",
    "TimeLimitReached": "TimeLimitReached",
}


class SimTransactions(SimMessages201):
    """Transaction events and the handlers that start and stop them."""

    def __init__(self, config: Any) -> None:
        super().__init__(config)
        self._flush_lock = asyncio.Lock()
        self.refused: list[tuple[QueuedEvent, OCPPError]] = []  # CALLERROR answers
        self.replayed: list[QueuedEvent] = []
        # Transactions whose held offline updates may go (GetTransactionStatus).
        self.released: set[str] = set()

    # -- ids and sequence numbers -----------------------------------------------------

    def next_transaction_id(self) -> str:
        if self.config.transaction_ids:
            return self.config.transaction_ids.pop(0)
        return f"{self.id}-{next(self._tx_counter)}"

    def next_seq_no(self) -> int:
        """The station's counter (one for all EVSEs), skipping configured gaps."""
        while self.seq_no in self.config.seq_no_gaps:
            self.seq_no += 1
        self.seq_no += 1
        return self.seq_no - 1

    # -- sending, queueing, replaying ------------------------------------------------------

    async def transaction_event(
        self,
        event_type: str,
        tx: Transaction,
        trigger_reason: str,
        *,
        samples: list[dict[str, Any]] | None = None,
        stopped_reason: str | None = None,
        id_token: dict[str, Any] | None = None,
        with_evse: bool = False,
        when: datetime | None = None,
        **extra: Any,
    ) -> Any:
        """Create one TransactionEvent and deliver it (or queue it offline).

        Returns the call_result, or None when it stays queued.
        """
        moment = stamp(when) if when else utc_now()
        info: dict[str, Any] = {"transaction_id": tx.id}
        if tx.charging_state is not None:
            info["charging_state"] = tx.charging_state
        if stopped_reason is not None:
            info["stopped_reason"] = stopped_reason
        if event_type == "Started" and tx.remote_start_id is not None:
            info["remote_start_id"] = tx.remote_start_id
        payload = call.TransactionEvent(
            event_type=event_type,
            timestamp=moment,
            trigger_reason=trigger_reason,
            seq_no=self.next_seq_no(),
            transaction_info=info,
            meter_value=[{"timestamp": moment, "sampled_value": samples}]
            if samples
            else None,
            offline=True if not self.connected else None,
            evse={"id": tx.evse, "connector_id": tx.connector} if with_evse else None,
            id_token=id_token,
            **extra,
        )
        item = QueuedEvent(payload)
        self.queue.append(item)
        await self.flush_queue()
        return item.result

    async def flush_queue(self) -> None:
        """Deliver queued TransactionEvents in order while online and Accepted.

        An event whose answer never came stays first in the queue. A CALLERROR
        answer drops the event into `refused` and is raised. With
        config.hold_offline_updates, offline Updated events wait until the
        CSMS asked GetTransactionStatus (so Ended arrives before them).
        """
        async with self._flush_lock:
            while self.connected and self.gate_open("TransactionEvent"):
                item = next((q for q in self.queue if not self._held(q)), None)
                if item is None:
                    return
                try:
                    item.result = await self.request(item.payload)
                except (ConnectionClosed, TimeoutError) as exc:
                    _LOGGER.info("%s: TransactionEvent kept queued: %r", self.id, exc)
                    return
                except OCPPError as exc:
                    self.queue.remove(item)
                    self.refused.append((item, exc))
                    raise
                self.queue.remove(item)
                self.sent.append(item)
                self._answered(item)

    def _held(self, item: QueuedEvent) -> bool:
        payload = item.payload
        return (
            self.config.hold_offline_updates
            and payload.event_type == "Updated"
            and bool(payload.offline)
            and payload.transaction_info["transaction_id"] not in self.released
        )

    async def replay_sent(self, count: int = 1, **changes: Any) -> list[Any]:
        """Send the last `count` answered events again, same seqNo (a duplicate).

        `changes` replace fields, e.g. offline=True.
        """
        results = []
        for item in self.sent[-count:] if count else []:
            again = QueuedEvent(dataclasses.replace(item.payload, **changes))
            again.result = await self.request(again.payload)
            self.replayed.append(again)
            results.append(again.result)
        return results

    async def after_accepted(self, *, reconnected: bool = False) -> None:
        """Once Accepted: the queue first, then connector status.

        After a boot every connector is reported (B01.FR.05); after a mere
        reconnect only those that changed offline (B04.FR.02), and the last
        config.replay_sent_on_reconnect answered events are sent again.
        """
        if reconnected and self.config.replay_sent_on_reconnect:
            await self.replay_sent(self.config.replay_sent_on_reconnect)
        await self.flush_queue()
        await self.report_all_status(only_changed=reconnected)

    async def reconnect(self) -> None:
        """Open the link again after a drop; no BootNotification (no reboot)."""
        await self.connect()
        if self.boot_status == "Accepted":
            await self.after_accepted(reconnected=True)

    def _answered(self, item: QueuedEvent) -> None:
        """React to idTokenInfo: an invalid token ends the transaction (E05)."""
        info = getattr(item.result, "id_token_info", None)
        tx = self.transactions.get(item.payload.transaction_info["transaction_id"])
        if not info or tx is None or tx.ended or info.get("status") == "Accepted":
            return
        if self.device_model.value("TxCtrlr", "StopTxOnInvalidId") == "true":
            self._spawn(
                self.end_transaction(tx.evse, stopped_reason="DeAuthorized"),
                "deauthorized stop",
            )

    # -- what a driver and a car do ------------------------------------------------------------

    async def plug_in(self, evse: int = 1, connector: int = 1) -> str | None:
        """Plug a car in: Occupied, and a transaction if TxStartPoint says so."""
        state = self.evse(evse)
        state.plugged = connector
        await self.status(evse, connector, "Occupied")
        tx = state.transaction
        if tx is not None:  # authorized first (e.g. remote start): energy flows
            tx.connector, tx.charging_state = connector, "Charging"
            await self.transaction_event("Updated", tx, "CablePluggedIn")
            return tx.id
        start_points = self.device_model.value("TxCtrlr", "TxStartPoint") or ""
        if "EVConnected" in start_points.split(","):
            return await self.start_transaction(
                evse,
                None,
                trigger_reason="CablePluggedIn",
                charging_state="EVConnected",
            )
        return None

    async def start_transaction(
        self,
        evse: int = 1,
        id_token: str | None = "TAG1",
        token_type: str = "ISO14443",
        *,
        meter_wh: float | None = None,
        trigger_reason: str | None = None,
        charging_state: str = "Charging",
        transaction_id: str | None = None,
        remote_start_id: int | None = None,
        connector: int | None = None,
        **extra: Any,
    ) -> str:
        """Start (or, when one began at plug-in, authorize) a transaction.

        Returns the station-chosen transactionId.
        """
        state = self.evse(evse)
        if meter_wh is not None:
            state.energy_wh = meter_wh
        token = None if id_token is None else {"id_token": id_token, "type": token_type}
        tx = state.transaction
        if tx is not None:
            tx.id_token, tx.charging_state = token or tx.id_token, charging_state
            await self.transaction_event(
                "Updated", tx, trigger_reason or "Authorized", id_token=token, **extra
            )
            return tx.id
        tx = Transaction(
            id=transaction_id or self.next_transaction_id(),
            evse=evse,
            connector=connector or state.plugged or 1,
            started_at=datetime.now(UTC),
            id_token=token,
            charging_state=charging_state,
            remote_start_id=remote_start_id,
        )
        state.transaction = self.transactions[tx.id] = tx
        await self.transaction_event(
            "Started",
            tx,
            trigger_reason or ("Authorized" if token else "CablePluggedIn"),
            samples=sampled_values(state.energy_wh, context="Transaction.Begin"),
            id_token=token,
            with_evse=True,
            **extra,
        )
        return tx.id

    async def set_charging_state(
        self,
        evse: int,
        charging_state: str,
        trigger_reason: str = "ChargingStateChanged",
    ) -> None:
        """TransactionEvent Updated with a new chargingState."""
        tx = self.active(evse)
        if tx is None:
            raise RuntimeError(f"{self.id}: no transaction on EVSE {evse}")
        tx.charging_state = charging_state
        await self.transaction_event("Updated", tx, trigger_reason)

    async def meter(
        self,
        evse: int,
        energy_wh: float | None = None,
        *,
        when: datetime | None = None,
        trigger_reason: str = "MeterValuePeriodic",
        **readings: Any,
    ) -> None:
        """A meter reading: in a TransactionEvent during a transaction, else MeterValues.

        readings: power_w, currents (per phase), voltage, soc, offered_a.
        """
        state = self.evse(evse)
        if energy_wh is not None:
            state.energy_wh = energy_wh
        if readings.get("power_w") is not None:
            state.power_w = readings["power_w"]
        samples = sampled_values(energy_wh, **readings)
        tx = state.transaction
        if tx is None:
            await self.meter_values(evse, samples, stamp(when) if when else None)
        else:
            await self.transaction_event(
                "Updated", tx, trigger_reason, samples=samples, when=when
            )

    async def end_transaction(
        self,
        evse: int,
        *,
        meter_wh: float | None = None,
        stopped_reason: str = "Local",
        trigger_reason: str | None = None,
        **extra: Any,
    ) -> None:
        """TransactionEvent Ended; the EVSE is free for the next one."""
        state = self.evse(evse)
        tx = state.transaction
        if tx is None:
            raise RuntimeError(f"{self.id}: no transaction on EVSE {evse}")
        if meter_wh is not None:
            state.energy_wh = meter_wh
        tx.ended = True
        tx.charging_state = "EVConnected" if state.plugged else "Idle"
        state.transaction = None
        self.profiles.drop_transaction(tx.id)
        await self.transaction_event(
            "Ended",
            tx,
            trigger_reason or STOP_TRIGGERS.get(stopped_reason, "AbnormalCondition"),
            samples=sampled_values(state.energy_wh, context="Transaction.End"),
            stopped_reason=stopped_reason,
            **extra,
        )
        await self._transaction_ended(evse)

    async def unplug(self, evse: int = 1) -> None:
        """Unplug the car: ends a running transaction (EVDisconnected), Available."""
        state = self.evse(evse)
        connector = state.plugged or 1
        state.plugged = None
        if state.transaction is not None:
            await self.end_transaction(evse, stopped_reason="EVDisconnected")
        free = "Reserved" if state.reservation is not None else "Available"
        await self.status(evse, connector, free if state.operative else "Unavailable")

    async def _transaction_ended(self, evse: int) -> None:
        """Hook: a transaction ended on `evse` (a scheduled reset may follow)."""
