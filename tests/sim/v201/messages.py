"""Requests the 2.0.1 station sends on its own (TransactionEvent: transactions.py)."""

from __future__ import annotations

import itertools
from typing import Any

from ocpp.v201 import call

from .base import SimStationBase, utc_now

ENERGY = "Energy.Active.Import.Register"


def sampled_values(
    energy_wh: float | None = None,
    *,
    power_w: float | None = None,
    currents: tuple[float, ...] | None = None,
    voltage: float | None = None,
    soc: float | None = None,
    offered_a: float | None = None,
    context: str = "Sample.Periodic",
) -> list[dict[str, Any]]:
    """sampledValue entries (snake_case) for the readings given."""
    found: list[dict[str, Any]] = []

    def add(measurand: str, value: float, unit: str, phase: str | None = None) -> None:
        entry: dict[str, Any] = {
            "value": value,
            "context": context,
            "measurand": measurand,
            "unit_of_measure": {"unit": unit},
        }
        if phase is not None:
            entry["phase"] = phase
        found.append(entry)

    if energy_wh is not None:
        add(ENERGY, energy_wh, "Wh")
    if power_w is not None:
        add("Power.Active.Import", power_w, "W")
    for phase, amps in zip(("L1", "L2", "L3"), currents or (), strict=False):
        add("Current.Import", amps, "A", phase)
    if offered_a is not None:
        add("Current.Offered", offered_a, "A")
    if voltage is not None:
        add("Voltage", voltage, "V")
    if soc is not None:
        add("SoC", soc, "Percent")
    return found


