"""Smart charging: Set/Clear/GetChargingProfiles and GetCompositeSchedule (K01-K10)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ocpp.v201 import call, call_result

from ..handlers import on
from ..profiles import MAX, PURPOSES, TX, Profile, profile_from_v201
from .base import stamp
from .device_model import Key
from .remote import SimRemoteControl

VOLTAGE = 230.0
ENTRIES = Key("SmartChargingCtrlr", "Entries", variable_instance="ChargingProfiles")


class SimSmartCharging(SimRemoteControl):
    """Profiles are validated as a strict 2.0.1 station would, then kept."""

    max_current_a = 32.0  # what GetCompositeSchedule reports without profiles

    def limit_a(self, evse: int) -> float | None:
        """The current limit in force on an EVSE now (None: no profile limits it)."""
        tx = self.evses[evse].transaction if evse in self.evses else None
        return self.profiles.limit_a(
            evse,
            transaction_id=tx.id if tx else None,
            tx_start=tx.started_at if tx else None,
        )

    def check_profile(self, evse: int, profile: Profile) -> str | None:
        """The reason a strict station rejects `profile` on `evse`, None if fine."""
        rates = (self.device_model.value("SmartChargingCtrlr", "RateUnit") or "").split(
            ","
        )
        levels = self.device_model.int_value(
            "SmartChargingCtrlr", "ProfileStackLevel", 8
        )
        raw_schedule = profile.payload["charging_schedule"][0]
        starts = [p.start for p in profile.periods]
        problems = [
            (evse != 0 and evse not in self.evses, "UnknownEVSE"),  # K01.FR.28
            (profile.purpose == MAX and evse != 0, "MaxNotOnEVSE0"),  # evseId 0 only
            (profile.purpose == MAX and profile.kind == "Relative", "MaxRelative"),
            (profile.unit not in rates, "RateUnit"),  # K01.FR.26
            (profile.stack_level > levels, "StackLevel"),
            (starts[0] != 0, "FirstPeriodNotZero"),  # K01.FR.31
            (starts != sorted(set(starts)), "PeriodsOutOfOrder"),  # K01.FR.35
            (
                profile.kind != "Relative" and "start_schedule" not in raw_schedule,
                "NoStartSchedule",  # K01.FR.40
            ),
            (
                profile.kind == "Relative" and "start_schedule" in raw_schedule,
                "ExtraStartSchedule",  # K01.FR.41
            ),
            (
                any(
                    p.phase_to_use is not None and p.phases != 1
                    for p in profile.periods
                ),
                "PhaseToUse",  # K01.FR.19
            ),
        ]
        for failed, reason in problems:
            if failed:
                return reason
        if profile.purpose == TX:
            tx = self.evses[evse].transaction if evse in self.evses else None
            if profile.transaction_id is None:
                return "NoTransactionId"  # K01.FR.03
            if tx is None or tx.id != profile.transaction_id:
                return "NoSuchTransaction"  # K01.FR.09, K01.FR.33
        if self.profiles.conflicts(profile):
            return "DuplicateLevel"  # K01.FR.06, K01.FR.39
        return None

    def install_profile(self, evse: int, raw: dict[str, Any]) -> str:
        """Validate and install a chargingProfile (snake_case); return the status."""
        profile = profile_from_v201(evse, raw)
        if self.check_profile(evse, profile) is not None:
            return "Rejected"
        self.profiles.install(profile, same_level_replaces=False)
        self._count_profiles()
        return "Accepted"

    def _count_profiles(self) -> None:
        entries = self.device_model.variables.get(ENTRIES)
        if entries is not None:
            entries.values["Actual"] = str(len(self.profiles.profiles))

    @on("SetChargingProfile")
    def on_set_charging_profile(
        self, evse_id: int, charging_profile: dict[str, Any], **_: Any
    ) -> call_result.SetChargingProfile:
        profile = profile_from_v201(evse_id, charging_profile)
        reason = self.check_profile(evse_id, profile)
        status = self._answer(
            "SetChargingProfile", "Rejected" if reason else "Accepted"
        )
        if status == "Accepted":
            self.profiles.install(profile, same_level_replaces=False)
            self._count_profiles()
        info = {"reason_code": reason} if reason and status == "Rejected" else None
        return call_result.SetChargingProfile(status=status, status_info=info)

    @on("ClearChargingProfile")
    def on_clear_charging_profile(
        self,
        charging_profile_id: int | None = None,
        charging_profile_criteria: dict[str, Any] | None = None,
        **_: Any,
    ) -> call_result.ClearChargingProfile:
        criteria = charging_profile_criteria or {}
        removed = self.profiles.clear(
            profile_id=charging_profile_id,
            outlet=criteria.get("evse_id"),
            purpose=PURPOSES.get(criteria.get("charging_profile_purpose") or ""),
            stack_level=criteria.get("stack_level"),
        )
        self._count_profiles()
        status = self._answer(
            "ClearChargingProfile", "Accepted" if removed else "Unknown"
        )
        return call_result.ClearChargingProfile(status=status)

    @on("GetChargingProfiles")
    def on_get_charging_profiles(
        self,
        request_id: int,
        charging_profile: dict[str, Any],
        evse_id: int | None = None,
        **_: Any,
    ) -> call_result.GetChargingProfiles:
        ids = charging_profile.get("charging_profile_id")
        purpose = PURPOSES.get(charging_profile.get("charging_profile_purpose") or "")
        level = charging_profile.get("stack_level")
        found = [
            p
            for p in self.profiles.profiles
            if (evse_id is None or p.outlet == evse_id)
            and (not ids or p.id in ids)
            and (purpose is None or p.purpose == purpose)
            and (level is None or p.stack_level == level)
        ]
        status = self._answer(
            "GetChargingProfiles", "Accepted" if found else "NoProfiles"
        )
        if found and status == "Accepted":
            self.after_reply(
                lambda: self._report_profiles(request_id, found), "profile report"
            )
        return call_result.GetChargingProfiles(status=status)

    async def _report_profiles(self, request_id: int, found: list[Profile]) -> None:
        outlets = sorted({p.outlet for p in found})
        for n, outlet in enumerate(outlets):
            await self.request(
                call.ReportChargingProfiles(
                    request_id=request_id,
                    charging_limit_source="CSO",
                    charging_profile=[
                        dict(p.payload) for p in found if p.outlet == outlet
                    ],
                    evse_id=outlet,
                    tbc=n < len(outlets) - 1,
                )
            )

    @on("GetCompositeSchedule")
    def on_get_composite_schedule(
        self,
        duration: int,
        evse_id: int,
        charging_rate_unit: str | None = None,
        **_: Any,
    ) -> call_result.GetCompositeSchedule:
        if evse_id != 0 and evse_id not in self.evses:
            return call_result.GetCompositeSchedule(
                status="Rejected", status_info={"reason_code": "UnknownEVSE"}
            )
        tx = self.evses[evse_id].transaction if evse_id else None
        start = datetime.now(UTC)
        periods = self.profiles.composite(
            evse_id,
            duration,
            start=start,
            transaction_id=tx.id if tx else None,
            tx_start=tx.started_at if tx else None,
        ) or [(0, self.max_current_a)]
        unit = charging_rate_unit or "A"
        factor = 1.0 if unit == "A" else VOLTAGE * 3
        schedule = {
            "evse_id": evse_id,
            "duration": duration,
            "schedule_start": stamp(start),
            "charging_rate_unit": unit,
            "charging_schedule_period": [
                {"start_period": offset, "limit": round(limit * factor, 1)}
                for offset, limit in periods
            ],
        }
        return call_result.GetCompositeSchedule(
            status=self._answer("GetCompositeSchedule", "Accepted"), schedule=schedule
        )
