"""Remote control of transactions: RequestStart/StopTransaction, status, cost (F01-F03, E14, I02)."""

from __future__ import annotations

from typing import Any

from ocpp.v201 import call_result

from ..handlers import on
from .transactions import SimTransactions


class SimRemoteControl(SimTransactions):
    """Handlers that start, stop and ask about transactions."""

    # -- handlers ----------------------------------------------------------------------------

    @on("RequestStartTransaction")
    def on_request_start_transaction(
        self,
        id_token: dict[str, Any],
        remote_start_id: int,
        evse_id: int | None = None,
        charging_profile: dict[str, Any] | None = None,
        **_: Any,
    ) -> call_result.RequestStartTransaction:
        evse = evse_id or next(
            (e.id for e in self.evses.values() if e.transaction is None), 0
        )
        state = self.evses.get(evse)
        ok = (
            state is not None
            and state.operative
            and self.boot_status == "Accepted"  # B02.FR.05: Rejected while Pending
            and (state.transaction is None or state.transaction.id_token is None)
        )
        status = self._answer(
            "RequestStartTransaction", "Accepted" if ok else "Rejected"
        )
        running = state.transaction if state is not None else None
        if status == "Accepted" and state is not None:
            if running is not None:
                running.remote_start_id = remote_start_id
            if self.config.remote_start_begins_transaction:
                self.after_reply(
                    lambda: self._remote_start(
                        evse, id_token, remote_start_id, charging_profile
                    ),
                    "remote start",
                )
        return call_result.RequestStartTransaction(
            status=status, transaction_id=running.id if running else None
        )

    async def _remote_start(
        self,
        evse: int,
        id_token: dict[str, Any],
        remote_start_id: int,
        charging_profile: dict[str, Any] | None,
    ) -> None:
        tx_id = await self.start_transaction(
            evse,
            id_token["id_token"],
            id_token["type"],
            trigger_reason="RemoteStart",
            remote_start_id=remote_start_id,
            charging_state="Charging" if self.evse(evse).plugged else "Idle",
        )
        if charging_profile is not None:
            self.install_profile(evse, {**charging_profile, "transaction_id": tx_id})

    def install_profile(self, evse: int, raw: dict[str, Any]) -> str:
        """Hook (smart charging): validate and install; return the status."""
        raise NotImplementedError

    @on("RequestStopTransaction")
    def on_request_stop_transaction(
        self, transaction_id: str, **_: Any
    ) -> call_result.RequestStopTransaction:
        tx = self.transactions.get(transaction_id)
        ok = tx is not None and not tx.ended
        status = self._answer(
            "RequestStopTransaction", "Accepted" if ok else "Rejected"
        )
        if status == "Accepted" and tx is not None and ok:
            evse = tx.evse
            self.after_reply(
                lambda: self.end_transaction(evse, stopped_reason="Remote"),
                "remote stop",
            )
        return call_result.RequestStopTransaction(status=status)

    @on("GetTransactionStatus")
    def on_get_transaction_status(
        self, transaction_id: str | None = None, **_: Any
    ) -> call_result.GetTransactionStatus:
        queued = [q.payload.transaction_info["transaction_id"] for q in self.queue]
        self.released.update(queued if transaction_id is None else [transaction_id])
        if queued:  # held updates go once the answer is out
            self.after_reply(self.flush_queue, "release queue")
        if transaction_id is None:  # E14.FR.06-08
            return call_result.GetTransactionStatus(messages_in_queue=bool(queued))
        tx = self.transactions.get(transaction_id)
        return call_result.GetTransactionStatus(
            messages_in_queue=transaction_id in queued,
            ongoing_indicator=tx is not None and not tx.ended,
        )

    @on("CostUpdated")
    def on_cost_updated(
        self, total_cost: float, transaction_id: str, **_: Any
    ) -> call_result.CostUpdated:
        self.costs[transaction_id] = total_cost
        return call_result.CostUpdated()
