"""The demo charger: a simulated 1.6 charger with a car that charges on its own.

What a newcomer sees within a minute of start: the car is plugged in, the
driver's tag is read, a session starts and power, energy and the car's state
of charge move with every meter interval the central system asks for. The
charger obeys what it is told like a real one: charging profiles set the
current (0 A pauses), RemoteStart/RemoteStopTransaction start and end the
session, and the car tapers and stops when it is full.

The car is plugged in and out with a DataTransfer from the central system
(vendorId "ocpp-central-demo", messageId "plug_in" or "unplug"), which is
how scripts/develop's "Demo car plug in or unplug" button reaches it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from datetime import UTC, datetime
from typing import Any

from ocpp.v16 import call, call_result
from ocpp.v16.enums import Action
from websockets.exceptions import ConnectionClosed

from ..chargepoint import SimChargePoint
from ..config import SimConfig
from ..handlers import after, on
from .car import VOLTAGE, DemoCar, Limits, Profile

_LOGGER = logging.getLogger("tests.sim.demo")

DEMO_VENDOR_ID = "ocpp-central-demo"
PLUG_IN = "plug_in"
UNPLUG = "unplug"
CONNECTOR = 1
PHASES = ("L1", "L2", "L3")
MAINS_PERIOD_S = 120.0


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class DemoChargePoint(SimChargePoint):
    """One connector with a car behind it; see the module docstring."""

    def __init__(
        self,
        config: SimConfig,
        car: DemoCar | None = None,
        tag: str = "DEMO-CAR",
        driver_delay: float = 2.0,
        mains_swing_v: float = 0.0,
    ) -> None:
        super().__init__(config)
        self.car = car or DemoCar()
        self.tag = tag
        self.driver_delay = driver_delay  # plug in, then the tag a moment later
        # The mains voltage drifts a few volts over two minutes, so power on a
        # graph moves like a real charger's instead of drawing a flat line.
        self.mains_swing_v = mains_swing_v
        self.limits = Limits()
        self.plugged = True
        self.transaction_id: int | None = None
        self.register_wh = 0.0  # the meter's total, kept across sessions
        self.current_a = 0.0
        self._metered_at: float | None = None
        self._voltage = VOLTAGE
        self._wake = asyncio.Event()
        self._metering: asyncio.Task[None] | None = None
        self.connector_status[CONNECTOR] = "Preparing"

    # -- the life of the charger ------------------------------------------------

    async def run(self, **kwargs: Any) -> None:
        """Run as SimChargePoint does; once accepted, the car does its part."""
        on_accepted = kwargs.pop("on_accepted", None)

        def accepted(cp: SimChargePoint) -> None:
            if on_accepted is not None:
                on_accepted(cp)
            self._spawn(self._carry_on(), "car")

        await super().run(on_accepted=accepted, **kwargs)

    async def _carry_on(self) -> None:
        """After (re)connecting: keep metering a session, or let the driver start."""
        if self.transaction_id is not None:
            self._start_metering()
        elif self.plugged:
            await self._driver_arrives()

    async def _driver_arrives(self) -> None:
        """The driver holds the tag to the reader a moment after plugging in."""
        await asyncio.sleep(self.driver_delay)
        if not self.plugged or self.transaction_id is not None:
            return
        answer = await self.request(call.Authorize(id_tag=self.tag))
        if answer.id_tag_info["status"] != "Accepted":
            _LOGGER.info("%s: tag %s refused, no session", self.id, self.tag)
            return
        await self.start_transaction(self.tag)

    async def start_transaction(self, tag: str) -> None:
        """Start a session on the plugged-in car."""
        answer = await self.request(
            call.StartTransaction(
                connector_id=CONNECTOR,
                id_tag=tag,
                meter_start=int(self.register_wh),
                timestamp=_now(),
            )
        )
        self.transaction_id = int(answer.transaction_id)
        _LOGGER.info("%s: session %s started", self.id, self.transaction_id)
        self._metered_at = time.monotonic()
        self._start_metering()

    async def stop_transaction(self, reason: str) -> None:
        """End the session (the meter reading is the session's end)."""
        tx, self.transaction_id = self.transaction_id, None
        if tx is None:
            return
        self._wake.set()  # the meter loop ends with the session
        self._integrate()
        self.current_a = 0.0
        self.limits.end_transaction()
        await self.request(
            call.StopTransaction(
                meter_stop=int(self.register_wh),
                timestamp=_now(),
                transaction_id=tx,
                reason=reason,
            )
        )
        _LOGGER.info("%s: session %s stopped (%s)", self.id, tx, reason)
        await self.status(CONNECTOR, "Finishing" if self.plugged else "Available")

    async def plug_in(self) -> None:
        """A (fresh) car is plugged in; the driver starts a session."""
        if self.plugged:
            return
        self.plugged = True
        self.car.replace()
        _LOGGER.info("%s: car plugged in", self.id)
        await self.status(CONNECTOR, "Preparing")
        await self._driver_arrives()

    async def unplug(self) -> None:
        """The driver unplugs: the session ends, the connector is free."""
        if not self.plugged:
            return
        self.plugged = False
        _LOGGER.info("%s: car unplugged", self.id)
        if self.transaction_id is not None:
            await self.stop_transaction("EVDisconnected")
        await self.status(CONNECTOR, "Available")

    # -- metering ---------------------------------------------------------------

    def _start_metering(self) -> None:
        if self._metering is None or self._metering.done():
            self._metering = asyncio.create_task(self._meter(), name=f"{self.id} meter")
            self._tasks.add(self._metering)
            self._metering.add_done_callback(self._tasks.discard)

    def _interval(self) -> float:
        value = self.config.configuration.get("MeterValueSampleInterval", ("60", 0))[0]
        return float(value) if str(value).isdigit() and int(value) > 0 else 60.0

    def voltage(self) -> float:
        """The mains voltage now."""
        swing = math.sin(2 * math.pi * time.monotonic() / MAINS_PERIOD_S)
        return VOLTAGE + self.mains_swing_v * swing

    def power_w(self) -> float:
        return self.car.power_w(self.current_a, self._voltage)

    def _integrate(self) -> None:
        """Count the energy drawn since the last sample at the power then."""
        now = time.monotonic()
        if self._metered_at is not None:
            self.register_wh += self.car.charge(self.power_w(), now - self._metered_at)
        self._metered_at = now
        self._voltage = self.voltage()

    async def _meter(self) -> None:
        """Sample every interval (sooner when a limit changes) while in session."""
        with contextlib.suppress(ConnectionClosed):
            while self.transaction_id is not None and self.connected:
                self._integrate()
                self.current_a = self.car.current_a(self.limits.offered_a(CONNECTOR))
                try:
                    await self.meter_values(CONNECTOR)
                    await self._follow_status()
                except TimeoutError:
                    _LOGGER.warning("%s: no answer to MeterValues", self.id)
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self._interval())

    async def _follow_status(self) -> None:
        if self.current_a > 0:
            status = "Charging"
        elif self.car.full or self.limits.offered_a(CONNECTOR) >= 6:
            status = "SuspendedEV"
        else:
            status = "SuspendedEVSE"
        if self.connector_status.get(CONNECTOR) != status:
            await self.status(CONNECTOR, status)

    def sampled_values(self) -> list[dict[str, Any]]:
        """What the meter reads now, for the measurands asked for."""
        offered = self.limits.offered_a(CONNECTOR)
        current = self.current_a
        wanted = self.config.configuration.get("MeterValuesSampledData", ("", 0))[0]
        asked = {measurand.strip() for measurand in str(wanted).split(",")}
        readings: list[tuple[str, float, str | None, str | None]] = [
            ("Energy.Active.Import.Register", round(self.register_wh, 1), "Wh", None),
            ("Power.Active.Import", round(self.power_w(), 1), "W", None),
            *(("Current.Import", round(current, 2), "A", p) for p in PHASES),
            *(("Voltage", round(self._voltage, 1), "V", f"{p}-N") for p in PHASES),
            ("Current.Offered", round(offered, 1), "A", None),
            ("Power.Offered", round(offered * VOLTAGE * len(PHASES), 1), "W", None),
            ("SoC", round(self.car.soc, 1), "Percent", None),
            ("Temperature", 24.0, "Celsius", None),
        ]
        return [
            {"measurand": measurand, "value": str(value), "unit": unit}
            | ({"phase": phase} if phase else {})
            | ({"location": "EV"} if measurand == "SoC" else {})
            for measurand, value, unit, phase in readings
            if measurand in asked or measurand.startswith("Energy")
        ]

    async def meter_values(
        self,
        connector: int,
        energy_wh: float = 0,
        *,
        transaction_id: int | None = None,
        context: str = "Sample.Periodic",
    ) -> None:
        """Send what the meter reads now (TriggerMessage lands here too)."""
        values = [{**v, "context": context} for v in self.sampled_values()]
        await self.request(
            call.MeterValues(
                connector_id=connector,
                transaction_id=transaction_id or self.transaction_id,
                meter_value=[{"timestamp": _now(), "sampled_value": values}],
            )
        )

    # -- what the central system asks ----------------------------------------------

    @on(Action.remote_start_transaction)
    def on_remote_start_transaction(
        self, **_: Any
    ) -> call_result.RemoteStartTransaction:
        ready = self.plugged and self.transaction_id is None
        return call_result.RemoteStartTransaction(
            status=self._answer(
                Action.remote_start_transaction, "Accepted" if ready else "Rejected"
            )
        )

    @after(Action.remote_start_transaction)
    def after_remote_start_transaction(self, id_tag: str, **_: Any) -> None:
        if self.plugged and self.transaction_id is None:
            self._spawn(self.start_transaction(id_tag), "remote start")

    @on(Action.remote_stop_transaction)
    def on_remote_stop_transaction(
        self, transaction_id: int, **_: Any
    ) -> call_result.RemoteStopTransaction:
        known = transaction_id == self.transaction_id
        return call_result.RemoteStopTransaction(
            status=self._answer(
                Action.remote_stop_transaction, "Accepted" if known else "Rejected"
            )
        )

    @after(Action.remote_stop_transaction)
    def after_remote_stop_transaction(self, transaction_id: int, **_: Any) -> None:
        if transaction_id == self.transaction_id:
            self._spawn(self.stop_transaction("Remote"), "remote stop")

    @on(Action.set_charging_profile)
    def on_set_charging_profile(
        self, connector_id: int, cs_charging_profiles: dict[str, Any], **_: Any
    ) -> call_result.SetChargingProfile:
        status = self._answer(Action.set_charging_profile, "Accepted")
        if status == "Accepted":
            profile = Profile.from_call(connector_id, cs_charging_profiles, len(PHASES))
            self.limits.install(profile)
            self._wake.set()  # a new limit shows at once, not a period later
        return call_result.SetChargingProfile(status=status)

    @on(Action.clear_charging_profile)
    def on_clear_charging_profile(
        self,
        id: int | None = None,  # the OCPP field's name
        connector_id: int | None = None,
        charging_profile_purpose: str | None = None,
        stack_level: int | None = None,
        **_: Any,
    ) -> call_result.ClearChargingProfile:
        found = self.limits.clear(
            id, connector_id, charging_profile_purpose, stack_level
        )
        self._wake.set()
        return call_result.ClearChargingProfile(
            status=self._answer(
                Action.clear_charging_profile, "Accepted" if found else "Unknown"
            )
        )

    @on(Action.data_transfer)
    def on_data_transfer(
        self, vendor_id: str, message_id: str | None = None, **_: Any
    ) -> call_result.DataTransfer:
        if vendor_id != DEMO_VENDOR_ID:
            return call_result.DataTransfer(status="UnknownVendorId")
        if message_id not in (PLUG_IN, UNPLUG):
            return call_result.DataTransfer(status="UnknownMessageId")
        return call_result.DataTransfer(status="Accepted")

    @after(Action.data_transfer)
    def after_data_transfer(
        self, vendor_id: str, message_id: str | None = None, **_: Any
    ) -> None:
        if vendor_id == DEMO_VENDOR_ID and message_id == PLUG_IN:
            self._spawn(self.plug_in(), "plug in")
        elif vendor_id == DEMO_VENDOR_ID and message_id == UNPLUG:
            self._spawn(self.unplug(), "unplug")
