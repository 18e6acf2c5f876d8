"""OCPP 2.0.1 commands of the security use cases (A, M, N, L blocks).

Root certificates, the charging station certificate, the security log,
signed firmware, and a new security profile through a network profile.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from .. import security_calls
from ..errors import ChargerRejected
from ..outcalls import status_call
from ..protocol import Link
from .device_model import DeviceModel

PRIORITY = "OCPPCommCtrlr/NetworkConfigurationPriority"
INTERFACE = "OCPPCommCtrlr/ActiveNetworkProfile"


class V201SecurityCommands:
    """What a 2.0.1 station can be asked about its security."""

    session: Link
    model: DeviceModel
    _request_ids: Iterator[int]

    async def _call(
        self, action: str, payload: dict[str, Any], ok: tuple[str, ...] = ("Accepted",)
    ) -> str:
        return await status_call(self.session, action, payload, ok)

    async def install_root_certificate(self, pem: str) -> str:
        """InstallCertificate of a CSMS root."""
        return await self._call(
            "InstallCertificate",
            {"certificateType": "CSMSRootCertificate", "certificate": pem},
        )

    async def installed_root_certificates(self) -> list[dict[str, Any]]:
        """GetInstalledCertificateIds of the CSMS roots."""
        answer = await self.session.call(
            "GetInstalledCertificateIds", {"certificateType": ["CSMSRootCertificate"]}
        )
        if answer.get("status") == "NotFound":
            return []
        return [
            item["certificateHashData"]
            for item in answer.get("certificateHashDataChain", [])
        ]

    async def delete_certificate(self, hash_data: dict[str, Any]) -> str:
        """DeleteCertificate (Accepted, or NotFound: nothing to delete)."""
        return await self._call(
            "DeleteCertificate",
            {"certificateHashData": hash_data},
            ok=("Accepted", "NotFound"),
        )

    async def request_certificate(self) -> str:
        """TriggerMessage SignChargingStationCertificate."""
        return await self._call(
            "TriggerMessage", {"requestedMessage": "SignChargingStationCertificate"}
        )

    async def get_security_log(
        self, location: str, start: datetime | None, stop: datetime | None
    ) -> str | None:
        """GetLog SecurityLog; returns the file name the station will upload."""
        return await self._get_log("SecurityLog", location, start, stop)

    async def _get_log(
        self,
        log_type: str,
        location: str,
        start: datetime | None,
        stop: datetime | None,
    ) -> str | None:
        """GetLog of one type; the file name the station will upload, if any."""
        return await security_calls.get_log(
            self.session,
            "GetLog",
            log_type,
            next(self._request_ids),
            location,
            start,
            stop,
        )

    async def update_firmware_signed(
        self,
        location: str,
        retrieve: datetime,
        signature: str,
        signing_certificate: str,
        retries: int | None,
        retry_interval_s: int | None,
    ) -> str:
        """UpdateFirmware with the signing certificate and signature."""
        return await security_calls.update_firmware_signed(
            self.session,
            "UpdateFirmware",
            next(self._request_ids),
            location,
            retrieve,
            signature,
            signing_certificate,
            retries,
            retry_interval_s,
        )

    async def set_organization(self, name: str) -> str:
        """SetVariables SecurityCtrlr.OrganizationName."""
        status = await self.model.set_one("SecurityCtrlr/OrganizationName", name)
        if status not in ("Accepted", "RebootRequired"):
            raise ChargerRejected(status, "OrganizationName")
        return status

    async def set_security_profile(self, profile: int, url: str) -> str:
        """A new network profile in a free slot, put first, then a reset (A05).

        The old slot stays second, so a station that cannot connect with the
        new profile falls back to the old one.
        """
        priority = self.model.value(PRIORITY) or "0"
        used = [int(slot) for slot in priority.split(",") if slot.strip().isdigit()]
        slot = next(number for number in range(1, 10) if number not in used)
        await self._call(
            "SetNetworkProfile",
            {
                "configurationSlot": slot,
                "connectionData": {
                    "ocppVersion": "OCPP20",
                    "ocppTransport": "JSON",
                    "ocppCsmsUrl": url,
                    "messageTimeout": 30,
                    "securityProfile": profile,
                    "ocppInterface": self.model.value(INTERFACE) or "Wired0",
                },
            },
        )
        order = ",".join(str(number) for number in [slot, *used])
        status = await self.model.set_one(PRIORITY, order)
        if status not in ("Accepted", "RebootRequired"):
            raise ChargerRejected(status, "NetworkConfigurationPriority")
        # OnIdle: the new profile is used after any running transaction.
        return await self._call(
            "Reset", {"type": "OnIdle"}, ok=("Accepted", "Scheduled")
        )
