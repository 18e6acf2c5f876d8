"""The device model a fresh simulated station reports (names as in OCPP 2.0.1)."""

from __future__ import annotations

from typing import Any

from .config import SimStationConfig
from .device_model import DeviceModel

# Traits passed on to DeviceModel.add (Variable fields).
RO: dict[str, Any] = {"mutability": "ReadOnly"}
WO: dict[str, Any] = {"mutability": "WriteOnly"}
INT: dict[str, Any] = {"data_type": "integer"}
BOOL: dict[str, Any] = {"data_type": "boolean"}
SECONDS: dict[str, Any] = {"data_type": "integer", "unit": "s", "min_limit": 0}

TX_POINTS = "EVConnected,Authorized,DataSigned,PowerPathClosed,EnergyTransfer"


def _controllers(dm: DeviceModel, config: SimStationConfig) -> None:
    measurands = ",".join(config.supported_measurands)
    member: dict[str, Any] = {"data_type": "MemberList", "values_list": measurands}
    comm = "OCPPCommCtrlr"
    dm.add(comm, "HeartbeatInterval", str(config.heartbeat_interval), **SECONDS)
    dm.add(comm, "OfflineThreshold", "60", **SECONDS)
    dm.add(comm, "MessageTimeout", "30", variable_instance="Default", **SECONDS)
    dm.add(comm, "NetworkConfigurationPriority", "0", data_type="SequenceList")
    dm.add(comm, "NetworkProfileConnectionAttempts", "3", **INT)
    dm.add(comm, "MessageAttempts", "3", variable_instance="TransactionEvent", **INT)
    dm.add(
        comm,
        "MessageAttemptInterval",
        "10",
        variable_instance="TransactionEvent",
        **INT,
    )
    dm.add(comm, "UnlockOnEVSideDisconnect", "true", **BOOL)
    dm.add(comm, "ResetRetries", "2", **INT)
    dm.add(comm, "WebSocketPingInterval", "30", **SECONDS)
    dm.add(comm, "FileTransferProtocols", "HTTPS,FTP", data_type="MemberList", **RO)

    sec = "SecurityCtrlr"
    dm.add(sec, "BasicAuthPassword", "", min_limit=16, max_limit=40, **WO)
    dm.add(sec, "SecurityProfile", str(config.security_profile), **INT, **RO)
    dm.add(sec, "Identity", config.identity, max_limit=48)
    dm.add(sec, "OrganizationName", "Sim Org")
    dm.add(sec, "CertificateEntries", "0", **INT, **RO)

    data = "DeviceDataCtrlr"  # [instance] of ItemsPerMessage: the message it limits
    for name, items in (
        ("GetReport", "50"),
        ("GetVariables", "20"),
        ("SetVariables", "20"),
    ):
        dm.add(data, "ItemsPerMessage", items, variable_instance=name, **INT, **RO)
        dm.add(data, "BytesPerMessage", "8000", variable_instance=name, **INT, **RO)

    auth = "AuthCtrlr"
    dm.add(auth, "Enabled", "true", **BOOL)
    dm.add(auth, "AuthorizeRemoteStart", "false", **BOOL)
    dm.add(auth, "LocalAuthorizeOffline", "true", **BOOL)
    dm.add(auth, "LocalPreAuthorize", "false", **BOOL)
    dm.add(auth, "OfflineTxForUnknownIdEnabled", "false", **BOOL)
    dm.add("AuthCacheCtrlr", "Enabled", "true", **BOOL)
    dm.add("AuthCacheCtrlr", "Available", "true", **BOOL, **RO)

    local = "LocalAuthListCtrlr"
    dm.add(local, "Enabled", "true", **BOOL)
    dm.add(local, "Available", "true", **BOOL, **RO)
    dm.add(local, "Entries", "0", **INT, **RO)
    dm.add(local, "ItemsPerMessage", "100", **INT, **RO)
    dm.add(local, "BytesPerMessage", "10000", **INT, **RO)

    sampled = "SampledDataCtrlr"
    dm.add(sampled, "Enabled", "true", **BOOL)
    dm.add(sampled, "TxUpdatedInterval", str(config.tx_updated_interval), **SECONDS)
    dm.add(sampled, "TxEndedInterval", "0", **SECONDS)
    energy = "Energy.Active.Import.Register"
    dm.add(sampled, "TxStartedMeasurands", energy, **member)
    dm.add(sampled, "TxUpdatedMeasurands", energy, **member)
    dm.add(sampled, "TxEndedMeasurands", energy, **member)
    aligned = "AlignedDataCtrlr"
    dm.add(aligned, "Enabled", "true", **BOOL)
    dm.add(aligned, "Interval", "900", **SECONDS)
    dm.add(aligned, "Measurands", energy, **member)
    dm.add(aligned, "TxEndedInterval", "0", **SECONDS)
    dm.add(aligned, "TxEndedMeasurands", energy, **member)

    smart = "SmartChargingCtrlr"
    dm.add(smart, "Enabled", "true", **BOOL)
    dm.add(smart, "Available", "true", **BOOL, **RO)
    dm.add(smart, "Entries", "0", variable_instance="ChargingProfiles", **INT, **RO)
    dm.add(smart, "LimitChangeSignificance", "1.0", data_type="decimal")
    dm.add(smart, "PeriodsPerSchedule", "24", **INT, **RO)
    dm.add(smart, "ProfileStackLevel", "8", **INT, **RO)
    dm.add(smart, "RateUnit", "A,W", data_type="MemberList", **RO)
    dm.add(smart, "ACPhaseSwitchingSupported", "true", **BOOL, **RO)
    dm.add(smart, "Phases3to1", "true", **BOOL, **RO)

    tx = "TxCtrlr"
    dm.add(tx, "EVConnectionTimeOut", "60", **SECONDS)
    dm.add(tx, "StopTxOnEVSideDisconnect", "true", **BOOL)
    dm.add(tx, "StopTxOnInvalidId", "true", **BOOL)
    points: dict[str, Any] = {"data_type": "MemberList", "values_list": TX_POINTS}
    dm.add(tx, "TxStartPoint", "PowerPathClosed", **points)
    dm.add(tx, "TxStopPoint", "EVConnected,Authorized", **points)

    dm.add("ReservationCtrlr", "Enabled", "true", **BOOL)
    dm.add("ReservationCtrlr", "Available", "true", **BOOL, **RO)
    dm.add("ClockCtrlr", "DateTime", "", data_type="dateTime", **RO)
    dm.add("ClockCtrlr", "TimeSource", "Heartbeat", data_type="SequenceList")
    display = "DisplayMessageCtrlr"
    dm.add(display, "Enabled", "true", **BOOL)
    dm.add(display, "Available", "true", **BOOL, **RO)
    dm.add(display, "DisplayMessages", "10", **INT, **RO)
    dm.add(display, "SupportedFormats", "ASCII,UTF8", data_type="MemberList", **RO)
    dm.add(display, "SupportedPriorities", "AlwaysFront,InFront,NormalCycle", **RO)
    dm.add("TariffCostCtrlr", "Enabled", "true", variable_instance="Tariff", **BOOL)
    dm.add("TariffCostCtrlr", "Enabled", "true", variable_instance="Cost", **BOOL)
    dm.add("TariffCostCtrlr", "Currency", "EUR", max_limit=3)


