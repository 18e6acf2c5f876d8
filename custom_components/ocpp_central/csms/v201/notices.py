"""What a 2.0.1 station tells on its own: events, progress, limits, needs.

Each is answered (most with an empty payload) and kept in the neutral model
where Home Assistant shows it: firmware and log upload progress, problems
reported through the device model, and what an ISO 15118 car needs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ..certificates import Certificates, note_security_event
from ..model import Change, Charger, DeviceEvent
from ..outcalls import status_call
from ..protocol import Answer, Link
from ..timeutil import parse_timestamp, utc_now
from .device_model import address

_LOGGER = logging.getLogger(__name__)

type Handler = Callable[[dict[str, Any]], Answer]
STATION_CERTIFICATE = "ChargingStationCertificate"


def _empty(payload: dict[str, Any]) -> Answer:
    return {}, None


class Notices:
    """Handlers for one station's notifications."""

    def __init__(self, link: Link, certificates: Certificates) -> None:
        self.link = link
        self.charger: Charger = link.charger
        self.certificates = certificates

    def handlers(self) -> dict[str, Handler]:
        """Action name -> handler."""
        return {
            "FirmwareStatusNotification": self._firmware_status,
            "LogStatusNotification": self._log_status,
            "SecurityEventNotification": self._security_event,
            "NotifyEvent": self._event,
            "NotifyEVChargingNeeds": self._ev_needs,
            "NotifyEVChargingSchedule": self._ev_schedule,
            "DataTransfer": self._data_transfer,
            "SignCertificate": self._sign_certificate,
            "NotifyChargingLimit": _empty,
            "ClearedChargingLimit": _empty,
            "ReportChargingProfiles": _empty,
            "ReservationStatusUpdate": _empty,
            "NotifyCustomerInformation": _empty,
            "NotifyMonitoringReport": _empty,
            "PublishFirmwareStatusNotification": _empty,
        }

    def _firmware_status(self, payload: dict[str, Any]) -> Answer:
        self.charger.firmware_status = payload["status"]
        self.link.notify(Change.OPERATION)
        return {}, None

    def _log_status(self, payload: dict[str, Any]) -> Answer:
        self.charger.diagnostics_status = payload["status"]
        self.link.notify(Change.OPERATION)
        return {}, None

    def _security_event(self, payload: dict[str, Any]) -> Answer:
        note_security_event(
            self.link,
            payload["type"],
            payload.get("timestamp"),
            payload.get("techInfo"),
        )
        return {}, None

    def _event(self, payload: dict[str, Any]) -> Answer:
        """NotifyEvent: problems become the charger's problems; all are told."""
        for data in payload.get("eventData", []):
            key = address(data.get("component", {}), data.get("variable", {}))
            variable = str(data.get("variable", {}).get("name", ""))
            value = str(data.get("actualValue", ""))
            problem = None
            if variable == "Problem":
                problem = value.lower() == "true" and not data.get("cleared")
            event = DeviceEvent(
                component=key.split("/", 1)[0],
                variable=variable,
                value=value,
                trigger=str(data.get("trigger", "")),
                time=parse_timestamp(data.get("timestamp")) or utc_now(),
                problem=problem,
                tech_code=data.get("techCode"),
                tech_info=data.get("techInfo"),
            )
            if problem:
                self.charger.problems[key] = event
            elif problem is False or data.get("cleared"):
                self.charger.problems.pop(key, None)
            self.charger.last_event = event
            self.link.notify(Change.DEVICE_EVENT)
        return {}, None

    def _ev_needs(self, payload: dict[str, Any]) -> Answer:
        """What an ISO 15118 car needs; we plan no schedule for it (Rejected)."""
        needs = payload.get("chargingNeeds", {})
        connector = self.charger.connector(int(payload["evseId"]))
        connector.ev_departure = parse_timestamp(needs.get("departureTime"))
        ac = needs.get("acChargingParameters") or {}
        dc = needs.get("dcChargingParameters") or {}
        energy = ac.get("energyAmount", dc.get("energyAmount"))
        connector.ev_energy_wh = float(energy) if energy is not None else None
        self.link.notify(Change.NEW_VALUES, connector.id)
        self.link.notify(Change.METER, connector.id)
        return {"status": "Rejected"}, None

    def _ev_schedule(self, payload: dict[str, Any]) -> Answer:
        return {"status": "Accepted"}, None

    def _data_transfer(self, payload: dict[str, Any]) -> Answer:
        _LOGGER.debug(
            "%s: DataTransfer from vendor %s ignored",
            self.charger.identity,
            payload.get("vendorId"),
        )
        return {"status": "UnknownVendorId"}, None

    def _sign_certificate(self, payload: dict[str, Any]) -> Answer:
        """Sign the station's CSR (not a car's: V2G needs the V2G PKI)."""
        kind = payload.get("certificateType") or STATION_CERTIFICATE
        if kind != STATION_CERTIFICATE:
            return {"status": "Rejected"}, None
        signed = self.certificates.sign(self.charger.identity, payload["csr"])
        if signed is None:
            return {"status": "Rejected"}, None

        async def deliver() -> None:
            status = await status_call(
                self.link,
                "CertificateSigned",
                {"certificateChain": signed.certificate_chain, "certificateType": kind},
                ok=("Accepted", "Rejected"),
            )
            self.certificates.delivered(self.charger.identity, status)

        return {"status": "Accepted"}, deliver
