"""OCPP 1.6J: incoming messages to model updates."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from ocpp.v16.enums import Action

from ..certificates import note_security_event
from ..core import Core
from ..model import BootInfo, Change, ConnectorStatus
from ..outcalls import status_call
from ..protocol import Answer, Link
from ..rpc import Call, CallError, ErrorCode
from ..schemas import validate
from ..timeutil import ocpp_timestamp, utc_now
from . import sessions
from .commands import V16Commands
from .housekeeping import V16Housekeeping
from .sessions import connector_id

_LOGGER = logging.getLogger(__name__)

VERSION = "1.6"
KNOWN_ACTIONS = frozenset(action.value for action in Action)
# What an unaccepted charger may send (OCPP 1.6 section 4.2).
ALLOWED_BEFORE_ACCEPTANCE = frozenset({"BootNotification", "Heartbeat"})
STATUS = {
    "Available": ConnectorStatus.AVAILABLE,
    "Preparing": ConnectorStatus.PREPARING,
    "Charging": ConnectorStatus.CHARGING,
    "SuspendedEV": ConnectorStatus.SUSPENDED_EV,
    "SuspendedEVSE": ConnectorStatus.SUSPENDED_EVSE,
    "Finishing": ConnectorStatus.FINISHING,
    "Reserved": ConnectorStatus.RESERVED,
    "Unavailable": ConnectorStatus.UNAVAILABLE,
    "Faulted": ConnectorStatus.FAULTED,
}

type Handler = Callable[[dict[str, Any]], Answer]


# 1.6 has one code for every malformed frame.
ERROR_CODES = {
    ErrorCode.RPC_FRAMEWORK_ERROR: ErrorCode.FORMATION_VIOLATION,
    ErrorCode.MESSAGE_TYPE_NOT_SUPPORTED: ErrorCode.FORMATION_VIOLATION,
}


class V16Adapter(V16Housekeeping):
    """Speaks OCPP 1.6J for one session.

    The incoming messages are here; what the central system asks of the
    charger on its own (configuration, metering, the tag list) is in
    `V16Housekeeping`.
    """

    version = VERSION
    error_codes = ERROR_CODES

    def __init__(self, link: Link, core: Core) -> None:
        self.session = link
        self.core = core
        self.charger = link.charger
        self.commands = V16Commands(link)
        self._syncing = asyncio.Lock()
        self._handlers: dict[str, Handler] = {
            "BootNotification": self._boot_notification,
            "Heartbeat": self._heartbeat,
            "StatusNotification": self._status_notification,
            "DataTransfer": self._data_transfer,
            "FirmwareStatusNotification": self._firmware_status,
            "DiagnosticsStatusNotification": self._diagnostics_status,
            "SecurityEventNotification": self._security_event,
            "SignCertificate": self._sign_certificate,
            "SignedFirmwareStatusNotification": self._firmware_status,
            "LogStatusNotification": self._diagnostics_status,
            "Authorize": partial(sessions.authorize, core.charging, self.charger),
            "StartTransaction": partial(
                sessions.start_transaction, core.charging, self.charger
            ),
            "StopTransaction": partial(
                sessions.stop_transaction, core.charging, self.charger
            ),
            "MeterValues": partial(sessions.meter_values, core.charging, self.charger),
        }

    async def dispatch(self, call: Call) -> Answer:
        """Answer one CALL from the charger."""
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
                "this charger has not been accepted by the central system yet",
            )
        if call.action == "BootNotification":
            # A charger that booted forgot what it was asked and not answered.
            self.session.restarted()
        return handler(call.payload)

    # Incoming messages

    def _boot_notification(self, payload: dict[str, Any]) -> Answer:
        info = BootInfo(
            vendor=payload["chargePointVendor"],
            model=payload["chargePointModel"],
            serial=payload.get("chargePointSerialNumber")
            or payload.get("chargeBoxSerialNumber"),
            firmware=payload.get("firmwareVersion"),
            meter_type=payload.get("meterType"),
            meter_serial=payload.get("meterSerialNumber"),
            iccid=payload.get("iccid"),
            imsi=payload.get("imsi"),
        )
        core = self.core
        if core.onboarding.on_boot(self.session, info):
            answer = {
                "status": "Accepted",
                "currentTime": ocpp_timestamp(),
                "interval": core.host.settings.heartbeat_interval,
            }
            return answer, self.configure_after_boot
        answer = {
            "status": "Pending",
            "currentTime": ocpp_timestamp(),
            "interval": core.host.settings.pending_retry_interval,
        }
        return answer, None

    def _heartbeat(self, payload: dict[str, Any]) -> Answer:
        now = utc_now()
        if self.session.trusted:
            self.charger.last_heartbeat = now
            self.session.notify(Change.HEARTBEAT)
        return {"currentTime": ocpp_timestamp(now)}, None

    def _status_notification(self, payload: dict[str, Any]) -> Answer:
        self.core.charging.set_status(
            self.charger,
            connector_id(payload),
            STATUS[payload["status"]],
            payload["errorCode"],
            payload.get("timestamp"),
            payload.get("info"),
            payload.get("vendorErrorCode"),
        )
        return {}, None

    def _data_transfer(self, payload: dict[str, Any]) -> Answer:
        _LOGGER.debug(
            "%s: DataTransfer from vendor %s ignored",
            self.charger.identity,
            payload.get("vendorId"),
        )
        return {"status": "UnknownVendorId"}, None

    def _firmware_status(self, payload: dict[str, Any]) -> Answer:
        self.charger.firmware_status = payload["status"]
        self.session.notify(Change.OPERATION)
        return {}, None

    def _diagnostics_status(self, payload: dict[str, Any]) -> Answer:
        self.charger.diagnostics_status = payload["status"]
        self.session.notify(Change.OPERATION)
        return {}, None

    def _security_event(self, payload: dict[str, Any]) -> Answer:
        note_security_event(
            self.session,
            payload["type"],
            payload.get("timestamp"),
            payload.get("techInfo"),
        )
        return {}, None

    def _sign_certificate(self, payload: dict[str, Any]) -> Answer:
        """Sign the charger's CSR; the certificate follows once answered."""
        signed = self.core.certificates.sign(self.charger.identity, payload["csr"])
        if signed is None:
            return {"status": "Rejected"}, None

        async def deliver() -> None:
            status = await status_call(
                self.session,
                "CertificateSigned",
                {"certificateChain": signed.certificate_chain},
                ok=("Accepted", "Rejected"),
            )
            self.core.certificates.delivered(self.charger.identity, status)

        return {"status": "Accepted"}, deliver
