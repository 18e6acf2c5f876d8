"""SimChargePoint: the simulated charger with its autonomous behaviour."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from websockets.exceptions import ConnectionClosed

from .security16 import SimSecurity16

_LOGGER = logging.getLogger("tests.sim")

# Seconds between BootNotifications when the central system gave interval 0.
DEFAULT_RETRY_INTERVAL = 10


class SimChargePoint(SimSecurity16):
    """A simulated OCPP 1.6J charge point.

    Public state: config, calls, frames_in, boot_status, heartbeat_interval,
    connector_status, connected. Requests: boot, heartbeat, status,
    meter_values, request (any ocpp.v16.call payload), send_raw.
    """

    async def run(
        self,
        *,
        stop: asyncio.Event | None = None,
        on_accepted: Callable[[SimChargePoint], object] | None = None,
    ) -> None:
        """Boot until accepted, report connectors, then heartbeat.

        Returns when `stop` is set or the connection closes, except when the
        central system changed AuthorizationKey: then it reconnects with the
        new password and continues (StatusNotifications, heartbeats; no new
        BootNotification since the charger did not reboot). `on_accepted` is
        called once, when the first BootNotification is accepted. The
        connection is left open when `stop` ends the run; call close().
        Unanswered requests are logged and skipped; a refused handshake or a
        CALLERROR answer (OCPPError) ends the run with that exception.
        """
        stop = stop if stop is not None else asyncio.Event()
        if not self.connected:
            await self.connect()
        self._reconnect_wanted = False
        booted = False
        while True:
            with contextlib.suppress(ConnectionClosed):
                booted = await self._session(stop, booted, on_accepted)
            if stop.is_set():
                return
            # Otherwise the session ended because the connection is going down.
            if self._closed is not None:
                await asyncio.shield(self._closed)
            if not self._reconnect_wanted:
                _LOGGER.info("%s: connection closed, stopping", self.id)
                return
            self._reconnect_wanted = False
            await self.connect()

    async def _session(
        self,
        stop: asyncio.Event,
        booted: bool,
        on_accepted: Callable[[SimChargePoint], object] | None,
    ) -> bool:
        """One connection's life; returns whether the charger has been accepted."""
        if not booted:
            if not await self._boot_until_accepted(stop):
                return False
            _LOGGER.debug("%s: accepted by the central system", self.id)
            if on_accepted is not None:
                on_accepted(self)
        for connector in range(self.config.connectors + 1):
            state = self.connector_status.get(connector, "Available")
            await self._tolerate_timeout(self.status(connector, state), "Status")
        while True:
            interval = self.heartbeat_interval or 0
            await self._pause(interval if interval > 0 else None, stop)
            if stop.is_set() or not self.connected:
                return True
            if interval > 0:
                await self._tolerate_timeout(self.heartbeat(), "Heartbeat")

    async def _boot_until_accepted(self, stop: asyncio.Event) -> bool:
        """Boot, and boot again while Pending/Rejected; False if stopped/closed."""
        await self._tolerate_timeout(self.boot(), "BootNotification")
        while self.boot_status != "Accepted":
            self._booted.clear()
            await self._pause(
                self.heartbeat_interval or DEFAULT_RETRY_INTERVAL, stop, self._booted
            )
            if stop.is_set() or not self.connected:
                return False
            if not self._booted.is_set():  # no triggered boot meanwhile
                await self._tolerate_timeout(self.boot(), "BootNotification")
        return True
