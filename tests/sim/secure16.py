"""A 1.6 charge point that also gets certificates of its own (white paper ed. 3).

Every SimChargePoint answers the white paper's certificate-store and GetLog
messages (tests/sim/security16.py); this one also takes the CPO name and the
SecurityProfile key, answers ExtendedTriggerMessage, signs real CSRs with
its own key (CN = identity, O = CpoName) and installs the certificate it is
sent. Every answer can still be replaced through SimConfig.answers[action].
"""

from __future__ import annotations

from typing import Any

from ocpp.v16 import call, call_result
from ocpp.v16.enums import Action

from .chargepoint import SimChargePoint
from .config import SimConfig
from .handlers import after, on
from .v201.keys import StationKey

# What ExtendedTriggerMessage may ask that this charger sends on request.
_EXTENDED_TRIGGERS = ("SignChargePointCertificate", "Heartbeat", "BootNotification")


class SimSecureChargePoint(SimChargePoint):
    """SimChargePoint plus CSRs, its own certificate and the profile keys."""

    def __init__(self, config: SimConfig) -> None:
        super().__init__(config)
        config.configuration.setdefault("CpoName", ("", False))
        config.configuration.setdefault("SecurityProfile", ("0", False))
        self.station_key = StationKey()  # for real CSRs
        self.signed_certificates: dict[str, str] = {}  # type -> chain, as in 2.0.1
        self._extended_trigger: str | None = None

    async def sign_certificate(self) -> str:
        """SignCertificate with a CSR for this charger; the CSMS's status."""
        organization = self.config.configuration["CpoName"][0]
        csr = self.station_key.csr(self.id, organization or None)
        result = await self.request(call.SignCertificate(csr=csr))
        return str(result.status)

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
