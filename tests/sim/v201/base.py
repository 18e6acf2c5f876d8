"""The 2.0.1 station's state, its link, and the boot gate on its own side."""

from __future__ import annotations

import contextvars
import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ocpp.v201 import ChargePoint as ChargePoint201

from ..connection import SimLink
from ..profiles import ProfileStore
from .config import GATE_OPEN_WHILE_PENDING, SimStationConfig
from .defaults import default_device_model
from .keys import StationKey

# Set inside the task that sends a message the CSMS triggered: such
# messages may pass the boot gate while Pending (B02.FR.09).
TRIGGERED: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "triggered", default=False
)


class BootGateClosed(RuntimeError):
    """The station may not send this request before it is Accepted."""


def utc_now() -> str:
    """The current time as an OCPP timestamp."""
    return stamp(datetime.now(UTC))


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass
class Transaction:
    """A transaction the station started (ids are the station's own)."""

    id: str
    evse: int
    connector: int
    started_at: datetime
    id_token: dict[str, Any] | None = None
    charging_state: str | None = None
    remote_start_id: int | None = None
    ended: bool = False


@dataclass
class Evse:
    """One EVSE: its connectors' status, meter and transaction."""

    id: int
    connectors: dict[int, str]  # connector id -> ConnectorStatus
    transaction: Transaction | None = None
    plugged: int | None = None  # connector with a car on it
    energy_wh: float = 0.0
    power_w: float = 0.0
    operative: bool = True
    reservation: int | None = None
    # Status changes made while offline, reported on reconnect (B04.FR.02).
    unreported: set[int] = field(default_factory=set)


@dataclass
class QueuedEvent:
    """A TransactionEvent waiting for (or answered by) the CSMS."""

    payload: Any  # ocpp.v201.call.TransactionEvent
    result: Any = None  # its call_result once answered


class SimStationBase(SimLink, ChargePoint201):  # type: ignore[misc]
    """Link + state of a simulated 2.0.1 station; no behaviour yet."""

    config: SimStationConfig

    def __init__(self, config: SimStationConfig) -> None:
        super().__init__(config)
        self.device_model = default_device_model(config)
        self.evses: dict[int, Evse] = {
            n: Evse(n, dict.fromkeys(range(1, count + 1), "Available"))
            for n, count in enumerate(config.evses, start=1)
        }
        self.station_operative = True
        self.profiles = ProfileStore()
        self.transactions: dict[str, Transaction] = {}
        self.queue: list[QueuedEvent] = []  # TransactionEvents not yet answered
        self.sent: list[QueuedEvent] = []  # TransactionEvents answered, in order
        self.seq_no = config.seq_no_start
        self._tx_counter = itertools.count(1)
        self.registration_interval: int | None = None  # from the last boot answer
        self.local_list: dict[str, dict[str, Any]] = {}
        self.local_list_version = 0
        self.reservations: dict[int, dict[str, Any]] = {}
        self.display_messages: dict[int, dict[str, Any]] = {}
        self.certificates: dict[str, dict[str, Any]] = {}  # serial -> hash data
        self.signed_certificates: dict[str, str] = {}  # type -> chain (A02)
        self.station_key = StationKey()  # for real CSRs and a client certificate
        self.network_profiles: dict[int, dict[str, Any]] = {}
        self.costs: dict[str, float] = {}  # transactionId -> CostUpdated totalCost
        self.reset_scheduled: dict[int | None, str] = {}  # evse (None = all)
        self.firmware_request: int | None = None
        self.firmware_state = "Idle"
        self.running = False  # run() drives the link (reconnects, reboots)
        self._reboot_reason: str | None = None

    # -- the boot gate ------------------------------------------------------------

    def gate_open(self, action: str) -> bool:
        """Whether the station may send `action` now (B01-B03)."""
        if self.config.ignore_boot_gate or action in GATE_OPEN_WHILE_PENDING:
            return True
        if action == "NotifyReport":
            # Only ever sent because the CSMS asked, which may come in right
            # behind the boot answer, before the boot status is noted here.
            return True
        if self.boot_status == "Accepted":
            return True
        if self.boot_status == "Pending":
            return TRIGGERED.get() or action == "NotifyReport"
        return False

    async def request(self, payload: Any) -> Any:
        """Send a CALL; BootGateClosed when the station is not Accepted yet."""
        action = type(payload).__name__
        if not self.gate_open(action):
            raise BootGateClosed(
                f"{self.id}: {action} not sent, registration is {self.boot_status}"
            )
        return await super().request(payload)

    # -- lookups --------------------------------------------------------------------

    def evse(self, evse_id: int) -> Evse:
        if evse_id not in self.evses:
            raise ValueError(f"{self.id}: no EVSE {evse_id}")
        return self.evses[evse_id]

    def active(self, evse_id: int) -> Transaction | None:
        """The transaction running on an EVSE, if any."""
        return self.evse(evse_id).transaction

    def _answer(self, action: str, default: str) -> str:
        return self.config.answers.get(action, default)
