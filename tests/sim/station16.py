"""The Station driver over the 1.6 SimChargePoint (its own API stays as it is)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from ocpp.v16 import call

from .chargepoint import SimChargePoint
from .config import SimConfig
from .station_base import StationBase


def stamp(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).isoformat().replace("+00:00", "Z")


def samples16(
    energy_wh: float | None,
    power_w: float | None,
    currents: Sequence[float] | None,
    voltage: float | None,
    soc: float | None,
) -> list[dict[str, Any]]:
    """1.6 sampledValue entries for the readings given."""
    found: list[dict[str, Any]] = []

    def add(measurand: str, value: float, unit: str, phase: str | None = None) -> None:
        entry = {"measurand": measurand, "value": str(value), "unit": unit}
        if phase is not None:
            entry["phase"] = phase
        found.append(entry)

    if energy_wh is not None:
        add("Energy.Active.Import.Register", energy_wh, "Wh")
    if power_w is not None:
        add("Power.Active.Import", power_w, "W")
    for phase, amps in zip(("L1", "L2", "L3"), currents or (), strict=False):
        add("Current.Import", amps, "A", phase)
    if voltage is not None:
        add("Voltage", voltage, "V")
    if soc is not None:
        add("SoC", soc, "Percent")
    return found


class Station16(StationBase):
    """A 1.6 charger behind the Station API; `sim` is the SimChargePoint."""

    version = "1.6"
    sim: SimChargePoint

    def __init__(self, config: SimConfig | SimChargePoint) -> None:
        sim = config if isinstance(config, SimChargePoint) else SimChargePoint(config)
        super().__init__(sim)
        self._tx: dict[int, tuple[int, datetime]] = {}  # connector -> (id, start)

    async def boot(self) -> str:
        return await self.sim.boot()

    async def status(self, outlet: int, state: str) -> None:
        await self.sim.status(outlet, state)

    async def plug_in(self, outlet: int = 1) -> None:
        await self.sim.status(outlet, "Preparing")

    async def unplug(self, outlet: int = 1) -> None:
        await self.sim.status(outlet, "Available")

    async def authorize(self, tag: str) -> str:
        result = await self.sim.request(call.Authorize(id_tag=tag))
        return str(result.id_tag_info["status"])

    async def start_session(
        self, outlet: int = 1, tag: str = "TAG1", meter_start_wh: float = 0
    ) -> str:
        """Preparing, StartTransaction, Charging; the CSMS's id as a string."""
        if self.sim.connector_status.get(outlet) != "Preparing":
            await self.sim.status(outlet, "Preparing")
        answer = await self.sim.request(
            call.StartTransaction(
                connector_id=outlet,
                id_tag=tag,
                meter_start=int(meter_start_wh),
                timestamp=stamp(),
            )
        )
        self._tx[outlet] = (int(answer.transaction_id), datetime.now(UTC))
        await self.sim.status(outlet, "Charging")
        return str(answer.transaction_id)

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
    ) -> None:
        tx = self._tx.get(outlet)
        await self.sim.request(
            call.MeterValues(
                connector_id=outlet,
                transaction_id=tx[0] if tx else None,
                meter_value=[
                    {
                        "timestamp": stamp(when),
                        "sampled_value": samples16(
                            energy_wh, power_w, currents, voltage, soc
                        ),
                    }
                ],
            )
        )

    async def stop_session(
        self, outlet: int = 1, meter_stop_wh: float | None = None, reason: str = "Local"
    ) -> None:
        """StopTransaction, then Finishing (the car is still plugged in)."""
        tx_id, _ = self._tx.pop(outlet)
        await self.sim.request(
            call.StopTransaction(
                meter_stop=int(meter_stop_wh or 0),
                timestamp=stamp(),
                transaction_id=tx_id,
                reason=reason,
            )
        )
        await self.sim.status(outlet, "Finishing")

    def transaction_id(self, outlet: int = 1) -> str | None:
        tx = self._tx.get(outlet)
        return None if tx is None else str(tx[0])

    def limit_a(self, outlet: int = 1) -> float | None:
        tx = self._tx.get(outlet)
        return self.sim.profiles.limit_a(
            outlet,
            transaction_id=str(tx[0]) if tx else None,
            tx_start=tx[1] if tx else None,
        )

    def available(self, outlet: int = 1) -> bool:
        wanted = self.sim.availability
        return wanted.get(0, "Operative") == "Operative" and (
            wanted.get(outlet, "Operative") == "Operative"
        )
