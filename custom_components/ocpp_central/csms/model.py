"""The version-neutral model of chargers and their connectors.

Adapters for each OCPP version update these objects; the Home Assistant
layer only reads them. Nothing here knows about OCPP messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from .auth import PasswordHash
from .authorization import AuthStatus
from .energy import EnergyTotal
from .metering import Reading
from .timeutil import parse_timestamp
from .transactions import Transaction


class ConnectorStatus(StrEnum):
    """Where a connector (or the charger, connector 0) stands."""

    AVAILABLE = "available"
    PREPARING = "preparing"
    CHARGING = "charging"
    SUSPENDED_EV = "suspended_ev"
    SUSPENDED_EVSE = "suspended_evse"
    FINISHING = "finishing"
    RESERVED = "reserved"
    UNAVAILABLE = "unavailable"
    FAULTED = "faulted"


class Change(StrEnum):
    """What changed, as told to listeners."""

    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    PENDING = "pending"  # an unknown charger booted and waits to be accepted
    ACCEPTED = "accepted"
    REVOKED = "revoked"
    FORGOTTEN = "forgotten"  # a waiting charger was dropped to make room
    BOOT = "boot"
    STATUS = "status"
    HEARTBEAT = "heartbeat"
    CONFIGURATION = "configuration"
    CONNECTORS = "connectors"  # the set of connectors grew
    METER = "meter"  # new readings on a connector
    NEW_VALUES = "new_values"  # a quantity reported for the first time
    OPERATION = "operation"  # firmware or diagnostics status, availability
    TAG = "tag"  # a tag was presented (Authorize or StartTransaction)
    SESSION_STARTED = "session_started"
    SESSION_STOPPED = "session_stopped"
    DEVICE_EVENT = "device_event"  # the charger reported an event (2.0.1)
    CONTROL = "control"  # what is asked of a connector (limit, pause) changed
    SECURITY_EVENT = "security_event"  # the charger reported a security event


@dataclass(slots=True)
class BootInfo:
    """What a charger says about itself when it boots."""

    vendor: str
    model: str
    serial: str | None = None
    firmware: str | None = None
    meter_type: str | None = None
    meter_serial: str | None = None
    iccid: str | None = None
    imsi: str | None = None


@dataclass(slots=True, frozen=True)
class DeviceEvent:
    """Something a charger reported about one of its parts (2.0.1 NotifyEvent)."""

    component: str
    variable: str
    value: str
    trigger: str  # Alerting, Delta or Periodic
    time: datetime
    problem: bool | None = None  # True: a problem began; False: it cleared
    tech_code: str | None = None
    tech_info: str | None = None


@dataclass(slots=True, frozen=True)
class SecurityEvent:
    """A security event a charger reported (SecurityEventNotification)."""

    kind: str  # e.g. FirmwareUpdated, InvalidCentralSystemCertificate
    time: datetime
    tech_info: str | None = None


@dataclass(slots=True)
class ConfigurationValue:
    """One configuration key as the charger reported it."""

    value: str | None
    readonly: bool


@dataclass(slots=True, frozen=True)
class TagEvent:
    """A tag presented at a charger, and our answer."""

    id_tag: str
    name: str
    status: AuthStatus
    connector: int | None
    time: datetime


# Where a meter may sit, in the order a value is taken from; and the phases.
LOCATIONS = ("Outlet", "EV", "Inlet", "Body", "Cable")
PHASES = ("L1", "L2", "L3")

PLUGGED_IN = frozenset(
    {
        ConnectorStatus.PREPARING,
        ConnectorStatus.CHARGING,
        ConnectorStatus.SUSPENDED_EV,
        ConnectorStatus.SUSPENDED_EVSE,
        ConnectorStatus.FINISHING,
    }
)


@dataclass(slots=True)
class ConnectorControl:
    """What Home Assistant asked of a connector; re-applied after a reboot."""

    limit_a: float | None = None  # None: the charger's own maximum
    paused: bool = False
    phases: int | None = None  # None: the usual phases (see V16Commands)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly form."""
        return {"limit_a": self.limit_a, "paused": self.paused, "phases": self.phases}


