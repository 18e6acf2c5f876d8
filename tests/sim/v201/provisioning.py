"""Provisioning: device-model variables, reports, network profiles, reset (B05-B12)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import quote

from ocpp.exceptions import OccurenceConstraintViolationError
from ocpp.v201 import call, call_result

from ..handlers import on
from .base import utc_now
from .device_model import Key, key_of
from .smart_charging import SimSmartCharging

_LOGGER = logging.getLogger("tests.sim")

PASSWORD = Key("SecurityCtrlr", "BasicAuthPassword")
HEARTBEAT = Key("OCPPCommCtrlr", "HeartbeatInterval")
PRIORITY = Key("OCPPCommCtrlr", "NetworkConfigurationPriority")
SECURITY_PROFILE = Key("SecurityCtrlr", "SecurityProfile")


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


class SimProvisioning(SimSmartCharging):
    """GetVariables/SetVariables/GetBaseReport/GetReport/SetNetworkProfile/Reset."""

    def __init__(self, config: Any) -> None:
        super().__init__(config)
        self.interval_changed = asyncio.Event()  # TxUpdatedInterval was set

    def _items_limit(self, instance: str, count: int) -> None:
        """CALLERROR when a request holds more items than the station takes."""
        limit = self.device_model.value(
            "DeviceDataCtrlr", "ItemsPerMessage", variable_instance=instance
        )
        if limit is not None and count > int(limit):
            raise OccurenceConstraintViolationError(
                details={"cause": f"more than {limit} items in {instance}"}
            )

    # -- variables ------------------------------------------------------------------

    @on("GetVariables")
    def on_get_variables(
        self, get_variable_data: list[dict[str, Any]], **_: Any
    ) -> call_result.GetVariables:
        self._items_limit("GetVariables", len(get_variable_data))
        results = []
        for item in get_variable_data:
            attribute = item.get("attribute_type", "Actual")
            status, value = self.device_model.get(
                key_of(item["component"], item["variable"]), attribute
            )
            result = {
                "attribute_status": status,
                "attribute_type": attribute,  # B06.FR.02, B06.FR.11
                "component": item["component"],
                "variable": item["variable"],
            }
            if value is not None:
                result["attribute_value"] = value
            results.append(result)
        return call_result.GetVariables(get_variable_result=results)

    def _refused(self, key: Key) -> bool:
        refuse = self.config.refuse_variables
        return "*" in refuse or (key.component, key.variable) in refuse

    @on("SetVariables")
    def on_set_variables(
        self, set_variable_data: list[dict[str, Any]], **_: Any
    ) -> call_result.SetVariables:
        self._items_limit("SetVariables", len(set_variable_data))
        results = []
        for item in set_variable_data:
            key = key_of(item["component"], item["variable"])
            attribute = item.get("attribute_type", "Actual")
            value = item["attribute_value"]
            if self._refused(key):
                status = self.config.refuse_status
            elif key == PRIORITY and not self._priority_ok(value):
                status = "Rejected"  # A05.FR.05: no downgrade, known slots only
            else:
                status = self.device_model.set(key, value, attribute)
            if status == "Accepted":
                self._variable_set(key, value)
            results.append(
                {
                    "attribute_status": status,
                    "attribute_type": attribute,  # B05.FR.02, B05.FR.12
                    "component": item["component"],
                    "variable": item["variable"],
                }
            )
        return call_result.SetVariables(set_variable_result=results)

    def _priority_ok(self, value: str) -> bool:
        current = self.device_model.int_value(*SECURITY_PROFILE[:2], 0)
        for slot in (s.strip() for s in value.split(",") if s.strip()):
            if not slot.isdigit():
                return False
            profile = self.network_profiles.get(int(slot))
            if int(slot) != 0 and profile is None:
                return False
            if profile is not None and profile["security_profile"] < current:
                return False
        return True

    def _variable_set(self, key: Key, value: str) -> None:
        """What a station does when a variable changed."""
        if key == HEARTBEAT:
            self.heartbeat_interval = int(value)
        elif key.variable == "TxUpdatedInterval":
            self.interval_changed.set()
        elif key == PASSWORD:
            self.config.password = value
            self.device_model.variables[PASSWORD].values["Actual"] = ""  # write-only
            if not self.config.keep_connection_on_new_password:
                self.after_reply(self._new_password, "new password")

    async def _new_password(self) -> None:
        """Reconnect with the new password, then report it (A01.FR.05)."""
        _LOGGER.info("%s: BasicAuthPassword changed, reconnecting", self.id)
        await self.reconnect_link()
        await self.security_event("ReconfigurationOfSecurityParameters")

    async def reconnect_link(self) -> None:
        """Close the websocket and open it again (run(), if running, is told)."""
        if self.running:
            self._reconnect_wanted = True
            if self._connection is not None:
                await self._connection.close(1000, "reconnect")
            return
        await self.drop_link()
        await self.reconnect()

    async def drop_link(self, code: int = 1000, *, abrupt: bool = False) -> None:
        """Close the websocket without cancelling the station's tasks.

        abrupt: cut the TCP connection without a close frame, as a lost
        mobile link does (the CSMS sees close code 1006).
        """
        if self._connection is not None and self.connected:
            if abrupt:
                self._connection.transport.abort()
            else:
                await self._connection.close(code)
        if self._closed is not None:
            await asyncio.shield(self._closed)

    # -- reports ------------------------------------------------------------------------

    @on("GetBaseReport")
    def on_get_base_report(
        self, request_id: int, report_base: str, **_: Any
    ) -> call_result.GetBaseReport:
        data = self.device_model.report(report_base)
        status = self._answer("GetBaseReport", "Accepted" if data else "EmptyResultSet")
        if status == "Accepted":
            self.after_reply(lambda: self.notify_report(request_id, data), "report")
        return call_result.GetBaseReport(status=status)

    @on("GetReport")
    def on_get_report(
        self,
        request_id: int,
        component_variable: list[dict[str, Any]] | None = None,
        component_criteria: list[str] | None = None,
        **_: Any,
    ) -> call_result.GetReport:
        wanted = component_variable or []
        data = []
        for variable in self.device_model:
            entry = variable.report()
            named = not wanted or any(
                w["component"]["name"] == variable.key.component
                and (
                    "variable" not in w
                    or w["variable"]["name"] == variable.key.variable
                )
                for w in wanted
            )
            chosen = not component_criteria or variable.key.variable in set(
                component_criteria
            )
            if named and chosen:
                data.append(entry)
        status = self._answer("GetReport", "Accepted" if data else "EmptyResultSet")
        if status == "Accepted":
            self.after_reply(lambda: self.notify_report(request_id, data), "report")
        return call_result.GetReport(status=status)

    async def notify_report(self, request_id: int, data: list[dict[str, Any]]) -> None:
        """NotifyReport in parts of config.report_part_size (tbc, seqNo from 0)."""
        parts = _chunks(data, max(1, self.config.report_part_size))
        for seq_no, part in enumerate(parts):
            await self.request(
                call.NotifyReport(
                    request_id=request_id,
                    generated_at=utc_now(),
                    seq_no=seq_no,
                    report_data=part or None,
                    tbc=seq_no < len(parts) - 1,
                )
            )

    # -- network profiles -----------------------------------------------------------------

    @on("SetNetworkProfile")
    def on_set_network_profile(
        self, configuration_slot: int, connection_data: dict[str, Any], **_: Any
    ) -> call_result.SetNetworkProfile:
        current = self.device_model.int_value(*SECURITY_PROFILE[:2], 0)
        ok = (
            0 < configuration_slot <= 8
            and connection_data["security_profile"] >= current
        )
        status = self._answer("SetNetworkProfile", "Accepted" if ok else "Rejected")
        if status == "Accepted":
            self.network_profiles[configuration_slot] = connection_data
        return call_result.SetNetworkProfile(status=status)

    def adopt_network_profile(self) -> None:
        """At a reboot: connect as the first slot of NetworkConfigurationPriority says."""
        order = self.device_model.value(*PRIORITY[:2]) or "0"
        profile = self.network_profiles.get(int(order.split(",")[0]))
        if profile is None:
            return
        identity = quote(self.config.identity or "")
        self.config.url = profile["ocpp_csms_url"].rstrip("/") + "/" + identity
        self.device_model.variables[SECURITY_PROFILE].values["Actual"] = str(
            profile["security_profile"]
        )

    # -- reset ---------------------------------------------------------------------------------

    @on("Reset")
    def on_reset(
        self, type: str, evse_id: int | None = None, **_: Any
    ) -> call_result.Reset:
        if evse_id is not None and evse_id not in self.evses:
            return call_result.Reset(status="Rejected")
        busy = [
            e.id
            for e in self.evses.values()
            if e.transaction and evse_id in (None, e.id)
        ]
        default = "Scheduled" if busy and type == "OnIdle" else "Accepted"
        status = self._answer("Reset", default)  # B12.FR.01
        if status == "Scheduled":
            self.reset_scheduled[evse_id] = type
        elif status == "Accepted":
            self.after_reply(lambda: self._reset(evse_id), "reset")
        return call_result.Reset(status=status)

    async def _reset(self, evse_id: int | None) -> None:
        for evse in [e for e in self.evses.values() if evse_id in (None, e.id)]:
            if evse.transaction is not None:
                await self.end_transaction(evse.id, stopped_reason="ImmediateReset")
        if evse_id is None:
            await self.reboot("RemoteReset")
            return
        evse = self.evses[evse_id]
        for connector in evse.connectors:
            await self.status(evse_id, connector, "Unavailable")
        for connector in evse.connectors:
            await self.status(evse_id, connector, self.free_status(evse_id, connector))

    async def _transaction_ended(self, evse: int) -> None:
        """Run a Scheduled reset once its EVSE (or the whole station) is idle."""
        await super()._transaction_ended(evse)
        if None in self.reset_scheduled and not any(
            e.transaction for e in self.evses.values()
        ):
            self.reset_scheduled.clear()  # the reboot resets every EVSE too
            self._spawn(self.reboot("ScheduledReset"), "scheduled reset")
        elif self.reset_scheduled.pop(evse, None) is not None:
            self._spawn(self._reset(evse), "scheduled EVSE reset")

    def free_status(self, evse: int, connector: int) -> str:
        """The status of a connector without a transaction."""
        state = self.evses[evse]
        if not (state.operative and self.station_operative):
            return "Unavailable"
        if state.plugged == connector:
            return "Occupied"
        return "Reserved" if state.reservation is not None else "Available"

    async def reboot(self, reason: str = "RemoteReset") -> None:
        """Drop the link and come back as a freshly booted station."""
        _LOGGER.info("%s: rebooting (%s)", self.id, reason)
        self.boot_status = None
        self.adopt_network_profile()
        if self.running:
            self._reboot_reason = reason
            self._reconnect_wanted = True
            if self._connection is not None:
                await self._connection.close(1000, "reboot")
            return
        await self.drop_link()
        await self.connect()
        if await self.boot(reason) == "Accepted":
            await self.after_accepted()
