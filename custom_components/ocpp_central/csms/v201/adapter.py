"""OCPP 2.0.1: incoming messages to model updates."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from ocpp.v201.enums import Action

from ..charging import MAX_CONNECTOR_ID
from ..core import Core
from ..model import BootInfo, Change
from ..protocol import Answer, Link
from ..rpc import Call, CallError, ErrorCode
from ..schemas import validate
from ..timeutil import ocpp_timestamp, utc_now
from .commands import V201Commands
from .device_model import DeviceModel
from .display import DisplayMessages
from .housekeeping import V201Housekeeping
from .notices import Notices
from .status import Evses
from .tokens import NOT_CHECKED, id_token_info
from .transactions import TransactionEvents

VERSION = "2.0.1"
KNOWN_ACTIONS = frozenset(action.value for action in Action)
# What a station may send before it is accepted (B02.FR.09): its boot, and
# the report we may ask for meanwhile. Anything else gets SecurityError.
ALLOWED_BEFORE_ACCEPTANCE = frozenset({"BootNotification", "NotifyReport"})
ERROR_CODES = {ErrorCode.FORMATION_VIOLATION: "FormatViolation"}

type Handler = Callable[[dict[str, Any]], Answer]


class V201Adapter(V201Housekeeping):
    """Speaks OCPP 2.0.1 for one session.

    The incoming messages are here; what the central system asks of the
    station on its own (device model, metering, the tag list) is in
    `V201Housekeeping`.
    """

    version = VERSION
    error_codes = ERROR_CODES

    def __init__(self, link: Link, core: Core) -> None:
        self.session = link
        self.core = core
        self.charger = link.charger
        self.model = DeviceModel(link)
        self.commands = V201Commands(link, self.model, core.host.settings)
        self._syncing = asyncio.Lock()
        self.evses = Evses()
        self.transactions = TransactionEvents(
            link, core.charging, self.evses, self._publish, self._cost_enabled
        )
        self.notices = Notices(link, core.certificates)
        self.display = DisplayMessages(link)
        self._handlers: dict[str, Handler] = {
            "BootNotification": self._boot_notification,
            "Heartbeat": self._heartbeat,
            "StatusNotification": self._status_notification,
            "TransactionEvent": self.transactions.handle,
            "MeterValues": self.transactions.meter_values,
            "Authorize": self._authorize,
            "NotifyReport": self._notify_report,
            **self.notices.handlers(),
            "NotifyDisplayMessages": self.display.notify,
        }
        # The capabilities 1.6 chargers do not have.
        self.set_display_message = self.display.set_display_message
        self.get_display_messages = self.display.get_display_messages
        self.clear_display_message = self.display.clear_display_message

    async def dispatch(self, call: Call) -> Answer:
        """Answer one CALL from the station."""
        handler = self._handlers.get(call.action)
        if handler is None:
            if call.action in KNOWN_ACTIONS:
                raise CallError(
                    ErrorCode.NOT_SUPPORTED,
                    f"{call.action} is not supported by this central system",
                )
            raise CallError(ErrorCode.NOT_IMPLEMENTED, f"unknown action {call.action}")
        validate(VERSION, call.action, call.payload, message_id=call.message_id)
        if call.action not in ALLOWED_BEFORE_ACCEPTANCE and not self.session.trusted:
            raise CallError(
                ErrorCode.SECURITY_ERROR,
                "this station has not been accepted by the central system yet",
            )
        if call.action == "BootNotification":
            self.session.restarted()  # it forgot what it had not answered
        return handler(call.payload)

    def _cost_enabled(self) -> bool:
        """Whether the station shows running costs (unknown counts as yes)."""
        found = self.model.value("TariffCostCtrlr/Enabled[Cost]") or "true"
        return found.lower() != "false"

    # Incoming messages

    def _boot_notification(self, payload: dict[str, Any]) -> Answer:
        station = payload["chargingStation"]
        modem = station.get("modem") or {}
        info = BootInfo(
            vendor=station["vendorName"],
            model=station["model"],
            serial=station.get("serialNumber"),
            firmware=station.get("firmwareVersion"),
            iccid=modem.get("iccid"),
            imsi=modem.get("imsi"),
        )
        settings = self.core.host.settings
        if self.core.onboarding.on_boot(self.session, info):
            answer = {
                "status": "Accepted",
                "currentTime": ocpp_timestamp(),
                "interval": settings.heartbeat_interval,
            }
            return answer, self.configure_after_boot
        answer = {
            "status": "Pending",
            "currentTime": ocpp_timestamp(),
            "interval": settings.pending_retry_interval,
        }
        return answer, None

    def _heartbeat(self, payload: dict[str, Any]) -> Answer:
        now = utc_now()
        self.charger.last_heartbeat = now
        self.session.notify(Change.HEARTBEAT)
        return {"currentTime": ocpp_timestamp(now)}, None

    def _status_notification(self, payload: dict[str, Any]) -> Answer:
        evse_id = int(payload["evseId"])
        if not 0 < evse_id <= MAX_CONNECTOR_ID:
            raise CallError(
                ErrorCode.PROPERTY_CONSTRAINT_VIOLATION,
                f"evseId must be 1 to {MAX_CONNECTOR_ID}",
            )
        self.evses.connector_reported(
            evse_id, int(payload["connectorId"]), payload["connectorStatus"]
        )
        self._publish(evse_id, payload.get("timestamp"))
        return {}, None

    def _publish(self, evse_id: int, timestamp: str | None = None) -> None:
        """Show the EVSE's status as the neutral model words it."""
        status = self.evses.evse(evse_id).status()
        if status is None:
            return
        connector = self.charger.connector(evse_id)
        if connector.status is status and timestamp is None:
            return
        self.core.charging.set_status(self.charger, evse_id, status, None, timestamp)

    def _authorize(self, payload: dict[str, Any]) -> Answer:
        token = payload["idToken"]
        charging = self.core.charging
        if token.get("type") in NOT_CHECKED:
            status = charging.status_of(str(token["idToken"]))
        else:
            status = charging.authorize(self.charger, str(token["idToken"]), None)
        tag = self.core.host.settings.tags.get(str(token["idToken"]).casefold())
        return {"idTokenInfo": id_token_info(status, tag)}, None

    def _notify_report(self, payload: dict[str, Any]) -> Answer:
        self.model.report_part(payload)
        self._learn_evses()
        return {}, None
