"""Installed charging profiles and the limit they put in force, for both versions.

The 1.6 charger and the 2.0.1 station keep the profiles a central system set
in one ProfileStore, so a test can ask "which current limit is in force on
outlet n now?" without replaying the calls. An outlet is the 1.6 connector
id or the 2.0.1 EVSE id; outlet 0 is the whole station.

The model follows the stacking rules both versions share: per purpose the
profile with the highest stack level whose schedule covers the moment wins
(an outlet's own TxDefaultProfile beats the station-wide one at the same
level), a TxProfile replaces the TxDefaultProfile during its transaction,
and the station maximum and external constraints cap the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

# Purposes, version-neutral.
MAX = "max"  # 1.6 ChargePointMaxProfile, 2.0.1 ChargingStationMaxProfile
DEFAULT = "default"  # TxDefaultProfile
TX = "tx"  # TxProfile
EXTERNAL = "external"  # 2.0.1 ChargingStationExternalConstraints

PURPOSES = {
    "ChargePointMaxProfile": MAX,
    "ChargingStationMaxProfile": MAX,
    "TxDefaultProfile": DEFAULT,
    "TxProfile": TX,
    "ChargingStationExternalConstraints": EXTERNAL,
}

VOLTAGE = 230.0  # per phase, to turn a W limit into amps
DEFAULT_PHASES = 3  # numberPhases when a period leaves it out


def parse_time(value: str | None) -> datetime | None:
    """Parse an OCPP timestamp (aware, UTC when it has no zone)."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Period:
    """One chargingSchedulePeriod."""

    start: int
    limit: float
    phases: int | None = None
    phase_to_use: int | None = None


