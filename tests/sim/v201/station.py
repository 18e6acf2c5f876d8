"""SimChargingStation: the simulated OCPP 2.0.1 station and its own life (run())."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from websockets.exceptions import ConnectionClosed

from ..chargepoint import DEFAULT_RETRY_INTERVAL
from .maintenance import SimMaintenance

_LOGGER = logging.getLogger("tests.sim")

PHASES = 3
VOLTAGE = 230.0


class SimChargingStation(SimMaintenance):
    """A simulated OCPP 2.0.1 charging station.

    Drive it step by step from a test (connect, boot, plug_in,
    start_transaction, meter, end_transaction, drop_link, reconnect, ...) or
    let run() boot it, report its connectors, heartbeat, meter running
    transactions every SampledDataCtrlr.TxUpdatedInterval and come back
    after a password change or a reset. Public state: config, calls,
    frames_in, boot_status, heartbeat_interval, device_model, evses,
    transactions, queue, sent, profiles, local_list, reservations, ...
    """

    async def run(
        self,
        *,
        stop: asyncio.Event | None = None,
        on_accepted: Callable[[SimChargingStation], object] | None = None,
    ) -> None:
        """Boot until Accepted, then live until `stop` is set or the link is lost.

        A new password or a reset make it reconnect (and boot again after a
        reset). The link stays open when `stop` ends the run; call close().
        """
        stop = stop if stop is not None else asyncio.Event()
        self.running = True
        try:
            if not self.connected:
                await self.connect()
            self._reconnect_wanted = False
            booted = self.boot_status == "Accepted"
            while True:
                with contextlib.suppress(ConnectionClosed):
                    booted = await self._session(stop, booted, on_accepted)
                if stop.is_set():
                    return
                if self._closed is not None:
                    await asyncio.shield(self._closed)
                if not self._reconnect_wanted:
                    _LOGGER.info("%s: connection closed, stopping", self.id)
                    return
                self._reconnect_wanted = False
                booted = booted and self._reboot_reason is None
                await self.connect()
        finally:
            self.running = False

    async def _session(
        self,
        stop: asyncio.Event,
        booted: bool,
        on_accepted: Callable[[SimChargingStation], object] | None,
    ) -> bool:
        """One connection's life; returns whether the station is Accepted."""
        if booted:
            await self.after_accepted(reconnected=True)
        else:
            reason = self._reboot_reason or self.config.boot_reason
            self._reboot_reason = None
            if not await self._boot_until_accepted(stop, reason):
                return False
            if on_accepted is not None:
                on_accepted(self)
            await self.after_accepted()
        loop = asyncio.get_running_loop()
        beat_due = meter_due = loop.time()
        while True:
            beat = self.heartbeat_interval or 0
            every = self.device_model.int_value(
                "SampledDataCtrlr", "TxUpdatedInterval", 0
            )
            beat_due = beat_due if beat_due > loop.time() else loop.time() + beat
            meter_due = meter_due if meter_due > loop.time() else loop.time() + every
            due = [d for d, n in ((beat_due, beat), (meter_due, every)) if n > 0]
            delay = max(0.0, min(due) - loop.time()) if due else None
            self.interval_changed.clear()
            await self._pause(delay, stop, self.interval_changed)
            if stop.is_set() or not self.connected:
                return True
            if self.interval_changed.is_set():
                meter_due = loop.time()  # restart the metering clock
                continue
            if beat > 0 and loop.time() >= beat_due:
                await self._tolerate_timeout(self.heartbeat(), "Heartbeat")
            if every > 0 and loop.time() >= meter_due:
                await self._meter_running(every)

    async def _boot_until_accepted(self, stop: asyncio.Event, reason: str) -> bool:
        """Boot; while Pending/Rejected boot again after `interval` (or when triggered)."""
        await self._tolerate_timeout(self.boot(reason), "BootNotification")
        while self.boot_status != "Accepted":
            self._booted.clear()
            await self._pause(
                self.registration_interval or DEFAULT_RETRY_INTERVAL, stop, self._booted
            )
            if stop.is_set() or not self.connected:
                return False
            if not self._booted.is_set():  # no triggered boot meanwhile
                await self._tolerate_timeout(self.boot(reason), "BootNotification")
        return True

    async def _meter_running(self, seconds: int) -> None:
        """Periodic TransactionEvent Updated for every running transaction."""
        for evse in self.evses.values():
            tx = evse.transaction
            if tx is None:
                continue
            if self.config.simulate_charging:
                charging = tx.charging_state == "Charging"
                amps = min(self.limit_a(evse.id) or 16.0, 16.0) if charging else 0.0
                evse.power_w = amps * VOLTAGE * PHASES
                evse.energy_wh += evse.power_w * seconds / 3600
            await self._tolerate_timeout(
                self.meter(evse.id, round(evse.energy_wh, 1), power_w=evse.power_w),
                "TransactionEvent",
            )