class SimMessages201(SimStationBase):
    """Outgoing CALLs; each returns once the CSMS answered."""

    def __init__(self, config: Any) -> None:
        super().__init__(config)
        self._event_seq = itertools.count(0)  # NotifyEvent seqNo

    async def boot(self, reason: str | None = None) -> str:
        """Send BootNotification; store and return the registration status."""
        conf = self.config
        station: dict[str, Any] = {"model": conf.model, "vendor_name": conf.vendor}
        if conf.serial is not None:
            station["serial_number"] = conf.serial
        if conf.firmware is not None:
            station["firmware_version"] = conf.firmware
        if conf.iccid is not None or conf.imsi is not None:
            station["modem"] = {
                k: v for k, v in (("iccid", conf.iccid), ("imsi", conf.imsi)) if v
            }
        result = await self.request(
            call.BootNotification(
                charging_station=station, reason=reason or conf.boot_reason
            )
        )
        self.boot_status = str(result.status)
        self.registration_interval = int(result.interval)
        if self.boot_status == "Accepted":
            self.heartbeat_interval = int(result.interval)
        self._booted.set()
        return self.boot_status

    async def heartbeat(self) -> str:
        """Send Heartbeat; return the CSMS's currentTime."""
        result = await self.request(call.Heartbeat())
        return str(result.current_time)

    async def status(self, evse: int, connector: int = 1, status: str = "") -> None:
        """Record a connector's status and send StatusNotification when possible.

        Offline (or before Accepted) the change is kept and reported after
        the reconnect or the boot (B04.FR.02). An empty status resends the
        current one.
        """
        state = self.evse(evse)
        if connector not in state.connectors:
            raise ValueError(f"{self.id}: EVSE {evse} has no connector {connector}")
        state.connectors[connector] = status or state.connectors[connector]
        if not self.connected or not self.gate_open("StatusNotification"):
            state.unreported.add(connector)
            return
        state.unreported.discard(connector)
        await self.request(
            call.StatusNotification(
                timestamp=utc_now(),
                connector_status=state.connectors[connector],
                evse_id=evse,
                connector_id=connector,
            )
        )

    async def report_all_status(self, *, only_changed: bool = False) -> None:
        """StatusNotification for every connector (or those changed offline)."""
        for evse in self.evses.values():
            for connector in list(evse.connectors):
                if not only_changed or connector in evse.unreported:
                    await self.status(evse.id, connector)

    async def meter_values(
        self, evse: int, samples: list[dict[str, Any]], when: str | None = None
    ) -> None:
        """Send MeterValues (outside transactions, or evse 0 for the main meter)."""
        await self.request(
            call.MeterValues(
                evse_id=evse,
                meter_value=[
                    {"timestamp": when or utc_now(), "sampled_value": samples}
                ],
            )
        )

    async def authorize(self, id_token: str, token_type: str = "ISO14443") -> str:
        """Send Authorize; return idTokenInfo.status."""
        result = await self.request(
            call.Authorize(id_token={"id_token": id_token, "type": token_type})
        )
        return str(result.id_token_info["status"])

    async def notify_event(
        self,
        component: str,
        variable: str,
        actual_value: str,
        *,
        trigger: str = "Delta",
        evse: int | None = None,
        cleared: bool | None = None,
        tech_info: str | None = None,
        event_id: int = 1,
    ) -> None:
        """Send NotifyEvent with one event (e.g. a Problem or AvailabilityState)."""
        comp: dict[str, Any] = {"name": component}
        if evse is not None:
            comp["evse"] = {"id": evse}
        event: dict[str, Any] = {
            "event_id": event_id,
            "timestamp": utc_now(),
            "trigger": trigger,
            "actual_value": actual_value,
            "event_notification_type": "HardWiredNotification",
            "component": comp,
            "variable": {"name": variable},
        }
        if cleared is not None:
            event["cleared"] = cleared
        if tech_info is not None:
            event["tech_info"] = tech_info
        await self.request(
            call.NotifyEvent(
                generated_at=utc_now(), seq_no=next(self._event_seq), event_data=[event]
            )
        )

    async def security_event(self, kind: str, tech_info: str | None = None) -> None:
        """Send SecurityEventNotification (e.g. "SettingSystemTime")."""
        await self.request(
            call.SecurityEventNotification(
                type=kind, timestamp=utc_now(), tech_info=tech_info
            )
        )

    async def notify_ev_charging_needs(
        self,
        evse: int,
        *,
        energy_wh: int = 20000,
        min_a: int = 6,
        max_a: int = 16,
        max_v: int = 400,
        departure: str | None = None,
    ) -> str:
        """Send NotifyEVChargingNeeds (an ISO 15118 AC car); return the status."""
        needs: dict[str, Any] = {
            "requested_energy_transfer": "AC_three_phase",
            "ac_charging_parameters": {
                "energy_amount": energy_wh,
                "ev_min_current": min_a,
                "ev_max_current": max_a,
                "ev_max_voltage": max_v,
            },
        }
        if departure is not None:
            needs["departure_time"] = departure
        result = await self.request(
            call.NotifyEVChargingNeeds(charging_needs=needs, evse_id=evse)
        )
        return str(result.status)

    async def notify_charging_limit(
        self, evse: int | None, limit_a: float, source: str = "EMS"
    ) -> None:
        """Send NotifyChargingLimit: an external limit (e.g. the house EMS)."""
        schedule = {
            "id": 1,
            "charging_rate_unit": "A",
            "charging_schedule_period": [{"start_period": 0, "limit": limit_a}],
        }
        await self.request(
            call.NotifyChargingLimit(
                charging_limit={"charging_limit_source": source},
                evse_id=evse,
                charging_schedule=[schedule],
            )
        )

    async def sign_certificate(self, csr: str | None = None) -> str:
        """Send SignCertificate (by default a real CSR of the station's key)."""
        if csr is None:
            organization = self.device_model.value("SecurityCtrlr", "OrganizationName")
            csr = self.station_key.csr(self.id, organization or None)
        result = await self.request(
            call.SignCertificate(csr=csr, certificate_type="ChargingStationCertificate")
        )
        return str(result.status)

    async def firmware_status(self, status: str, request_id: int | None = None) -> None:
        await self.request(
            call.FirmwareStatusNotification(status=status, request_id=request_id)
        )

    async def log_status(self, status: str, request_id: int | None = None) -> None:
        await self.request(
            call.LogStatusNotification(status=status, request_id=request_id)
        )
