"""Security events a charger reports: Home Assistant events and repairs.

Every event becomes an `ocpp_central_security_event` (its kind and time; the
charger's technical details are left out, they can name keys or addresses).
Kinds that mean an attack or a broken trust chain also raise a repair issue.
"""

from __future__ import annotations

from typing import Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN
from .csms import Charger
from .csms.model import SecurityEvent

EVENT_SECURITY_EVENT: Final = "ocpp_central_security_event"
# The OCPP security white paper's critical events, 1.6 and 2.0.1 names.
CRITICAL: Final = frozenset(
    {
        "FailedToAuthenticateAtCentralSystem",
        "FailedToAuthenticateAtCsms",
        "CentralSystemFailedToAuthenticate",
        "CsmsFailedToAuthenticate",
        "SecurityLogWasCleared",
        "MemoryExhaustion",
        "AttemptedReplayAttacks",
        "TamperDetectionActivated",
        "InvalidCentralSystemCertificate",
        "InvalidCsmsCertificate",
        "InvalidChargePointCertificate",
        "InvalidChargingStationCertificate",
        "InvalidFirmwareSignature",
        "InvalidFirmwareSigningCertificate",
    }
)


def security_event(
    hass: HomeAssistant, device_id: str, charger: Charger, event: SecurityEvent
) -> None:
    """Fire the event for a charger's security event; repair if critical."""
    hass.bus.async_fire(
        EVENT_SECURITY_EVENT,
        {
            "device_id": device_id,
            "charger": charger.identity,
            "type": event.kind,
            "time": event.time.isoformat(),
            "critical": event.kind in CRITICAL,
        },
    )
    if event.kind in CRITICAL:
        ir.async_create_issue(
            hass,
            DOMAIN,
            f"security_event_{charger.identity}_{event.kind}",
            is_fixable=False,
            is_persistent=True,
            severity=ir.IssueSeverity.ERROR,
            translation_key="security_event",
            translation_placeholders={
                "charger": charger.identity,
                "kind": event.kind,
                "time": event.time.isoformat(timespec="seconds"),
            },
        )
