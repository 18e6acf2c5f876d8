"""Answers of the 1.6 security extension: roots installed, listed, deleted; logs."""

from __future__ import annotations

import hashlib
from typing import Any

from ocpp.v16 import call_result
from ocpp.v16.enums import Action

from .config import SimConfig
from .handlers import SimHandlers, on


def certificate_hash(certificate: str) -> dict[str, str]:
    """Stand-in CertificateHashData: the charger does not parse certificates."""
    digest = hashlib.sha256(certificate.encode()).hexdigest()
    return {
        "hash_algorithm": "SHA256",
        "issuer_name_hash": digest,
        "issuer_key_hash": digest[::-1],
        "serial_number": digest[:16],
    }


class SimSecurity16(SimHandlers):
    """InstallCertificate, GetInstalledCertificateIds, DeleteCertificate, GetLog."""

    def __init__(self, config: SimConfig) -> None:
        super().__init__(config)
        # Installed certificates by serial number: type and hash data.
        self.certificates: dict[str, dict[str, Any]] = {}
        self.log_requests: list[dict[str, Any]] = []

    @on(Action.install_certificate)
    def on_install_certificate(
        self, certificate_type: str, certificate: str, **_: Any
    ) -> call_result.InstallCertificate:
        ok = "BEGIN CERTIFICATE" in certificate
        status = self._answer("InstallCertificate", "Accepted" if ok else "Rejected")
        if status == "Accepted":
            data = certificate_hash(certificate)
            self.certificates[data["serial_number"]] = {
                "type": certificate_type,
                "hash_data": data,
            }
        return call_result.InstallCertificate(status=status)

    @on(Action.get_installed_certificate_ids)
    def on_get_installed_certificate_ids(
        self, certificate_type: str, **_: Any
    ) -> call_result.GetInstalledCertificateIds:
        found = [
            c["hash_data"]
            for c in self.certificates.values()
            if c["type"] == certificate_type
        ]
        return call_result.GetInstalledCertificateIds(
            status="Accepted" if found else "NotFound",
            certificate_hash_data=found or None,
        )

    @on(Action.delete_certificate)
    def on_delete_certificate(
        self, certificate_hash_data: dict[str, Any], **_: Any
    ) -> call_result.DeleteCertificate:
        found = self.certificates.pop(certificate_hash_data["serial_number"], None)
        return call_result.DeleteCertificate(
            status=self._answer(
                "DeleteCertificate", "Accepted" if found else "NotFound"
            )
        )

    @on(Action.get_log)
    def on_get_log(
        self, log_type: str, request_id: int, log: dict[str, Any], **_: Any
    ) -> call_result.GetLog:
        status = self._answer("GetLog", "Accepted")
        self.log_requests.append(log)
        return call_result.GetLog(
            status=status,
            filename=f"{log_type}-{request_id}.log" if status == "Accepted" else None,
        )
