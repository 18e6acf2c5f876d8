"""OCPP 1.6J: incoming messages to model updates, commands to outgoing calls."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from ocpp.v16.enums import Action

from ..connection import FollowUp
from ..local_list import Update
from ..model import BootInfo, Change, ConfigurationValue, ConnectorStatus
from ..rpc import Call, CallError, ErrorCode
from ..schemas import validate
from ..timeutil import ocpp_timestamp, parse_timestamp, utc_now
from . import sessions
from .commands import V16Commands

if TYPE_CHECKING:
    from ..session import Session

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

type Answer = tuple[dict[str, Any], FollowUp | None]
type Handler = Callable[[dict[str, Any]], Answer]


class V16Adapter:
    """Speaks OCPP 1.6J for one session."""

    version = VERSION

    def __init__(self, session: Session) -> None:
        self.session = session
        self.charger = session.charger
        self.commands = V16Commands(self)
        self._handlers: dict[str, Handler] = {
            "BootNotification": self._boot_notification,
            "Heartbeat": self._heartbeat,
            "StatusNotification": self._status_notification,
            "DataTransfer": self._data_transfer,
            "FirmwareStatusNotification": self._firmware_status,
            "DiagnosticsStatusNotification": self._diagnostics_status,
            "SecurityEventNotification": self._notification,
            "Authorize": partial(sessions.authorize, self),
            "StartTransaction": partial(sessions.start_transaction, self),
            "StopTransaction": partial(sessions.stop_transaction, self),
            "MeterValues": partial(sessions.meter_values, self),
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
        system = self.session.system
        if system.onboarding.on_boot(self.session, info):
            answer = {
                "status": "Accepted",
                "currentTime": ocpp_timestamp(),
                "interval": system.settings.heartbeat_interval,
            }
            return answer, self.configure_after_boot
        answer = {
            "status": "Pending",
            "currentTime": ocpp_timestamp(),
            "interval": system.settings.pending_retry_interval,
        }
        return answer, None

    def _heartbeat(self, payload: dict[str, Any]) -> Answer:
        now = utc_now()
        if self.session.trusted:
            self.charger.last_heartbeat = now
            self.session.notify(Change.HEARTBEAT)
        return {"currentTime": ocpp_timestamp(now)}, None

    def _status_notification(self, payload: dict[str, Any]) -> Answer:
        connector_id = payload["connectorId"]
        if connector_id < 0:
            raise CallError(
                ErrorCode.PROPERTY_CONSTRAINT_VIOLATION,
                "connectorId must not be negative",
            )
        is_new = connector_id not in self.charger.connectors
        connector = self.charger.connector(connector_id)
        connector.status = STATUS[payload["status"]]
        connector.error_code = payload["errorCode"]
        connector.info = payload.get("info")
        connector.vendor_error_code = payload.get("vendorErrorCode")
        connector.status_time = parse_timestamp(payload.get("timestamp")) or utc_now()
        if is_new:
            self.session.system.persist()
            self.session.notify(Change.CONNECTORS)
        self.session.notify(Change.STATUS, connector_id)
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

    def _notification(self, payload: dict[str, Any]) -> Answer:
        return {}, None

    # Commands

    async def change_configuration(self, key: str, value: str) -> str:
        """Set one configuration key; returns the charger's status."""
        answer = await self.session.call(
            "ChangeConfiguration", {"key": key, "value": value}
        )
        status = str(answer["status"])
        if status in ("Accepted", "RebootRequired"):
            known = self.charger.configuration.get(key)
            readonly = known.readonly if known else False
            self.charger.configuration[key] = ConfigurationValue(value, readonly)
        return status

    async def get_configuration(
        self, keys: list[str] | None = None
    ) -> dict[str, ConfigurationValue]:
        """Read configuration keys (all when `keys` is empty) into the model."""
        answer = await self.session.call(
            "GetConfiguration", {"key": keys} if keys else {}
        )
        values = {
            item["key"]: ConfigurationValue(item.get("value"), item["readonly"])
            for item in answer.get("configurationKey", [])
        }
        self.charger.configuration.update(values)
        self._learn_connectors()
        self.session.notify(Change.CONFIGURATION)
        return values

    def _learn_connectors(self) -> None:
        number = self.charger.configuration.get("NumberOfConnectors")
        try:
            count = int(number.value or "") if number else 0
        except ValueError:
            return
        known = set(self.charger.connectors)
        for connector_id in range(0, min(count, 64) + 1):
            self.charger.connector(connector_id)
        if set(self.charger.connectors) != known:
            self.session.system.persist()
            self.session.notify(Change.CONNECTORS)

    async def request_boot(self) -> str:
        """Ask the charger to send BootNotification now."""
        answer = await self.session.call(
            "TriggerMessage", {"requestedMessage": "BootNotification"}
        )
        return str(answer["status"])

    async def set_password(self, password: str) -> bool:
        """Push a new HTTP Basic password; True when the charger took it."""
        status = await self.change_configuration("AuthorizationKey", password)
        return status == "Accepted"

    async def configure_after_boot(self) -> None:
        """Read the configuration, set metering, then sync the local list."""
        await self.get_configuration()
        await self.configure_metering()
        await self.sync_local_list()
        await self.session.system.control.reapply(self.session)

    def supports(self, profile: str, unknown: bool) -> bool:
        """Whether SupportedFeatureProfiles lists `profile`.

        `unknown` is the answer when the charger has not reported its profiles.
        """
        profiles = self.charger.configuration.get("SupportedFeatureProfiles")
        if profiles is None or not profiles.value:
            return unknown
        return profile in profiles.value.split(",")

    async def sync_local_list(self) -> None:
        """Bring the charger's local list up to date (full or differential)."""
        if not self.supports("LocalAuthListManagement", unknown=False):
            return
        answer = await self.session.call("GetLocalListVersion", {})
        local_list = self.session.system.local_list
        update = local_list.update_for(int(answer["listVersion"]))
        if update is None:
            return
        status = await self._send_local_list(update)
        if status == "VersionMismatch" and not update.full:
            update = local_list.update_for(-1)
            assert update is not None
            status = await self._send_local_list(update)
        if status != "Accepted":
            _LOGGER.info(
                "%s: SendLocalList version %s was %s",
                self.charger.identity,
                update.version,
                status,
            )
        if update.removes_or_blocks:
            await self.session.call("ClearCache", {})

    async def _send_local_list(self, update: Update) -> str:
        limit = self.charger.configuration.get("SendLocalListMaxLength")
        if (
            limit
            and (limit.value or "").isdigit()
            and len(update.entries) > int(limit.value or 0)
        ):
            return "ListTooLong"
        entries: list[dict[str, Any]] = []
        for id_tag, info in update.entries:
            entry: dict[str, Any] = {"idTag": id_tag}
            if info is not None:
                entry["idTagInfo"] = {"status": info["status"]}
                if info["expiry"]:
                    entry["idTagInfo"]["expiryDate"] = info["expiry"]
            entries.append(entry)
        answer = await self.session.call(
            "SendLocalList",
            {
                "listVersion": update.version,
                "updateType": "Full" if update.full else "Differential",
                "localAuthorizationList": entries,
            },
        )
        return str(answer["status"])

    async def configure_metering(self) -> None:
        """Set MeterValueSampleInterval and MeterValuesSampledData as configured."""
        settings = self.session.system.settings
        interval = str(settings.meter_interval)
        current = self.charger.configuration.get("MeterValueSampleInterval")
        if current is None or current.value != interval:
            status = await self.change_configuration(
                "MeterValueSampleInterval", interval
            )
            if status not in ("Accepted", "RebootRequired"):
                _LOGGER.info(
                    "%s: MeterValueSampleInterval %s s was %s",
                    self.charger.identity,
                    interval,
                    status,
                )
        self.charger.measurands = await self._configure_measurands(settings.measurands)
        self.session.notify(Change.CONFIGURATION)

    async def _configure_measurands(self, wanted: tuple[str, ...]) -> list[str]:
        key = "MeterValuesSampledData"
        joined = ",".join(wanted)
        current = self.charger.configuration.get(key)
        if current is not None and current.value == joined:
            return list(wanted)
        if await self.change_configuration(key, joined) == "Accepted":
            return list(wanted)
        accepted = [
            m for m in wanted if await self.change_configuration(key, m) == "Accepted"
        ]
        if len(accepted) > 1:
            await self.change_configuration(key, ",".join(accepted))
        _LOGGER.info(
            "%s: the charger samples %s",
            self.charger.identity,
            ", ".join(accepted) or "nothing we asked for",
        )
        return accepted
