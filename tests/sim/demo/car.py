"""The demo charger's car and its charging limits: pure arithmetic, no I/O.

The car draws what the charger offers, between the 6 A an EV needs and its
own maximum, tapering near full; the charger offers what the central
system's charging profiles allow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

VOLTAGE = 230.0
MIN_CURRENT_A = 6.0  # IEC 61851: below this a car pauses
TAPER_FROM_SOC = 90.0


@dataclass
class DemoCar:
    """A battery behind an on-board charger."""

    capacity_wh: float = 50_000
    start_soc: float = 40.0
    max_current_a: float = 16.0
    phases: int = 3
    soc: float = field(init=False)

    def __post_init__(self) -> None:
        self.soc = self.start_soc

    @property
    def full(self) -> bool:
        return self.soc >= 100.0

    def replace(self) -> None:
        """Another car plugs in (the demo's car comes back half empty)."""
        self.soc = self.start_soc

    def current_a(self, offered_a: float) -> float:
        """Amps per phase the car takes when `offered_a` is offered."""
        if self.full or offered_a < MIN_CURRENT_A:
            return 0.0
        wanted = self.max_current_a
        if self.soc > TAPER_FROM_SOC:
            # Lithium cells take less near full: down to the minimum at 100 %.
            share = (100.0 - self.soc) / (100.0 - TAPER_FROM_SOC)
            wanted = max(MIN_CURRENT_A, self.max_current_a * share)
        return min(offered_a, wanted)

    def power_w(self, current_a: float, voltage: float = VOLTAGE) -> float:
        return current_a * voltage * self.phases

    def charge(self, power_w: float, seconds: float) -> float:
        """Take power for a while; returns the energy taken in Wh."""
        energy_wh = power_w * seconds / 3600
        self.soc = min(100.0, self.soc + energy_wh / self.capacity_wh * 100)
        return energy_wh


@dataclass(frozen=True)
class Profile:
    """The part of a charging profile the demo obeys: its first period."""

    id: int
    connector: int
    purpose: str
    stack_level: int
    limit_a: float

    @classmethod
    def from_call(cls, connector: int, profile: dict[str, Any], phases: int) -> Profile:
        """From SetChargingProfile's csChargingProfiles (snake_case keys)."""
        schedule = profile["charging_schedule"]
        period = schedule["charging_schedule_period"][0]
        limit = float(period["limit"])
        if schedule["charging_rate_unit"] == "W":
            limit /= VOLTAGE * int(period.get("number_phases") or phases)
        return cls(
            id=int(profile["charging_profile_id"]),
            connector=connector,
            purpose=str(profile["charging_profile_purpose"]),
            stack_level=int(profile["stack_level"]),
            limit_a=limit,
        )


@dataclass
class Limits:
    """Installed charging profiles, and what they let a connector offer."""

    hardware_a: float = 32.0
    profiles: dict[int, Profile] = field(default_factory=dict)

    def install(self, profile: Profile) -> None:
        """A profile replaces one with the same id, or the same purpose and level."""
        for old in list(self.profiles.values()):
            if (
                old.connector == profile.connector
                and old.purpose == profile.purpose
                and old.stack_level == profile.stack_level
            ):
                del self.profiles[old.id]
        self.profiles[profile.id] = profile

    def clear(
        self,
        profile_id: int | None = None,
        connector: int | None = None,
        purpose: str | None = None,
        stack_level: int | None = None,
    ) -> bool:
        """ClearChargingProfile: every criterion given must match; any removed?"""
        gone = [
            p.id
            for p in self.profiles.values()
            if (profile_id is None or p.id == profile_id)
            and (connector is None or p.connector == connector)
            and (purpose is None or p.purpose == purpose)
            and (stack_level is None or p.stack_level == stack_level)
        ]
        for profile_id_ in gone:
            del self.profiles[profile_id_]
        return bool(gone)

    def end_transaction(self) -> None:
        """TxProfiles live only as long as their transaction."""
        self.clear(purpose="TxProfile")

    def offered_a(self, connector: int) -> float:
        """The current a connector may offer: the top Tx(Default)Profile, capped."""
        limit = self.hardware_a
        for purpose in ("TxProfile", "TxDefaultProfile"):
            mine = [
                p
                for p in self.profiles.values()
                if p.purpose == purpose and p.connector in (0, connector)
            ]
            if mine:
                limit = max(mine, key=lambda p: p.stack_level).limit_a
                break
        for cap in self.profiles.values():
            if cap.purpose == "ChargePointMaxProfile":
                limit = min(limit, cap.limit_a)
        return min(limit, self.hardware_a)
