"""What the 1.6 and 2.0.1 Station adapters share: the link, waiting, requests."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

# Version-neutral names for what a central system asks, per version's action.
REQUEST_KINDS: dict[str, dict[str, str]] = {
    "1.6": {
        "limit": "SetChargingProfile",
        "clear_limit": "ClearChargingProfile",
        "start": "RemoteStartTransaction",
        "stop": "RemoteStopTransaction",
        "availability": "ChangeAvailability",
        "reset": "Reset",
        "unlock": "UnlockConnector",
        "trigger": "TriggerMessage",
        "configure": "ChangeConfiguration",
        "read_configuration": "GetConfiguration",
        "local_list": "SendLocalList",
        "local_list_version": "GetLocalListVersion",
        "clear_cache": "ClearCache",
        "reserve": "ReserveNow",
        "cancel_reservation": "CancelReservation",
        "firmware": "UpdateFirmware",
        "logs": "GetDiagnostics",
        "data_transfer": "DataTransfer",
        "composite_schedule": "GetCompositeSchedule",
    },
    "2.0.1": {
        "limit": "SetChargingProfile",
        "clear_limit": "ClearChargingProfile",
        "start": "RequestStartTransaction",
        "stop": "RequestStopTransaction",
        "availability": "ChangeAvailability",
        "reset": "Reset",
        "unlock": "UnlockConnector",
        "trigger": "TriggerMessage",
        "configure": "SetVariables",
        "read_configuration": "GetVariables",
        "local_list": "SendLocalList",
        "local_list_version": "GetLocalListVersion",
        "clear_cache": "ClearCache",
        "reserve": "ReserveNow",
        "cancel_reservation": "CancelReservation",
        "firmware": "UpdateFirmware",
        "logs": "GetLog",
        "data_transfer": "DataTransfer",
        "composite_schedule": "GetCompositeSchedule",
    },
}


class StationBase:
    """What both adapters share: the link, waiting, and reading requests."""

    version = ""

    def __init__(self, sim: Any) -> None:
        self.sim = sim

    @property
    def id(self) -> str:
        return str(self.sim.id)

    @property
    def connected(self) -> bool:
        return bool(self.sim.connected)

    async def connect(self) -> None:
        await self.sim.connect()

    async def close(self) -> None:
        await self.sim.close()

    async def __aenter__(self) -> Self:
        await self.connect()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def heartbeat(self) -> str:
        return str(await self.sim.heartbeat())

    def limit_a(self, outlet: int = 1) -> float | None:
        raise NotImplementedError

    def paused(self, outlet: int = 1) -> bool:
        """Whether the limit in force is 0 A (the CSMS paused the outlet)."""
        return self.limit_a(outlet) == 0

    def action(self, kind: str) -> str:
        """The action name of a version-neutral request kind (or the name itself)."""
        return REQUEST_KINDS[self.version].get(kind, kind)

    def requests(self, kind: str) -> list[dict[str, Any]]:
        """Payloads (camelCase, as received) of every request of this kind."""
        action = self.action(kind)
        return [payload for name, payload in self.sim.calls if name == action]

    async def wait_for_request(
        self, kind: str, timeout: float = 10, count: int = 1
    ) -> dict[str, Any]:
        """Wait for the count-th request of this kind; return its payload."""
        result: dict[str, Any] = await self.sim.wait_for_call(
            self.action(kind), timeout, count
        )
        return result

    async def wait_until(self, check: Callable[[], bool], timeout: float = 10) -> None:
        """Wait until check() holds; re-checked after every message received."""
        await self.sim.wait_until(check, timeout, "condition")

    async def wait_for_limit(
        self, outlet: int, amps: float | None, timeout: float = 10
    ) -> None:
        """Wait until the limit in force on `outlet` is `amps` (None: no limit)."""
        await self.sim.wait_until(
            lambda: self.limit_a(outlet) == amps, timeout, f"limit {amps} A on {outlet}"
        )

    async def wait_for_available(
        self, outlet: int, available: bool = True, timeout: float = 10
    ) -> None:
        await self.sim.wait_until(
            lambda: self.available(outlet) == available, timeout, "availability"
        )

    def available(self, outlet: int = 1) -> bool:
        raise NotImplementedError
