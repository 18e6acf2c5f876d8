"""Where an EVSE stands, from its connectors and its transaction.

2.0.1 splits what 1.6 calls a connector status in two: StatusNotification
says whether a connector is Available, Occupied, Reserved, Unavailable or
Faulted; the transaction's chargingState says whether energy flows. The
version-neutral model (and so Home Assistant) shows one status per EVSE, in
the 1.6 words, derived here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import ConnectorStatus

# StatusNotification connectorStatus -> what it means without a transaction.
_PLAIN = {
    "Available": ConnectorStatus.AVAILABLE,
    "Reserved": ConnectorStatus.RESERVED,
    "Unavailable": ConnectorStatus.UNAVAILABLE,
    "Faulted": ConnectorStatus.FAULTED,
}
# chargingState of a running transaction -> the EVSE's status.
_IN_SESSION = {
    "Charging": ConnectorStatus.CHARGING,
    "SuspendedEV": ConnectorStatus.SUSPENDED_EV,
    "SuspendedEVSE": ConnectorStatus.SUSPENDED_EVSE,
    "EVConnected": ConnectorStatus.PREPARING,
    "Idle": ConnectorStatus.PREPARING,
}
# Worse first: a faulted connector makes the whole EVSE faulted.
_PRECEDENCE = ("Faulted", "Unavailable", "Occupied", "Reserved", "Available")


@dataclass(slots=True)
class EvseState:
    """What is known of one EVSE."""

    connectors: dict[int, str] = field(default_factory=dict)  # id -> status
    charging_state: str | None = None  # of the running transaction
    in_transaction: bool = False
    just_ended: bool = False  # a transaction ended and the car is still there

    def connector_status(self) -> str | None:
        """The EVSE's connector status (the worst of its connectors)."""
        present = set(self.connectors.values())
        for status in _PRECEDENCE:
            if status in present:
                return status
        return None

    def status(self) -> ConnectorStatus | None:
        """The EVSE's status in the version-neutral words."""
        plain = self.connector_status()
        if plain in ("Faulted", "Unavailable"):
            return _PLAIN[plain]
        if self.in_transaction:
            found = _IN_SESSION.get(self.charging_state or "")
            return found or ConnectorStatus.PREPARING
        if plain == "Occupied":
            return (
                ConnectorStatus.FINISHING
                if self.just_ended
                else ConnectorStatus.PREPARING
            )
        if plain is None:
            return None
        return _PLAIN[plain]


@dataclass
class Evses:
    """Every EVSE of a station, by id."""

    evses: dict[int, EvseState] = field(default_factory=dict)

    def evse(self, evse_id: int) -> EvseState:
        """The EVSE, created when first seen."""
        found = self.evses.get(evse_id)
        if found is None:
            found = self.evses[evse_id] = EvseState()
        return found

    def connector_reported(self, evse_id: int, connector_id: int, status: str) -> None:
        """A StatusNotification for one connector of an EVSE."""
        evse = self.evse(evse_id)
        evse.connectors[connector_id] = status
        if status == "Available":
            evse.just_ended = False  # the car has gone

    def transaction_started(self, evse_id: int) -> None:
        """A transaction runs on the EVSE."""
        evse = self.evse(evse_id)
        evse.in_transaction, evse.just_ended = True, False

    def charging_state(self, evse_id: int, state: str | None) -> None:
        """The running transaction's chargingState (None: unchanged)."""
        if state is not None:
            self.evse(evse_id).charging_state = state

    def transaction_ended(self, evse_id: int) -> None:
        """The transaction on the EVSE ended."""
        evse = self.evse(evse_id)
        evse.in_transaction, evse.charging_state = False, None
        evse.just_ended = evse.connector_status() == "Occupied"
