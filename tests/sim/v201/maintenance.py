"""Firmware, logs and certificates: answered, with the notifications that follow."""

from __future__ import annotations

import hashlib
from typing import Any

from ocpp.v201 import call_result

from ..handlers import on
from .operations import SimOperations


def certificate_hash(certificate: str) -> dict[str, str]:
    """Stand-in CertificateHashData: the station does not parse certificates."""
    digest = hashlib.sha256(certificate.encode()).hexdigest()
    return {
        "hash_algorithm": "SHA256",
        "issuer_name_hash": digest[:64],
        "issuer_key_hash": digest[:64][::-1],
        "serial_number": digest[:16],
    }


class SimMaintenance(SimOperations):
    """UpdateFirmware, GetLog, certificate store, SignCertificate answers."""

    @on("UpdateFirmware")
    def on_update_firmware(
        self, request_id: int, firmware: dict[str, Any], **_: Any
    ) -> call_result.UpdateFirmware:
        busy = self.firmware_state not in ("Idle", "Installed", "InstallationFailed")
        default = "AcceptedCanceled" if busy else "Accepted"  # L01.FR.24
        status = self._answer("UpdateFirmware", default)
        if status in ("Accepted", "AcceptedCanceled"):
            self.firmware_request = request_id
            self.after_reply(lambda: self._firmware_steps(request_id), "firmware")
        return call_result.UpdateFirmware(status=status)

    async def _firmware_steps(self, request_id: int) -> None:
        """FirmwareStatusNotification for each configured step (L01.FR.01)."""
        for step in self.config.firmware_steps:
            if self.firmware_request != request_id:
                return  # a newer request took over
            self.firmware_state = step
            await self.firmware_status(step, request_id)

    @on("GetLog")
    def on_get_log(
        self, request_id: int, log_type: str, log: dict[str, Any], **_: Any
    ) -> call_result.GetLog:
        status = self._answer("GetLog", "Accepted")
        if status == "Accepted":
            self.after_reply(lambda: self._log_steps(request_id), "log upload")
        return call_result.GetLog(
            status=status,
            filename=f"{log_type}-{request_id}.log" if status == "Accepted" else None,
        )

    async def _log_steps(self, request_id: int) -> None:
        for step in self.config.log_steps:
            await self.log_status(step, request_id)

    @on("CertificateSigned")
    def on_certificate_signed(
        self, certificate_chain: str, certificate_type: str | None = None, **_: Any
    ) -> call_result.CertificateSigned:
        ok = "BEGIN CERTIFICATE" in certificate_chain
        status = self._answer("CertificateSigned", "Accepted" if ok else "Rejected")
        if status == "Accepted":
            kind = certificate_type or "ChargingStationCertificate"
            self.signed_certificates[kind] = certificate_chain
        return call_result.CertificateSigned(status=status)

    @on("InstallCertificate")
    def on_install_certificate(
        self, certificate_type: str, certificate: str, **_: Any
    ) -> call_result.InstallCertificate:
        ok = "BEGIN CERTIFICATE" in certificate
        status = self._answer("InstallCertificate", "Accepted" if ok else "Rejected")
        if status == "Accepted":
            data = certificate_hash(certificate)
            self.certificates[data["serial_number"]] = {
                "certificate_type": certificate_type,
                "certificate_hash_data": data,
            }
        return call_result.InstallCertificate(status=status)

    @on("DeleteCertificate")
    def on_delete_certificate(
        self, certificate_hash_data: dict[str, Any], **_: Any
    ) -> call_result.DeleteCertificate:
        found = self.certificates.pop(certificate_hash_data["serial_number"], None)
        return call_result.DeleteCertificate(
            status=self._answer(
                "DeleteCertificate", "Accepted" if found else "NotFound"
            )
        )

    @on("GetInstalledCertificateIds")
    def on_get_installed_certificate_ids(
        self, certificate_type: list[str] | None = None, **_: Any
    ) -> call_result.GetInstalledCertificateIds:
        chain = [
            c
            for c in self.certificates.values()
            if not certificate_type or c["certificate_type"] in certificate_type
        ]
        return call_result.GetInstalledCertificateIds(
            status="Accepted" if chain else "NotFound",  # M03.FR.02
            certificate_hash_data_chain=chain or None,
        )