@dataclass(frozen=True)
class Profile:
    """An installed profile, normalised from either version's payload."""

    id: int
    outlet: int
    stack_level: int
    purpose: str  # MAX, DEFAULT, TX or EXTERNAL
    kind: str  # Absolute, Relative, Recurring
    unit: str  # "A" or "W"
    periods: tuple[Period, ...]
    recurrency: str | None = None  # Daily, Weekly
    start: datetime | None = None  # startSchedule
    duration: int | None = None
    valid_from: datetime | None = None
    valid_to: datetime | None = None
    transaction_id: str | None = None
    installed_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    payload: Mapping[str, Any] = field(default_factory=dict)  # as received

    def valid(self, when: datetime) -> bool:
        """Whether `when` lies in [validFrom, validTo)."""
        if self.valid_from is not None and when < self.valid_from:
            return False
        return self.valid_to is None or when < self.valid_to

    def overlaps(self, other: Profile) -> bool:
        """Whether both validity periods share a moment."""
        far_past = datetime.min.replace(tzinfo=UTC)
        far_future = datetime.max.replace(tzinfo=UTC)
        return (self.valid_from or far_past) < (other.valid_to or far_future) and (
            other.valid_from or far_past
        ) < (self.valid_to or far_future)

    def schedule_start(self, when: datetime, tx_start: datetime | None) -> datetime:
        """When the schedule's second 0 is for the moment `when`."""
        if self.kind == "Relative":
            return tx_start or self.installed_at
        base = self.start or self.installed_at
        if self.kind == "Recurring" and base <= when:
            cycle = timedelta(days=7 if self.recurrency == "Weekly" else 1)
            base += cycle * ((when - base) // cycle)
        return base

    def period_at(self, when: datetime, tx_start: datetime | None) -> Period | None:
        """The period in force at `when`, None outside the schedule."""
        if not self.valid(when):
            return None
        offset = (when - self.schedule_start(when, tx_start)).total_seconds()
        if offset < 0 or (self.duration is not None and offset >= self.duration):
            return None
        found = None
        for period in self.periods:
            if period.start <= offset:
                found = period
        return found


def amps(period: Period, unit: str) -> float:
    """A period's limit in amps per phase."""
    if unit == "A":
        return float(period.limit)
    return round(period.limit / (VOLTAGE * (period.phases or DEFAULT_PHASES)), 3)


def _schedule(raw: Mapping[str, Any]) -> dict[str, Any]:
    periods = tuple(
        Period(
            start=int(p["start_period"]),
            limit=float(p["limit"]),
            phases=p.get("number_phases"),
            phase_to_use=p.get("phase_to_use"),
        )
        for p in raw["charging_schedule_period"]
    )
    return {
        "unit": str(raw["charging_rate_unit"]),
        "periods": periods,
        "start": parse_time(raw.get("start_schedule")),
        "duration": raw.get("duration"),
    }


def profile_from_v16(connector_id: int, raw: Mapping[str, Any]) -> Profile:
    """Normalise a 1.6 csChargingProfiles (snake_case keys, as the library gives)."""
    tx = raw.get("transaction_id")
    return Profile(
        id=int(raw["charging_profile_id"]),
        outlet=connector_id,
        stack_level=int(raw["stack_level"]),
        purpose=PURPOSES[raw["charging_profile_purpose"]],
        kind=str(raw["charging_profile_kind"]),
        recurrency=raw.get("recurrency_kind"),
        valid_from=parse_time(raw.get("valid_from")),
        valid_to=parse_time(raw.get("valid_to")),
        transaction_id=None if tx is None else str(tx),
        payload=raw,
        **_schedule(raw["charging_schedule"]),
    )


def profile_from_v201(evse_id: int, raw: Mapping[str, Any]) -> Profile:
    """Normalise a 2.0.1 chargingProfile (snake_case); its first schedule counts."""
    return Profile(
        id=int(raw["id"]),
        outlet=evse_id,
        stack_level=int(raw["stack_level"]),
        purpose=PURPOSES[raw["charging_profile_purpose"]],
        kind=str(raw["charging_profile_kind"]),
        recurrency=raw.get("recurrency_kind"),
        valid_from=parse_time(raw.get("valid_from")),
        valid_to=parse_time(raw.get("valid_to")),
        transaction_id=raw.get("transaction_id"),
        payload=raw,
        **_schedule(raw["charging_schedule"][0]),
    )


class ProfileStore:
    """The profiles installed on one charger, and the limits they make."""

    def __init__(self) -> None:
        self.profiles: list[Profile] = []

    def install(self, profile: Profile, *, same_level_replaces: bool) -> None:
        """Add `profile`; one with the same id (anywhere) is replaced.

        same_level_replaces: 1.6 also replaces a profile with the same stack
        level and purpose on the same connector (2.0.1 rejects that instead,
        see conflicts()).
        """
        self.profiles = [
            p
            for p in self.profiles
            if p.id != profile.id
            and not (
                same_level_replaces
                and p.outlet == profile.outlet
                and p.purpose == profile.purpose
                and p.stack_level == profile.stack_level
            )
        ]
        self.profiles.append(profile)

    def conflicts(self, profile: Profile) -> list[Profile]:
        """Other-id profiles a 2.0.1 station must not hold next to `profile`.

        Same outlet, purpose and stack level with overlapping validity
        (K01.FR.06); for TxDefaultProfile also the same level between
        outlet 0 and an EVSE; for TxProfile the same transaction and level.
        """
        found = []
        for p in self.profiles:
            if p.id == profile.id or p.purpose != profile.purpose:
                continue
            if p.stack_level != profile.stack_level:
                continue
            if profile.purpose == TX:
                if p.transaction_id == profile.transaction_id:
                    found.append(p)
            elif (p.outlet == profile.outlet and p.overlaps(profile)) or (
                profile.purpose == DEFAULT and 0 in (p.outlet, profile.outlet)
            ):
                found.append(p)
        return found

    def clear(
        self,
        *,
        profile_id: int | None = None,
        outlet: int | None = None,
        purpose: str | None = None,
        stack_level: int | None = None,
    ) -> list[Profile]:
        """Remove the profile with `profile_id`, else all matching the criteria."""

        def matches(p: Profile) -> bool:
            if profile_id is not None:
                return p.id == profile_id
            return (
                (outlet is None or p.outlet == outlet)
                and (purpose is None or p.purpose == purpose)
                and (stack_level is None or p.stack_level == stack_level)
            )

        removed = [p for p in self.profiles if matches(p)]
        self.profiles = [p for p in self.profiles if not matches(p)]
        return removed

    def drop_transaction(self, transaction_id: str) -> None:
        """Forget the TxProfiles of an ended transaction."""
        self.profiles = [
            p
            for p in self.profiles
            if not (p.purpose == TX and p.transaction_id == transaction_id)
        ]

    def on(self, outlet: int) -> list[Profile]:
        """The profiles installed on exactly this outlet."""
        return [p for p in self.profiles if p.outlet == outlet]

    def _winner(
        self,
        candidates: Iterable[Profile],
        when: datetime,
        tx_start: datetime | None,
        outlet: int,
    ) -> tuple[Profile, Period] | None:
        best: tuple[tuple[int, bool], Profile, Period] | None = None
        for profile in candidates:
            period = profile.period_at(when, tx_start)
            if period is None:
                continue
            rank = (profile.stack_level, profile.outlet == outlet)
            if best is None or rank > best[0]:
                best = (rank, profile, period)
        return None if best is None else (best[1], best[2])

    def limit_a(
        self,
        outlet: int,
        *,
        when: datetime | None = None,
        transaction_id: str | None = None,
        tx_start: datetime | None = None,
    ) -> float | None:
        """The current limit (A per phase) in force on `outlet`, None if none.

        For outlet 0 only the station-wide profiles count.
        """
        when = when or datetime.now(UTC)
        mine = [p for p in self.profiles if p.outlet in (0, outlet)]
        limits: list[float] = []
        tx = None
        if transaction_id is not None and outlet:
            tx = self._winner(
                (
                    p
                    for p in mine
                    if p.purpose == TX
                    and p.outlet == outlet
                    and p.transaction_id in (None, transaction_id)
                ),
                when,
                tx_start,
                outlet,
            )
        if tx is None:
            tx = self._winner(
                (p for p in mine if p.purpose == DEFAULT), when, tx_start, outlet
            )
        if tx is not None:
            limits.append(amps(tx[1], tx[0].unit))
        for purpose in (MAX, EXTERNAL):
            capped = self._winner(
                (p for p in mine if p.purpose == purpose), when, tx_start, outlet
            )
            if capped is not None:
                limits.append(amps(capped[1], capped[0].unit))
        return min(limits) if limits else None

    def composite(
        self,
        outlet: int,
        duration: int,
        *,
        start: datetime | None = None,
        transaction_id: str | None = None,
        tx_start: datetime | None = None,
    ) -> list[tuple[int, float]]:
        """(startPeriod, limit A) where the limit in force changes within duration.

        Sampled at every period boundary of the installed profiles; seconds
        without any limit are left out.
        """
        start = start or datetime.now(UTC)
        edges = {0}
        for p in self.profiles:
            if p.outlet not in (0, outlet):
                continue
            base = int((p.schedule_start(start, tx_start) - start).total_seconds())
            ends = [p.duration] if p.duration is not None else []
            for second in [period.start for period in p.periods] + ends:
                if 0 < base + second < duration:
                    edges.add(base + second)
            for moment in (p.valid_from, p.valid_to):
                if moment is not None:
                    offset = int((moment - start).total_seconds())
                    if 0 < offset < duration:
                        edges.add(offset)
        result: list[tuple[int, float]] = []
        for offset in sorted(edges):
            limit = self.limit_a(
                outlet,
                when=start + timedelta(seconds=offset),
                transaction_id=transaction_id,
                tx_start=tx_start,
            )
            if limit is not None and (not result or result[-1][1] != limit):
                result.append((offset, limit))
        return result
