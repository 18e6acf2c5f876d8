"""OCPP 1.6 commands: what Home Assistant asks a charger to do.

Each command returns the charger's answer, or raises: `ChargerOffline`,
`ChargerTimeout`, `ChargerNotSupported` and `ChargerRejected` (with the
charger's status).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ..errors import ChargerNotSupported, ChargerRejected
from ..limits import period
from ..model import Charger
from ..protocol import Link
from ..timeutil import ocpp_timestamp, utc_now
from .features import supports
from .security_commands import V16SecurityCommands

# Fixed profile ids: a new limit replaces the old profile, never adds one.
TX_DEFAULT_PROFILE_ID = 9001
MAX_PROFILE_ID = 9000
# Version-neutral names -> what 1.6 calls them.
TRIGGERS = {
    "boot": "BootNotification",
    "heartbeat": "Heartbeat",
    "status": "StatusNotification",
    "meter_values": "MeterValues",
    "firmware_status": "FirmwareStatusNotification",
    "log_status": "DiagnosticsStatusNotification",
}
PURPOSES = {
    "station_max": "ChargePointMaxProfile",
    "tx_default": "TxDefaultProfile",
    "tx": "TxProfile",
}


class V16Commands(V16SecurityCommands):
    """Commands for one 1.6 session."""

    def __init__(self, link: Link) -> None:
        self.session = link
        self.charger: Charger = link.charger

    def supports(self, profile: str) -> bool:
        """Whether the charger lists a feature profile (unknown counts as yes)."""
        return supports(self.charger, profile, unknown=True)

    def _config_int(self, key: str) -> int | None:
        found = self.charger.configuration.get(key)
        value = (found.value or "").strip() if found else ""
        return int(value) if value.isdigit() else None

    # Sessions

    async def start(
        self, connector: int, id_tag: str, profile: dict[str, Any] | None = None
    ) -> str:
        """RemoteStartTransaction, with a TxProfile for the session when given."""
        payload: dict[str, Any] = {"connectorId": connector, "idTag": id_tag}
        if profile is not None:
            payload["chargingProfile"] = profile
        return await self._call("RemoteStartTransaction", payload)

    async def stop(
        self, connector: int, transaction_id: int | str | None = None
    ) -> str:
        """RemoteStopTransaction of the connector's session (or the one named)."""
        if isinstance(transaction_id, str):
            if not transaction_id.isdigit():
                raise ValueError(f"{transaction_id!r} is not a 1.6 transaction id")
            transaction_id = int(transaction_id)
        if transaction_id is None:
            transaction = self.charger.connector(connector).transaction
            if transaction is None:
                raise ChargerRejected(
                    "NoSession", f"no session on connector {connector}"
                )
            transaction_id = transaction.id
        return await self._call(
            "RemoteStopTransaction", {"transactionId": transaction_id}
        )

    # Smart charging

    def _rate_unit(self) -> str:
        if self.charger.quirks.rate_unit in ("A", "W"):
            return str(self.charger.quirks.rate_unit)
        allowed = self.charger.configuration.get(
            "ChargingScheduleAllowedChargingRateUnit"
        )
        units = (allowed.value or "") if allowed else ""
        return "W" if units and "Current" not in units else "A"

    def profile(
        self,
        connector: int,
        purpose: str,
        profile_id: int,
        amps: float,
        phases: int | None,
        duration_s: int | None = None,
    ) -> dict[str, Any]:
        """A charging profile limiting a connector (or the charger) to `amps`."""
        quirks = self.charger.quirks
        level = quirks.stack_level
        if level is None:
            level = self._config_int("ChargeProfileMaxStackLevel") or 0
        found = period(
            self.charger.connector(connector), amps, phases, self._rate_unit(), quirks
        )
        schedule: dict[str, Any] = {
            "chargingRateUnit": found.unit,
            "chargingSchedulePeriod": [found.as_payload()],
        }
        if duration_s:
            schedule["duration"] = duration_s
        kind = "Relative" if quirks.relative_profile else "Absolute"
        profile: dict[str, Any] = {
            "chargingProfileId": profile_id,
            "stackLevel": level,
            "chargingProfilePurpose": purpose,
            "chargingProfileKind": kind,
            "chargingSchedule": schedule,
        }
        if not quirks.relative_profile:
            schedule["startSchedule"] = ocpp_timestamp(utc_now() - timedelta(minutes=1))
        return {"connectorId": connector, "csChargingProfiles": profile}

    async def set_current_limit(
        self,
        connector: int,
        amps: float,
        phases: int | None = None,
        duration_s: int | None = None,
    ) -> str:
        """Limit a connector with one TxDefaultProfile (flash-safe, replaced)."""
        if not self.supports("SmartCharging"):
            raise ChargerNotSupported(
                "NotSupported", "the charger has no SmartCharging"
            )
        payload = self.profile(
            connector,
            "TxDefaultProfile",
            TX_DEFAULT_PROFILE_ID,
            amps,
            phases,
            duration_s,
        )
        return await self._call("SetChargingProfile", payload)

    async def set_installation_limit(self, amps: float) -> str:
        """Limit the whole charger (ChargePointMaxProfile): only on user request."""
        if not self.supports("SmartCharging"):
            raise ChargerNotSupported(
                "NotSupported", "the charger has no SmartCharging"
            )
        payload = self.profile(0, "ChargePointMaxProfile", MAX_PROFILE_ID, amps, None)
        return await self._call("SetChargingProfile", payload)

    def pause_by_stop(self) -> bool:
        """Whether pausing ends the session (no SmartCharging, or the quirk)."""
        return self.charger.quirks.pause_by_stop or not self.supports("SmartCharging")

    async def pause(self, connector: int) -> str:
        """Hold charging: 0 A keeps the session open (or a remote stop)."""
        if self.pause_by_stop():
            return await self.stop(connector)
        return await self.set_current_limit(connector, 0)

    async def resume(
        self,
        connector: int,
        limit_a: float | None,
        id_tag: str,
        phases: int | None = None,
    ) -> str:
        """Charge again at the limit in force (or start a new session)."""
        if self.pause_by_stop():
            return await self.start(connector, id_tag)
        if limit_a is None:
            return await self.clear_profile(connector)
        return await self.set_current_limit(connector, limit_a, phases)

    async def clear_profile(self, connector: int) -> str:
        """Remove our TxDefaultProfile: the charger's own maximum applies."""
        return await self._call(
            "ClearChargingProfile",
            {"id": TX_DEFAULT_PROFILE_ID, "connectorId": connector},
            ok=("Accepted", "Unknown"),
        )

    # Operations

    async def set_available(self, connector: int, available: bool) -> str:
        """ChangeAvailability; `Scheduled` (after the session) is a success."""
        return await self._call(
            "ChangeAvailability",
            {
                "connectorId": connector,
                "type": "Operative" if available else "Inoperative",
            },
            ok=("Accepted", "Scheduled"),
        )

    async def unlock(self, connector: int) -> str:
        """UnlockConnector."""
        return await self._call(
            "UnlockConnector", {"connectorId": connector}, ok=("Unlocked",)
        )

    async def reset(self, hard: bool) -> str:
        """Reset the charger."""
        return await self._call("Reset", {"type": "Hard" if hard else "Soft"})

    async def trigger(self, message: str, connector: int | None = None) -> str:
        """TriggerMessage (`message`: a neutral name, see TRIGGERS)."""
        if message not in TRIGGERS:
            raise ValueError(f"a 1.6 charger cannot be asked for {message!r}")
        payload: dict[str, Any] = {"requestedMessage": TRIGGERS[message]}
        if connector is not None:
            payload["connectorId"] = connector
        return await self._call("TriggerMessage", payload)

    # Installer commands (the raw services)

    async def set_charging_profile(
        self, connector: int, profile: dict[str, Any]
    ) -> str:
        """SetChargingProfile with a full 1.6 profile (checked against the schema)."""
        return await self._call(
            "SetChargingProfile",
            {"connectorId": connector, "csChargingProfiles": profile},
        )

    async def clear_charging_profile(
        self,
        profile_id: int | None,
        connector: int | None,
        purpose: str | None,
        stack_level: int | None,
    ) -> str:
        """ClearChargingProfile by any of id, connector, purpose and stack level."""
        payload = {
            key: value
            for key, value in (
                ("id", profile_id),
                ("connectorId", connector),
                ("chargingProfilePurpose", PURPOSES.get(purpose or "", purpose)),
                ("stackLevel", stack_level),
            )
            if value is not None
        }
        return await self._call("ClearChargingProfile", payload)

    async def get_composite_schedule(
        self, connector: int, duration_s: int, rate_unit: str | None
    ) -> dict[str, Any]:
        """GetCompositeSchedule; returns the charger's schedule."""
        payload: dict[str, Any] = {"connectorId": connector, "duration": duration_s}
        if rate_unit:
            payload["chargingRateUnit"] = rate_unit
        answer = await self.session.call("GetCompositeSchedule", payload)
        if answer.get("status") != "Accepted":
            raise ChargerRejected(str(answer.get("status")), "GetCompositeSchedule")
        return {
            "connector": answer.get("connectorId", connector),
            "schedule_start": answer.get("scheduleStart"),
            "schedule": answer.get("chargingSchedule"),
        }

    async def data_transfer(
        self, vendor_id: str, message_id: str | None, data: str | None
    ) -> dict[str, Any]:
        """DataTransfer; returns the charger's status and data."""
        payload: dict[str, Any] = {"vendorId": vendor_id}
        if message_id:
            payload["messageId"] = message_id
        if data is not None:
            payload["data"] = data
        answer = await self.session.call("DataTransfer", payload)
        status = str(answer.get("status"))
        if status in ("UnknownMessageId", "UnknownVendorId"):
            raise ChargerNotSupported(status, "DataTransfer")
        if status != "Accepted":
            raise ChargerRejected(status, "DataTransfer")
        return {"status": status, "data": answer.get("data")}

    async def reserve_now(
        self, connector: int, id_tag: str, expiry: datetime, reservation_id: int
    ) -> str:
        """ReserveNow."""
        return await self._call(
            "ReserveNow",
            {
                "connectorId": connector,
                "expiryDate": ocpp_timestamp(expiry),
                "idTag": id_tag,
                "reservationId": reservation_id,
            },
        )

    async def cancel_reservation(self, reservation_id: int) -> str:
        """CancelReservation."""
        return await self._call("CancelReservation", {"reservationId": reservation_id})

    async def update_firmware(
        self,
        location: str,
        retrieve: datetime,
        retries: int | None,
        retry_interval_s: int | None,
    ) -> None:
        """UpdateFirmware; progress arrives as FirmwareStatusNotification."""
        payload: dict[str, Any] = {
            "location": location,
            "retrieveDate": ocpp_timestamp(retrieve),
        }
        if retries is not None:
            payload["retries"] = retries
        if retry_interval_s is not None:
            payload["retryInterval"] = retry_interval_s
        await self.session.call("UpdateFirmware", payload)

    async def get_diagnostics(
        self, location: str, start: datetime | None, stop: datetime | None
    ) -> str | None:
        """GetDiagnostics; returns the file name the charger will upload."""
        payload: dict[str, Any] = {"location": location}
        if start is not None:
            payload["startTime"] = ocpp_timestamp(start)
        if stop is not None:
            payload["stopTime"] = ocpp_timestamp(stop)
        answer = await self.session.call("GetDiagnostics", payload)
        name = answer.get("fileName")
        return str(name) if name else None

    async def clear_cache(self) -> str:
        """ClearCache."""
        return await self._call("ClearCache", {})