def _hardware(dm: DeviceModel, config: SimStationConfig) -> None:
    station = "ChargingStation"
    dm.add(station, "AvailabilityState", "Available", **RO)
    dm.add(station, "Available", "true", **BOOL, **RO)
    dm.add(station, "Problem", "false", **BOOL, **RO)
    dm.add(station, "Model", config.model, **RO)
    dm.add(station, "VendorName", config.vendor, **RO)
    dm.add(station, "SupplyPhases", "3", **INT, **RO)
    for evse, connectors in enumerate(config.evses, start=1):
        dm.add("EVSE", "AvailabilityState", "Available", evse=evse, **RO)
        dm.add("EVSE", "Available", "true", evse=evse, **BOOL, **RO)
        dm.add("EVSE", "Power", "0", evse=evse, unit="W", max_limit=11000, **RO)
        dm.add("EVSE", "SupplyPhases", "3", evse=evse, **INT, **RO)
        for connector in range(1, connectors + 1):
            where: dict[str, Any] = {"evse": evse, "connector": connector}
            dm.add("Connector", "AvailabilityState", "Available", **where, **RO)
            dm.add("Connector", "Available", "true", **where, **BOOL, **RO)
            dm.add("Connector", "ConnectorType", "cType2", **where, **RO)


def default_device_model(config: SimStationConfig) -> DeviceModel:
    """The variables a realistic small AC station reports."""
    dm = DeviceModel()
    _controllers(dm, config)
    _hardware(dm, config)
    return dm
