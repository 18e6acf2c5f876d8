"""Availability, unlock, trigger, local list, reservations, data transfer, displays."""

from __future__ import annotations

from typing import Any

from ocpp.v201 import call, call_result

from ..handlers import on
from .base import TRIGGERED
from .device_model import Key
from .messages import sampled_values
from .provisioning import SimProvisioning

LOCAL_LIST_ENTRIES = Key("LocalAuthListCtrlr", "Entries")
TRIGGERABLE = {
    "BootNotification",
    "Heartbeat",
    "StatusNotification",
    "MeterValues",
    "TransactionEvent",
    "LogStatusNotification",
    "FirmwareStatusNotification",
    "SignChargingStationCertificate",
}


class SimOperations(SimProvisioning):
    """Handlers for the everyday CSMS requests."""

    # -- availability ---------------------------------------------------------------------

    @on("ChangeAvailability")
    def on_change_availability(
        self, operational_status: str, evse: dict[str, Any] | None = None, **_: Any
    ) -> call_result.ChangeAvailability:
        evse_id = (evse or {}).get("id", 0)
        if evse_id and evse_id not in self.evses:
            return call_result.ChangeAvailability(status="Rejected")
        targets = [e for e in self.evses.values() if evse_id in (0, e.id)]
        operative = operational_status == "Operative"
        busy = not operative and any(e.transaction for e in targets)
        status = self._answer("ChangeAvailability", "Scheduled" if busy else "Accepted")
        if status in ("Accepted", "Scheduled"):
            # Connector-level requests act on the whole EVSE in this simulator.
            if evse_id == 0:
                self.station_operative = operative
            else:
                self.evses[evse_id].operative = operative
            self.after_reply(lambda: self._report_availability(evse_id), "availability")
        return call_result.ChangeAvailability(status=status)

    async def _report_availability(self, evse_id: int) -> None:
        for evse in self.evses.values():
            if evse_id in (0, evse.id) and evse.transaction is None:
                for connector in evse.connectors:
                    await self.status(
                        evse.id, connector, self.free_status(evse.id, connector)
                    )

    def available(self, evse: int) -> bool:
        """Whether the CSMS left this EVSE (and the station) Operative."""
        return self.station_operative and (evse == 0 or self.evses[evse].operative)

    @on("UnlockConnector")
    def on_unlock_connector(
        self, evse_id: int, connector_id: int, **_: Any
    ) -> call_result.UnlockConnector:
        state = self.evses.get(evse_id)
        if state is None or connector_id not in state.connectors:
            default = "UnknownConnector"
        elif state.transaction is not None and state.transaction.id_token is not None:
            default = "OngoingAuthorizedTransaction"
        else:
            default = "Unlocked"
        return call_result.UnlockConnector(
            status=self._answer("UnlockConnector", default)
        )

    # -- trigger --------------------------------------------------------------------------------

    @on("TriggerMessage")
    def on_trigger_message(
        self, requested_message: str, evse: dict[str, Any] | None = None, **_: Any
    ) -> call_result.TriggerMessage:
        if requested_message not in TRIGGERABLE:
            default = "NotImplemented"  # F06.FR.08
        elif requested_message == "BootNotification" and self.boot_status == "Accepted":
            default = "Rejected"  # no reason to boot again
        else:
            default = "Accepted"
        status = self._answer("TriggerMessage", default)
        if status == "Accepted" and requested_message in TRIGGERABLE:
            evse_id = (evse or {}).get("id")
            self.after_reply(
                lambda: self._send_triggered(requested_message, evse_id),
                f"triggered {requested_message}",
            )
        return call_result.TriggerMessage(status=status)

    async def _send_triggered(self, message: str, evse_id: int | None) -> None:
        TRIGGERED.set(True)  # this task's context only: passes the Pending gate
        evses = [e for e in self.evses.values() if evse_id in (None, 0, e.id)]
        if message == "BootNotification":
            accepted = await self.boot("Triggered") == "Accepted"
            if accepted and not self.running:  # run() goes on by itself
                self._spawn(self.after_accepted(), "after triggered boot")
        elif message == "Heartbeat":
            await self.heartbeat()
        elif message == "StatusNotification":
            for evse in evses:
                for connector in evse.connectors:
                    await self.status(evse.id, connector)
        elif message == "MeterValues":
            for evse in evses:
                samples = sampled_values(evse.energy_wh, context="Trigger")
                await self.meter_values(evse.id, samples)
        elif message == "TransactionEvent":
            for evse in evses:
                if evse.transaction is not None:
                    samples = sampled_values(evse.energy_wh, context="Trigger")
                    await self.transaction_event(
                        "Updated", evse.transaction, "Trigger", samples=samples
                    )
        elif message == "LogStatusNotification":
            await self.log_status("Idle")
        elif message == "FirmwareStatusNotification":
            await self.firmware_status(self.firmware_state, self.firmware_request)
        else:  # SignChargingStationCertificate
            await self.sign_certificate()

    # -- local authorization list ------------------------------------------------------------------

    @on("SendLocalList")
    def on_send_local_list(
        self,
        version_number: int,
        update_type: str,
        local_authorization_list: list[dict[str, Any]] | None = None,
        **_: Any,
    ) -> call_result.SendLocalList:
        status = self._answer("SendLocalList", "Accepted")
        if status != "Accepted":
            return call_result.SendLocalList(status=status)
        if update_type == "Differential" and version_number <= self.local_list_version:
            return call_result.SendLocalList(status="VersionMismatch")
        if update_type == "Full":
            self.local_list = {}
        for entry in local_authorization_list or []:
            token = entry["id_token"]["id_token"]
            info = entry.get("id_token_info")
            if info is None:  # D01.FR.17: removes the entry
                self.local_list.pop(token, None)
            else:
                self.local_list[token] = {"id_token": entry["id_token"], **info}
        self.local_list_version = version_number
        entries = self.device_model.variables.get(LOCAL_LIST_ENTRIES)
        if entries is not None:
            entries.values["Actual"] = str(len(self.local_list))
        return call_result.SendLocalList(status="Accepted")

    @on("GetLocalListVersion")
    def on_get_local_list_version(self, **_: Any) -> call_result.GetLocalListVersion:
        return call_result.GetLocalListVersion(version_number=self.local_list_version)

    @on("ClearCache")
    def on_clear_cache(self, **_: Any) -> call_result.ClearCache:
        return call_result.ClearCache(status=self._answer("ClearCache", "Accepted"))

    # -- reservations --------------------------------------------------------------------------------

    @on("ReserveNow")
    def on_reserve_now(
        self,
        id: int,
        expiry_date_time: str,
        id_token: dict[str, Any],
        evse_id: int | None = None,
        **_: Any,
    ) -> call_result.ReserveNow:
        state = self.evses.get(evse_id or 0) or next(
            (e for e in self.evses.values() if e.reservation is None), None
        )
        if state is None or not state.operative:
            default = "Unavailable"
        elif state.transaction is not None or (state.reservation not in (None, id)):
            default = "Occupied"
        else:
            default = "Accepted"
        status = self._answer("ReserveNow", default)
        if status == "Accepted" and state is not None:
            state.reservation = id
            self.reservations[id] = {
                "evse": state.id,
                "expiry": expiry_date_time,
                "id_token": id_token,
            }
            evse = state.id
            self.after_reply(lambda: self._report_availability(evse), "reserved")
        return call_result.ReserveNow(status=status)

    @on("CancelReservation")
    def on_cancel_reservation(
        self, reservation_id: int, **_: Any
    ) -> call_result.CancelReservation:
        found = self.reservations.pop(reservation_id, None)
        status = self._answer("CancelReservation", "Accepted" if found else "Rejected")
        if found is not None:
            evse = found["evse"]
            self.evses[evse].reservation = None
            self.after_reply(lambda: self._report_availability(evse), "unreserved")
        return call_result.CancelReservation(status=status)

    async def expire_reservation(self, reservation_id: int) -> None:
        """The reservation ran out: ReservationStatusUpdate Expired, connector free."""
        found = self.reservations.pop(reservation_id)
        self.evses[found["evse"]].reservation = None
        await self.request(
            call.ReservationStatusUpdate(
                reservation_id=reservation_id, reservation_update_status="Expired"
            )
        )
        await self._report_availability(found["evse"])

    # -- data transfer and display messages ------------------------------------------------------------

    @on("DataTransfer")
    def on_data_transfer(
        self, vendor_id: str, message_id: str | None = None, data: Any = None, **_: Any
    ) -> call_result.DataTransfer:
        default = "Accepted" if vendor_id == self.config.vendor else "UnknownVendorId"
        return call_result.DataTransfer(
            status=self._answer("DataTransfer", default),
            data=data if default == "Accepted" else None,
        )

    @on("SetDisplayMessage")
    def on_set_display_message(
        self, message: dict[str, Any], **_: Any
    ) -> call_result.SetDisplayMessage:
        formats = self.device_model.value("DisplayMessageCtrlr", "SupportedFormats")
        tx = message.get("transaction_id")
        if message["message"]["format"] not in (formats or "").split(","):
            default = "NotSupportedMessageFormat"
        elif tx is not None and tx not in self.transactions:
            default = "UnknownTransaction"
        else:
            default = "Accepted"
        status = self._answer("SetDisplayMessage", default)
        if status == "Accepted":
            self.display_messages[message["id"]] = message
        return call_result.SetDisplayMessage(status=status)

    @on("GetDisplayMessages")
    def on_get_display_messages(
        self,
        request_id: int,
        id: list[int] | None = None,
        priority: str | None = None,
        state: str | None = None,
        **_: Any,
    ) -> call_result.GetDisplayMessages:
        found = [
            m
            for m in self.display_messages.values()
            if (not id or m["id"] in id)
            and (priority is None or m["priority"] == priority)
            and (state is None or m.get("state") == state)
        ]
        if found:
            self.after_reply(
                lambda: self._notify_display_messages(request_id, found),
                "display messages",
            )
        return call_result.GetDisplayMessages(status="Accepted" if found else "Unknown")

    async def _notify_display_messages(
        self, request_id: int, found: list[dict[str, Any]]
    ) -> None:
        """NotifyDisplayMessages in parts of config.report_part_size (tbc)."""
        size = max(1, self.config.report_part_size)
        parts = [found[i : i + size] for i in range(0, len(found), size)]
        for number, part in enumerate(parts, start=1):
            await self.request(
                call.NotifyDisplayMessages(
                    request_id=request_id,
                    message_info=part,
                    tbc=number < len(parts),
                )
            )

    @on("ClearDisplayMessage")
    def on_clear_display_message(
        self, id: int, **_: Any
    ) -> call_result.ClearDisplayMessage:
        found = self.display_messages.pop(id, None)
        return call_result.ClearDisplayMessage(
            status="Accepted" if found else "Unknown"
        )
