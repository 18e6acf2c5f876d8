"""OCPP 2.0.1 commands: the version-neutral commands, said in 2.0.1.

The current limit is one TxDefaultProfile per EVSE with a fixed id (profile
ids are station-wide in 2.0.1, so each EVSE has its own), kind Absolute,
started a minute ago; the installation limit is the ChargingStationMaxProfile
on EVSE 0, written only on a person's request; a pause is the same profile at
0 A. Connector ids of the neutral model are EVSE ids.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

from ..errors import ChargerNotSupported, ChargerRejected
from ..limits import period
from ..model import Charger
from ..protocol import Link
from ..settings import Settings
from ..timeutil import ocpp_timestamp, utc_now
from .device_model import DeviceModel
from .security_commands import V201SecurityCommands
from .tokens import CENTRAL, DEFAULT_TYPE, id_token

MAX_PROFILE_ID = 9000  # ChargingStationMaxProfile
TX_DEFAULT_PROFILE_BASE = 9100  # + EVSE id: one TxDefaultProfile per EVSE
TRIGGERS = {
    "boot": "BootNotification",
    "heartbeat": "Heartbeat",
    "status": "StatusNotification",
    "meter_values": "MeterValues",
    "firmware_status": "FirmwareStatusNotification",
    "log_status": "LogStatusNotification",
    "transaction_event": "TransactionEvent",
    "sign_certificate": "SignChargingStationCertificate",
}
PURPOSES = {
    "station_max": "ChargingStationMaxProfile",
    "tx_default": "TxDefaultProfile",
    "tx": "TxProfile",
}


class V201Commands(V201SecurityCommands):
    """Commands for one 2.0.1 session."""

    def __init__(
        self, link: Link, device_model: DeviceModel, settings: Settings
    ) -> None:
        self.session = link
        self.charger: Charger = link.charger
        self.model = device_model
        self.settings = settings
        self._request_ids = itertools.count(1)

    def _smart_charging(self) -> bool:
        """Whether the station does smart charging (unknown counts as yes)."""
        for key in ("SmartChargingCtrlr/Enabled", "SmartChargingCtrlr/Available"):
            if (self.model.value(key) or "true").lower() == "false":
                return False
        return True

    # Sessions

    async def start(
        self, connector: int, id_tag: str, profile: dict[str, Any] | None = None
    ) -> str:
        """RequestStartTransaction, with a TxProfile for the session when given."""
        kind = CENTRAL if id_tag == self.settings.remote_id_tag else DEFAULT_TYPE
        payload: dict[str, Any] = {
            "idToken": id_token(id_tag, kind),
            "remoteStartId": next(self._request_ids),
            "evseId": connector,
        }
        if profile is not None:
            payload["chargingProfile"] = profile
        return await self._call("RequestStartTransaction", payload)

    async def stop(
        self, connector: int, transaction_id: int | str | None = None
    ) -> str:
        """RequestStopTransaction of the EVSE's session (or the one named)."""
        if transaction_id is None:
            transaction = self.charger.connector(connector).transaction
            if transaction is None:
                raise ChargerRejected(
                    "NoSession", f"no session on connector {connector}"
                )
            transaction_id = transaction.id
        return await self._call(
            "RequestStopTransaction", {"transactionId": str(transaction_id)}
        )

    # Smart charging

    def _rate_unit(self) -> str:
        if self.charger.quirks.rate_unit in ("A", "W"):
            return str(self.charger.quirks.rate_unit)
        units = self.model.value("SmartChargingCtrlr/RateUnit") or ""
        return "W" if units and "A" not in units.split(",") else "A"

    def _stack_level(self) -> int:
        if self.charger.quirks.stack_level is not None:
            return self.charger.quirks.stack_level
        return self.model.number("SmartChargingCtrlr/ProfileStackLevel") or 0

    def profile(
        self,
        evse: int,
        purpose: str,
        profile_id: int,
        amps: float,
        phases: int | None,
        duration_s: int | None = None,
    ) -> dict[str, Any]:
        """A charging profile limiting an EVSE (or the station) to `amps`."""
        quirks = self.charger.quirks
        found = period(
            self.charger.connector(evse), amps, phases, self._rate_unit(), quirks
        )
        schedule: dict[str, Any] = {
            "id": profile_id,
            "chargingRateUnit": found.unit,
            "chargingSchedulePeriod": [found.as_payload()],
        }
        if duration_s:
            schedule["duration"] = duration_s
        relative = quirks.relative_profile and purpose != PURPOSES["station_max"]
        if not relative:
            schedule["startSchedule"] = ocpp_timestamp(utc_now() - timedelta(minutes=1))
        return {
            "evseId": evse,
            "chargingProfile": {
                "id": profile_id,
                "stackLevel": self._stack_level(),
                "chargingProfilePurpose": purpose,
                "chargingProfileKind": "Relative" if relative else "Absolute",
                "chargingSchedule": [schedule],
            },
        }

    async def set_current_limit(
        self,
        connector: int,
        amps: float,
        phases: int | None = None,
        duration_s: int | None = None,
    ) -> str:
        """Limit an EVSE with its one TxDefaultProfile (flash-safe, replaced)."""
        if not self._smart_charging():
            raise ChargerNotSupported("NotSupported", "smart charging is off")
        payload = self.profile(
            connector,
            PURPOSES["tx_default"],
            TX_DEFAULT_PROFILE_BASE + connector,
            amps,
            phases,
            duration_s,
        )
        return await self._call("SetChargingProfile", payload)

    async def set_installation_limit(self, amps: float) -> str:
        """Limit the whole station (ChargingStationMaxProfile on EVSE 0)."""
        if not self._smart_charging():
            raise ChargerNotSupported("NotSupported", "smart charging is off")
        payload = self.profile(0, PURPOSES["station_max"], MAX_PROFILE_ID, amps, None)
        return await self._call("SetChargingProfile", payload)

    def pause_by_stop(self) -> bool:
        """Whether pausing ends the session (smart charging off, or the quirk)."""
        return self.charger.quirks.pause_by_stop or not self._smart_charging()

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
            return await self._call(
                "ClearChargingProfile",
                {"chargingProfileId": TX_DEFAULT_PROFILE_BASE + connector},
                ok=("Accepted", "Unknown"),
            )
        return await self.set_current_limit(connector, limit_a, phases)

    # Operations

    async def set_available(self, connector: int, available: bool) -> str:
        """ChangeAvailability of an EVSE (0: the whole station)."""
        payload: dict[str, Any] = {
            "operationalStatus": "Operative" if available else "Inoperative"
        }
        if connector:
            payload["evse"] = {"id": connector}
        return await self._call(
            "ChangeAvailability", payload, ok=("Accepted", "Scheduled")
        )

    async def unlock(self, connector: int) -> str:
        """UnlockConnector (the EVSE's first connector)."""
        return await self._call(
            "UnlockConnector",
            {"evseId": connector, "connectorId": 1},
            ok=("Unlocked",),
        )

    async def reset(self, hard: bool) -> str:
        """Reset: Immediate (hard) or OnIdle (soft, after running sessions)."""
        return await self._call(
            "Reset",
            {"type": "Immediate" if hard else "OnIdle"},
            ok=("Accepted", "Scheduled"),
        )

    async def trigger(self, message: str, connector: int | None = None) -> str:
        """TriggerMessage (`message`: a neutral name, see TRIGGERS)."""
        if message not in TRIGGERS:
            raise ValueError(f"a 2.0.1 station cannot be asked for {message!r}")
        payload: dict[str, Any] = {"requestedMessage": TRIGGERS[message]}
        if connector:
            payload["evse"] = {"id": connector}
        return await self._call("TriggerMessage", payload)

    # Installer commands (the raw services)

    async def set_charging_profile(
        self, connector: int, profile: dict[str, Any]
    ) -> str:
        """SetChargingProfile with a full 2.0.1 profile (checked by the schema)."""
        return await self._call(
            "SetChargingProfile", {"evseId": connector, "chargingProfile": profile}
        )

    async def clear_charging_profile(
        self,
        profile_id: int | None,
        connector: int | None,
        purpose: str | None,
        stack_level: int | None,
    ) -> str:
        """ClearChargingProfile by id, or by EVSE, purpose and stack level."""
        criteria = {
            key: value
            for key, value in (
                ("evseId", connector),
                ("chargingProfilePurpose", PURPOSES.get(purpose or "", purpose)),
                ("stackLevel", stack_level),
            )
            if value is not None
        }
        payload: dict[str, Any] = {}
        if profile_id is not None:
            payload["chargingProfileId"] = profile_id
        if criteria:
            payload["chargingProfileCriteria"] = criteria
        return await self._call(
            "ClearChargingProfile", payload, ok=("Accepted", "Unknown")
        )

    async def get_composite_schedule(
        self, connector: int, duration_s: int, rate_unit: str | None
    ) -> dict[str, Any]:
        """GetCompositeSchedule; returns the station's schedule."""
        payload: dict[str, Any] = {"evseId": connector, "duration": duration_s}
        if rate_unit:
            payload["chargingRateUnit"] = rate_unit
        answer = await self.session.call("GetCompositeSchedule", payload)
        if answer.get("status") != "Accepted":
            raise ChargerRejected(str(answer.get("status")), "GetCompositeSchedule")
        schedule = answer.get("schedule") or {}
        return {
            "connector": schedule.get("evseId", connector),
            "schedule_start": schedule.get("scheduleStart"),
            "schedule": schedule,
        }

    async def data_transfer(
        self, vendor_id: str, message_id: str | None, data: str | None
    ) -> dict[str, Any]:
        """DataTransfer; returns the station's status and data."""
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
        """ReserveNow for an EVSE."""
        payload: dict[str, Any] = {
            "id": reservation_id,
            "expiryDateTime": ocpp_timestamp(expiry),
            "idToken": id_token(id_tag),
        }
        if connector:
            payload["evseId"] = connector
        return await self._call("ReserveNow", payload)

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
            "requestId": next(self._request_ids),
            "firmware": {
                "location": location,
                "retrieveDateTime": ocpp_timestamp(retrieve),
            },
        }
        if retries is not None:
            payload["retries"] = retries
        if retry_interval_s is not None:
            payload["retryInterval"] = retry_interval_s
        await self._call("UpdateFirmware", payload, ok=("Accepted", "AcceptedCanceled"))

    async def get_diagnostics(
        self, location: str, start: datetime | None, stop: datetime | None
    ) -> str | None:
        """GetLog (DiagnosticsLog); returns the file name the station will upload."""
        return await self._get_log("DiagnosticsLog", location, start, stop)

    async def clear_cache(self) -> str:
        """ClearCache."""
        return await self._call("ClearCache", {})