@dataclass(slots=True)
class Quirks:
    """Per-charger workarounds for smart-charging implementations."""

    stack_level: int | None = None  # instead of ChargeProfileMaxStackLevel
    relative_profile: bool = False  # chargingProfileKind Relative, not Absolute
    rate_unit: str | None = None  # "A" or "W" instead of what the charger says
    omit_phases: bool = False  # leave numberPhases out
    pause_by_stop: bool = False  # pause with RemoteStopTransaction, not 0 A
    phase_switching: bool = False  # switches 1p/3p by a profile's numberPhases

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly form."""
        return {
            "stack_level": self.stack_level,
            "relative_profile": self.relative_profile,
            "rate_unit": self.rate_unit,
            "omit_phases": self.omit_phases,
            "pause_by_stop": self.pause_by_stop,
            "phase_switching": self.phase_switching,
        }


@dataclass(slots=True)
class Connector:
    """One connector; id 0 stands for the charger as a whole."""

    id: int
    status: ConnectorStatus | None = None
    error_code: str | None = None
    info: str | None = None
    vendor_error_code: str | None = None
    status_time: datetime | None = None
    readings: dict[tuple[str, str | None, str], Reading] = field(default_factory=dict)
    energy: EnergyTotal = field(default_factory=EnergyTotal)
    energy_time: datetime | None = None  # time of the last register counted
    transaction: Transaction | None = None
    last_session: Transaction | None = None
    control: ConnectorControl = field(default_factory=ConnectorControl)
    # What an ISO 15118 car asked for (2.0.1 NotifyEVChargingNeeds).
    ev_departure: datetime | None = None
    ev_energy_wh: float | None = None

    def status_record(self) -> dict[str, Any]:
        """The last status reported, JSON-friendly."""
        return {
            "status": self.status.value if self.status else None,
            "error_code": self.error_code,
            "time": self.status_time.isoformat() if self.status_time else None,
        }

    def restore_status(self, record: dict[str, Any]) -> None:
        """Take back `status_record` output (an unknown status is skipped)."""
        try:
            self.status = ConnectorStatus(str(record.get("status")))
        except ValueError:
            return
        self.error_code = record.get("error_code")
        self.status_time = parse_timestamp(record.get("time"))

    @property
    def plugged_in(self) -> bool | None:
        """Whether a car is plugged in, as far as the status tells."""
        if self.status is None:
            return None
        return self.status in PLUGGED_IN

    def reading(
        self, measurand: str, phase: str | None = None, location: str = "Outlet"
    ) -> Reading | None:
        """The latest reading of a measurand (and phase, and location)."""
        return self.readings.get((measurand, phase, location))

    def find(
        self, measurand: str, phases: tuple[str | None, ...] = (None,)
    ) -> Reading | None:
        """A measurand's reading at the first location, then phase, that has one."""
        for location in LOCATIONS:
            for phase in phases:
                found = self.readings.get((measurand, phase, location))
                if found is not None:
                    return found
        return None

    def active_power_w(self) -> float | None:
        """Power drawn (W): Power.Active.Import, or the sum of its phases."""
        total = self.find("Power.Active.Import")
        if total is not None:
            return total.value
        found = [
            reading.value
            for phase in PHASES
            if (reading := self.find("Power.Active.Import", (phase,))) is not None
        ]
        return sum(found) if found else None


