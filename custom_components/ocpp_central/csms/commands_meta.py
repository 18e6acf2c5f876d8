"""Names the command services offer, independent of the protocol version."""

from __future__ import annotations

# Messages a charger can be asked to send now (TriggerMessage).
TRIGGER_MESSAGES = (
    "BootNotification",
    "DiagnosticsStatusNotification",
    "FirmwareStatusNotification",
    "Heartbeat",
    "MeterValues",
    "StatusNotification",
)

# Purposes a charging profile can have (SetChargingProfile / ClearChargingProfile).
PROFILE_PURPOSES = ("ChargePointMaxProfile", "TxDefaultProfile", "TxProfile")
