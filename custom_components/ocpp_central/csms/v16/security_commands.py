"""OCPP 1.6 commands of the security extension.

Certificates, the security log, signed firmware and the security profile: the
messages of the OCPP security white paper, for chargers that implement it.
"""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from .. import security_calls
from ..outcalls import status_call
from ..protocol import Link

_request_ids = itertools.count(1)


def request_id() -> int:
    """A fresh requestId for GetLog, SignedUpdateFirmware and friends."""
    return next(_request_ids)


class V16SecurityCommands:
    """What a 1.6 charger with the security extension can be asked."""

    session: Link

    async def _call(
        self, action: str, payload: dict[str, Any], ok: tuple[str, ...] = ("Accepted",)
    ) -> str:
        return await status_call(self.session, action, payload, ok)

    async def install_root_certificate(self, pem: str) -> str:
        """InstallCertificate of a central-system root."""
        return await self._call(
            "InstallCertificate",
            {"certificateType": "CentralSystemRootCertificate", "certificate": pem},
        )

    async def installed_root_certificates(self) -> list[dict[str, Any]]:
        """GetInstalledCertificateIds of the central-system roots."""
        answer = await self.session.call(
            "GetInstalledCertificateIds",
            {"certificateType": "CentralSystemRootCertificate"},
        )
        if answer.get("status") == "NotFound":
            return []
        return list(answer.get("certificateHashData", []))

    async def delete_certificate(self, hash_data: dict[str, Any]) -> str:
        """DeleteCertificate (Accepted, or NotFound: nothing to delete)."""
        return await self._call(
            "DeleteCertificate",
            {"certificateHashData": hash_data},
            ok=("Accepted", "NotFound"),
        )

    async def request_certificate(self) -> str:
        """ExtendedTriggerMessage SignChargePointCertificate."""
        return await self._call(
            "ExtendedTriggerMessage",
            {"requestedMessage": "SignChargePointCertificate"},
        )

    async def get_security_log(
        self, location: str, start: datetime | None, stop: datetime | None
    ) -> str | None:
        """GetLog SecurityLog; returns the file name the charger will upload."""
        return await security_calls.get_log(
            self.session, "GetLog", "SecurityLog", request_id(), location, start, stop
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
        """SignedUpdateFirmware; progress comes as SignedFirmwareStatusNotification."""
        return await security_calls.update_firmware_signed(
            self.session,
            "SignedUpdateFirmware",
            request_id(),
            location,
            retrieve,
            signature,
            signing_certificate,
            retries,
            retry_interval_s,
        )

    async def set_organization(self, name: str) -> str:
        """ChangeConfiguration CpoName (what a CSR must carry as O)."""
        return await self._call(
            "ChangeConfiguration",
            {"key": "CpoName", "value": name},
            ok=("Accepted", "RebootRequired"),
        )

    async def set_security_profile(self, profile: int, url: str) -> str:
        """ChangeConfiguration SecurityProfile (1.6 keeps its URL)."""
        return await self._call(
            "ChangeConfiguration",
            {"key": "SecurityProfile", "value": str(profile)},
            ok=("Accepted", "RebootRequired"),
        )
