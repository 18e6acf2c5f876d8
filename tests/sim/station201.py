"""The Station driver over the 2.0.1 SimChargingStation (outlet = EVSE id)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from .station_base import StationBase
from .v201 import SimChargingStation, SimStationConfig

# 1.6 stop reasons (the Station API's names) that 2.0.1 spells differently.
STOP_REASONS = {
    "HardReset": "ImmediateReset",
    "SoftReset": "Reboot",
    "UnlockCommand": "Other",
}
CHARGING_STATES = ("Charging", "SuspendedEV", "SuspendedEVSE")
PLAIN_STATES = {"Reserved", "Unavailable", "Faulted"}


class Station201(StationBase):
    """A 2.0.1 station behind the Station API; `sim` is the SimChargingStation."""

    version = "2.0.1"
    sim: SimChargingStation

    def __init__(self, config: SimStationConfig | SimChargingStation) -> None:
        sim = (
            config
            if isinstance(config, SimChargingStation)
            else SimChargingStation(config)
        )
        super().__init__(sim)

    async def boot(self) -> str:
        """BootNotification; once Accepted, every connector's status (B01.FR.05)."""
        status = await self.sim.boot()
        if status == "Accepted":
            await self.sim.after_accepted()
        return status

    async def status(self, outlet: int, state: str) -> None:
        """A 1.6 status, as a 2.0.1 station would show it.

        Available: the car leaves (a running transaction ends, EVDisconnected).
        Preparing and Finishing: a car is plugged in (Occupied).
        Charging/SuspendedEV/SuspendedEVSE: Occupied, and the running
        transaction's chargingState changes. Reserved/Unavailable/Faulted:
        that connector status as it is. Outlet 0 has no status in 2.0.1
        (StatusNotification is per connector): nothing is sent.
        """
        if outlet == 0:
            return
        evse = self.sim.evse(outlet)
        if state == "Available":
            if evse.plugged is not None or evse.transaction is not None:
                await self.sim.unplug(outlet)
            else:
                await self.sim.status(outlet, 1, "Available")
        elif state in PLAIN_STATES:
            for connector in evse.connectors:
                await self.sim.status(outlet, connector, state)
        else:
            if evse.plugged is None:
                await self.sim.plug_in(outlet)
            tx = evse.transaction
            if state in CHARGING_STATES and tx and tx.charging_state != state:
                await self.sim.set_charging_state(outlet, state)
            elif state not in CHARGING_STATES and evse.connectors[1] != "Occupied":
                await self.sim.status(outlet, 1, "Occupied")

    async def plug_in(self, outlet: int = 1) -> None:
        await self.sim.plug_in(outlet)

    async def unplug(self, outlet: int = 1) -> None:
        await self.sim.unplug(outlet)

    async def authorize(self, tag: str) -> str:
        return await self.sim.authorize(tag)

    async def start_session(
        self, outlet: int = 1, tag: str = "TAG1", meter_start_wh: float = 0
    ) -> str:
        """Plug in (if needed) and start a charging transaction; its station id."""
        if self.sim.evse(outlet).plugged is None:
            await self.sim.plug_in(outlet)
        return await self.sim.start_transaction(
            outlet, tag, meter_wh=meter_start_wh, charging_state="Charging"
        )

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
        await self.sim.meter(
            outlet,
            energy_wh,
            when=when,
            power_w=power_w,
            currents=tuple(currents) if currents else None,
            voltage=voltage,
            soc=soc,
        )

    async def stop_session(
        self, outlet: int = 1, meter_stop_wh: float | None = None, reason: str = "Local"
    ) -> None:
        """TransactionEvent Ended; the car stays plugged in (as 1.6 Finishing)."""
        await self.sim.end_transaction(
            outlet,
            meter_wh=meter_stop_wh,
            stopped_reason=STOP_REASONS.get(reason, reason),
        )

    def transaction_id(self, outlet: int = 1) -> str | None:
        tx = self.sim.active(outlet)
        return None if tx is None else tx.id

    def limit_a(self, outlet: int = 1) -> float | None:
        return self.sim.limit_a(outlet)

    def available(self, outlet: int = 1) -> bool:
        return self.sim.available(outlet)
