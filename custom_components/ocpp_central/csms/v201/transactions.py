"""TransactionEvent: sessions chosen, numbered and replayed by the station.

A station names its transactions, numbers every message (seqNo) and, after
a network fault, sends queued events again, some marked `offline`. Each
(transaction, seqNo) is handled once: a replay is answered as before and
changes nothing. Events may arrive after the transaction ended (a queue
drained late): their readings are kept, the session is not reopened. Gaps in
the numbering are asked about (GetTransactionStatus) and kept for the
diagnostics.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from ..authorization import AuthStatus
from ..callslot import Priority
from ..charging import Charging
from ..errors import ChargerError
from ..model import Charger
from ..outcalls import timeout_for
from ..protocol import Answer, Link
from ..transactions import Transaction
from .status import Evses
from .tokens import NOT_CHECKED, Samples, id_token_info, register_at, samples

_LOGGER = logging.getLogger(__name__)

STARTED, UPDATED, ENDED = "Started", "Updated", "Ended"
COST_EVERY = 60.0  # s between two CostUpdated for one transaction
BEGIN, END = "Transaction.Begin", "Transaction.End"


class TransactionEvents:
    """Handles one station's TransactionEvent and MeterValues messages."""

    def __init__(
        self,
        link: Link,
        charging: Charging,
        evses: Evses,
        on_status: Any,
        cost_enabled: Callable[[], bool] = lambda: True,
    ) -> None:
        self.link = link
        self.charging = charging
        self.charger: Charger = link.charger
        self.evses = evses
        self._on_status = on_status  # callable(evse_id): publish the status
        self._cost_enabled = cost_enabled
        # When the running cost was last told to the station, and what it was.
        self._cost_told: dict[str | int, tuple[float, float]] = {}

    def handle(self, payload: dict[str, Any]) -> Answer:
        """Answer one TransactionEvent."""
        info = payload["transactionInfo"]
        transaction_id = str(info["transactionId"])
        seq_no = int(payload["seqNo"])
        token = payload.get("idToken")
        readings = samples(payload.get("meterValue", []))
        identity = self.charger.identity
        transaction = self.charging.book.get(identity, transaction_id)
        stopped = (
            None
            if transaction
            else self.charging.book.stopped(identity, transaction_id)
        )
        # A Started we have not seen for an ended transaction's id is a new
        # session (stations reuse ids after a reset); anything else is late.
        late = payload["eventType"] != STARTED or (stopped and seq_no in stopped)
        if transaction is None and stopped is not None and late:
            return self._after_the_end(stopped, seq_no, token, readings)
        if transaction is not None and not transaction.saw(seq_no):
            return self._answer(token), None
        if transaction is None:
            transaction = self._open(payload, transaction_id, token, readings)
            transaction.saw(seq_no)
            if stopped is not None:
                _LOGGER.info(
                    "%s: transaction id %s used again for a new session",
                    identity,
                    transaction_id,
                )
        evse_id = transaction.connector
        status = self._tag(transaction, token)
        if readings:
            self.charging.meter(self.charger, evse_id, transaction_id, readings)
        self.evses.charging_state(evse_id, info.get("chargingState"))
        if payload["eventType"] == ENDED:
            self._end(transaction, payload, readings)
        self._on_status(evse_id)
        if payload.get("offline"):
            _LOGGER.debug("%s: event %s happened while offline", identity, seq_no)
        answer: dict[str, Any] = {}
        if status is not None:
            answer["idTokenInfo"] = id_token_info(status)
        follow_up = None
        if payload["eventType"] == ENDED:
            if transaction.cost is not None:  # the final cost (I03)
                answer["totalCost"] = round(transaction.cost, 2)
            self._cost_told.pop(transaction.id, None)
            if transaction.missing:
                follow_up = self._ask_for_missing(transaction)
        else:
            follow_up = self._cost_update(transaction)
        return answer, follow_up

    def _open(
        self,
        payload: dict[str, Any],
        transaction_id: str,
        token: dict[str, Any] | None,
        readings: Samples,
    ) -> Transaction:
        evse = payload.get("evse") or {}
        evse_id = int(evse.get("id") or 1)
        if payload["eventType"] != STARTED:
            _LOGGER.info(
                "%s: transaction %s was not seen starting; counted from now",
                self.charger.identity,
                transaction_id,
            )
        transaction = self.charging.open(
            self.charger,
            transaction_id,
            evse_id,
            "",
            register_at(readings, BEGIN),
            self.charging.event_time(self.charger, payload.get("timestamp")),
            payload.get("reservationId"),
        )
        self.evses.transaction_started(evse_id)
        return transaction

    def _tag(
        self, transaction: Transaction, token: dict[str, Any] | None
    ) -> AuthStatus | None:
        """Authorize a token that came with the event (the tag event fires once)."""
        if not token:
            return None
        value = str(token.get("idToken", ""))
        if token.get("type") in NOT_CHECKED:
            status = AuthStatus.ACCEPTED
        else:
            status = self.charging.authorize(self.charger, value, transaction.connector)
        self.charging.identify(self.charger, transaction, value)
        return status

    def _answer(self, token: dict[str, Any] | None) -> dict[str, Any]:
        """The answer to an event handled before (a replay), unchanged."""
        if not token:
            return {}
        if token.get("type") in NOT_CHECKED:
            return {"idTokenInfo": id_token_info(AuthStatus.ACCEPTED)}
        status = self.charging.status_of(str(token.get("idToken", "")))
        return {"idTokenInfo": id_token_info(status)}

    def _end(
        self, transaction: Transaction, payload: dict[str, Any], readings: Samples
    ) -> None:
        info = payload["transactionInfo"]
        meter_stop = register_at(readings, END)
        self.charging.stop(
            self.charger,
            transaction.id,
            meter_stop if meter_stop is not None else transaction.meter_last_wh,
            payload.get("timestamp"),
            info.get("stoppedReason") or "Local",
            None,
        )
        self.evses.transaction_ended(transaction.connector)

    def _after_the_end(
        self,
        stopped: Transaction,
        seq_no: int,
        token: dict[str, Any] | None,
        readings: Samples,
    ) -> Answer:
        """An event for a transaction that ended: a replay, or a late one."""
        if stopped.saw(seq_no) and readings:
            # Queued before the end and sent after it: readings only.
            self.charging.meter(self.charger, stopped.connector, stopped.id, readings)
        return self._answer(token), None

    def _ask_for_missing(self, transaction: Transaction) -> Any:
        missing = transaction.missing

        async def ask() -> None:
            _LOGGER.info(
                "%s: transaction %s ended with messages %s missing; asking for them",
                self.charger.identity,
                transaction.id,
                missing,
            )
            try:
                await self.link.call(
                    "GetTransactionStatus",
                    {"transactionId": str(transaction.id)},
                    timeout_for(Priority.HOUSEKEEPING),
                    Priority.HOUSEKEEPING,
                )
            except ChargerError as err:
                _LOGGER.debug("%s: GetTransactionStatus: %s", self.link.identity, err)

        return ask

    def _cost_update(self, transaction: Transaction) -> Any:
        """CostUpdated now and then while the cost grows (I02)."""
        if transaction.cost is None or not self._cost_enabled():
            return None
        now = time.monotonic()
        told_at, told = self._cost_told.get(transaction.id, (-COST_EVERY, -1.0))
        cost = round(transaction.cost, 2)
        if cost == told or now - told_at < COST_EVERY:
            return None
        self._cost_told[transaction.id] = (now, cost)

        async def tell() -> None:
            await self.link.call(
                "CostUpdated",
                {"totalCost": cost, "transactionId": str(transaction.id)},
                timeout_for(Priority.HOUSEKEEPING),
                Priority.HOUSEKEEPING,
            )

        return tell

    def meter_values(self, payload: dict[str, Any]) -> Answer:
        """MeterValues outside a transaction (evseId 0: the station's meter)."""
        evse_id = int(payload["evseId"])
        self.charging.meter(self.charger, evse_id, None, samples(payload["meterValue"]))
        return {}, None
