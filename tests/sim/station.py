"""A version-neutral driver: one Station API over the 1.6 charger and the 2.0.1 station.

Tests that pin down behaviour shared by both versions drive a Station and
read back what the central system asked, without naming a message:

    station = make_station("2.0.1", url)            # or "1.6"
    async with station:
        assert await station.boot() == "Accepted"
        tx = await station.start_session(1, "TAG1", meter_start_wh=1000)
        await station.meter(1, 1500, power_w=7400, currents=(10.7, 10.7, 10.7))
        await station.wait_for_limit(1, 0)          # the CSMS paused outlet 1
        await station.stop_session(1, 2000)

An outlet is the 1.6 connector id and the 2.0.1 EVSE id; outlet 0 is the
whole station. Statuses use the 1.6 names (Available, Preparing, Charging,
SuspendedEV, SuspendedEVSE, Finishing, Reserved, Unavailable, Faulted); the
2.0.1 station turns them into StatusNotification (Available/Occupied/...)
plus the TransactionEvent chargingState. See tests/sim/fixtures.py for the
pytest fixtures that run one test on both versions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self

from .config import SimConfig
from .station16 import Station16
from .station201 import Station201
from .station_base import REQUEST_KINDS
from .v201 import SimStationConfig

VERSIONS = ("1.6", "2.0.1")

__all__ = ["REQUEST_KINDS", "VERSIONS", "Station", "make_station"]


class Station(Protocol):
    """What a test can do with a simulated charger of either version."""

    version: str
    sim: Any  # the SimChargePoint or SimChargingStation underneath

    @property
    def id(self) -> str: ...
    @property
    def connected(self) -> bool: ...
    async def connect(self) -> None: ...
    async def close(self) -> None: ...
    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def boot(self) -> str: ...
    async def heartbeat(self) -> str: ...
    async def status(self, outlet: int, state: str) -> None: ...
    async def plug_in(self, outlet: int = 1) -> None: ...
    async def unplug(self, outlet: int = 1) -> None: ...
    async def authorize(self, tag: str) -> str: ...
    async def start_session(
        self, outlet: int = 1, tag: str = "TAG1", meter_start_wh: float = 0
    ) -> str: ...
    async def meter(
        self,
        outlet: int = 1,
        energy_wh: float | None = None,
        *,
        power_w: float | None = None,
        currents: Sequence[float] | None = None,
        voltage: float | None = None,
        soc: float | None = None,
        when: datetime | None = None,
    ) -> None: ...
    async def stop_session(
        self, outlet: int = 1, meter_stop_wh: float | None = None, reason: str = "Local"
    ) -> None: ...

    def transaction_id(self, outlet: int = 1) -> str | None: ...
    def limit_a(self, outlet: int = 1) -> float | None: ...
    def paused(self, outlet: int = 1) -> bool: ...
    def available(self, outlet: int = 1) -> bool: ...
    def requests(self, kind: str) -> list[dict[str, Any]]: ...
    async def wait_for_request(
        self, kind: str, timeout: float = 10, count: int = 1
    ) -> dict[str, Any]: ...
    async def wait_until(
        self, check: Callable[[], bool], timeout: float = 10
    ) -> None: ...
    async def wait_for_limit(
        self, outlet: int, amps: float | None, timeout: float = 10
    ) -> None: ...
    async def wait_for_available(
        self, outlet: int, available: bool = True, timeout: float = 10
    ) -> None: ...


def make_station(
    version: str,
    url: str,
    *,
    outlets: int = 1,
    password: str | None = None,
    **options: Any,
) -> Station:
    """A Station of `version` with `outlets` outlets (2.0.1: one connector each).

    options go to SimConfig (1.6) or SimStationConfig (2.0.1): identity,
    vendor, model, ssl, answers, ...
    """
    if version == "1.6":
        return Station16(
            SimConfig(url, connectors=outlets, password=password, **options)
        )
    if version == "2.0.1":
        return Station201(
            SimStationConfig(url, evses=(1,) * outlets, password=password, **options)
        )
    raise ValueError(f"unknown OCPP version {version!r}; use one of {VERSIONS}")