@dataclass(slots=True)
class Charger:
    """A charger we know of: accepted or waiting, connected or not."""

    identity: str
    accepted: bool = False
    password: PasswordHash | None = None
    boot: BootInfo | None = None
    connected: bool = False
    protocol: str | None = None
    address: str | None = None  # where it last connected from
    last_heartbeat: datetime | None = None
    connectors: dict[int, Connector] = field(default_factory=dict)
    configuration: dict[str, ConfigurationValue] = field(default_factory=dict)
    measurands: list[str] = field(default_factory=list)
    last_tag: TagEvent | None = None
    quirks: Quirks = field(default_factory=Quirks)
    installation_max_a: float | None = None
    firmware_status: str | None = None
    diagnostics_status: str | None = None
    # Parts reporting a problem now (component/variable), and the last event.
    problems: dict[str, DeviceEvent] = field(default_factory=dict)
    last_event: DeviceEvent | None = None
    last_security_event: SecurityEvent | None = None
    # The highest security profile it connected with: 1 password, 2 password
    # over TLS, 3 a client certificate. Never lowered by the charger.
    security_profile: int = 0

    def connector(self, connector_id: int) -> Connector:
        """Return the connector, creating it when first seen."""
        found = self.connectors.get(connector_id)
        if found is None:
            found = self.connectors[connector_id] = Connector(connector_id)
        return found

    @property
    def outlet_ids(self) -> list[int]:
        """Connector ids that are real outlets (not 0), sorted."""
        return sorted(cid for cid in self.connectors if cid > 0)

    def to_record(self) -> dict[str, Any]:
        """What survives a restart."""
        return {
            "identity": self.identity,
            "accepted": self.accepted,
            "password": self.password.as_dict() if self.password else None,
            "boot": _boot_record(self.boot),
            "connectors": self.outlet_ids,
            "energy": {
                str(cid): c.energy.as_dict()
                for cid, c in self.connectors.items()
                if c.energy.register_wh is not None
            },
            "control": {
                str(cid): c.control.as_dict()
                for cid, c in self.connectors.items()
                if c.control != ConnectorControl()
            },
            "installation_max_a": self.installation_max_a,
            "security_profile": self.security_profile,
            # Shown again after a restart until the charger reports anew.
            "status": {
                str(cid): c.status_record()
                for cid, c in self.connectors.items()
                if c.status is not None
            },
            "last_session": {
                str(cid): c.last_session.to_record()
                for cid, c in self.connectors.items()
                if c.last_session is not None
            },
            "transactions": [
                transaction.to_record() for transaction in self.open_transactions()
            ],
        }

    def open_transactions(self) -> list[Transaction]:
        """The sessions in progress on this charger's connectors."""
        return [c.transaction for c in self.connectors.values() if c.transaction]

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Charger:
        """Rebuild a charger from `to_record` output."""
        charger = cls(
            identity=record["identity"],
            accepted=bool(record.get("accepted")),
            password=PasswordHash.from_dict(record["password"])
            if record.get("password")
            else None,
            boot=BootInfo(**record["boot"]) if record.get("boot") else None,
        )
        for connector_id in [0, *record.get("connectors", [])]:
            charger.connector(int(connector_id))
        for connector_id, energy in record.get("energy", {}).items():
            charger.connector(int(connector_id)).energy = EnergyTotal.from_dict(energy)
        for connector_id, control in record.get("control", {}).items():
            charger.connector(int(connector_id)).control = ConnectorControl(**control)
        for connector_id, status in record.get("status", {}).items():
            charger.connector(int(connector_id)).restore_status(status)
        for connector_id, session in record.get("last_session", {}).items():
            found = charger.connector(int(connector_id))
            found.last_session = Transaction.from_record(session)
        for session in record.get("transactions", []):
            transaction = Transaction.from_record(session)
            charger.connector(transaction.connector).transaction = transaction
        charger.installation_max_a = record.get("installation_max_a")
        charger.security_profile = int(record.get("security_profile") or 0)
        return charger


def _boot_record(boot: BootInfo | None) -> dict[str, Any] | None:
    if boot is None:
        return None
    return {
        "vendor": boot.vendor,
        "model": boot.model,
        "serial": boot.serial,
        "firmware": boot.firmware,
        "meter_type": boot.meter_type,
        "meter_serial": boot.meter_serial,
        "iccid": boot.iccid,
        "imsi": boot.imsi,
    }
