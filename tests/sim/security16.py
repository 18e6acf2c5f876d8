"""A 1.6 charge point with the security extension (OCPP 1.6 security white paper).

The plain SimChargePoint answers NotImplemented to the white paper's messages,
as most 1.6 chargers do; this one keeps a certificate store, signs real CSRs
with its own key (CN = identity, O = CpoName) and uploads security logs.
Every answer can still be replaced through SimConfig.answers[action].
"""

from __future__ import annotations

import logging
from typing import Any

from ocpp.v16 import call, call_result
from ocpp.v16.enums import Action

from .chargepoint import SimChargePoint
from .config import SimConfig
from .handlers import after, on
from .v201.keys import StationKey
from .v201.maintenance import certificate_hash

_LOGGER = logging.getLogger("tests.sim")

# What ExtendedTriggerMessage may ask that this charger sends on request.
_EXTENDED_TRIGGERS = ("SignChargePointCertificate", "Heartbeat", "BootNotification")


class SimSecureChargePoint(SimChargePoint):
    """SimChargePoint plus certificates, CSRs and GetLog (white paper ed. 3)."""

    def __init__(self, config: SimConfig) -> None:
        super().__init__(config)
        config.configuration.setdefault("CpoName", ("", False))
        config.configuration.setdefault("SecurityProfile", ("0", False))
        self.station_key = StationKey()  # for real CSRs
        # serial -> {"certificate_type", "certificate_hash_data"}, as received.
        self.certificates: dict[str, dict[str, Any]] = {}
        self.signed_certificates: dict[str, str] = {}  # type -> chain, as in 2.0.1
        self.log_requests: list[dict[str, Any]] = []
        self._extended_trigger: str | None = None

    # -- requests -------------------------------------------------------------

    async def sign_certificate(self) -> str:
        """SignCertificate with a CSR for this charger; the CSMS's status."""
        organization = self.config.configuration["CpoName"][0]
        csr = self.station_key.csr(self.id, organization or None)
        result = await self.request(call.SignCertificate(csr=csr))
        return str(result.status)

    # -- answers --------------------------------------------------------------

    @on(Action.install_certificate)
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

    @on(Action.get_installed_certificate_ids)
    def on_get_installed_certificate_ids(
        self, certificate_type: str, **_: Any
    ) -> call_result.GetInstalledCertificateIds:
        found = [
            c["certificate_hash_data"]
            for c in self.certificates.values()
            if c["certificate_type"] == certificate_type
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
        default = "Accepted" if found else "NotFound"
        return call_result.DeleteCertificate(
            status=self._answer("DeleteCertificate", default)
        )

    @on(Action.extended_trigger_message)
    def on_extended_trigger_message(
        self, requested_message: str, **_: Any
    ) -> call_result.ExtendedTriggerMessage:
        supported = requested_message in _EXTENDED_TRIGGERS
        status = self._answer(
            "ExtendedTriggerMessage", "Accepted" if supported else "NotImplemented"
        )
        self._extended_trigger = requested_message if status == "Accepted" else None
        return call_result.ExtendedTriggerMessage(status=status)

    @after(Action.extended_trigger_message)
    def after_extended_trigger_message(self, **_: Any) -> None:
        wanted, self._extended_trigger = self._extended_trigger, None
        if wanted == "SignChargePointCertificate":
            self._spawn(self.sign_certificate(), "SignCertificate")
        elif wanted == "Heartbeat":
            self._spawn(self.heartbeat(), "Heartbeat")
        elif wanted == "BootNotification":
            self._spawn(self.boot(), "BootNotification")

    @on(Action.certificate_signed)
    def on_certificate_signed(
        self, certificate_chain: str, **_: Any
    ) -> call_result.CertificateSigned:
        ok = "BEGIN CERTIFICATE" in certificate_chain
        status = self._answer("CertificateSigned", "Accepted" if ok else "Rejected")
        if status == "Accepted":
            self.signed_certificates["ChargePointCertificate"] = certificate_chain
        return call_result.CertificateSigned(status=status)

    @on(Action.get_log)
    def on_get_log(
        self, log_type: str, request_id: int, log: dict[str, Any], **_: Any
    ) -> call_result.GetLog:
        status = self._answer("GetLog", "Accepted")
        accepted = status in ("Accepted", "AcceptedCanceled")
        if accepted:
            self.log_requests.append(
                {"log_type": log_type, "request_id": request_id, **log}
            )
        return call_result.GetLog(
            status=status,
            filename=f"{log_type}-{request_id}.log" if accepted else None,
        )
