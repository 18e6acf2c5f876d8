"""Configuration of a simulated OCPP 1.6J charge point."""

from __future__ import annotations

from dataclasses import dataclass, field
from ssl import SSLContext
from urllib.parse import unquote, urlsplit

# Special value in SimConfig.answers: record the CALL but never reply to it.
NOANSWER = "noanswer"

# Write-only key (OCPP 1.6 security whitepaper): changeable, never reported.
AUTHORIZATION_KEY = "AuthorizationKey"

DEFAULT_MEASURANDS: tuple[str, ...] = (
    "Energy.Active.Import.Register",
    "Power.Active.Import",
    "Current.Import",
    "Voltage",
    "Current.Offered",
    "SoC",
    "Temperature",
    "Frequency",
    "Power.Offered",
)


def default_configuration(connectors: int | None = None) -> dict[str, tuple[str, bool]]:
    """Return realistic configuration keys: key -> (value, readonly).

    NumberOfConnectors is only included when `connectors` is given;
    SimConfig fills it in from SimConfig.connectors when it is missing.
    """
    conf: dict[str, tuple[str, bool]] = {
        "HeartbeatInterval": ("300", False),
        "MeterValueSampleInterval": ("60", False),
        "MeterValuesSampledData": ("Energy.Active.Import.Register", False),
        "SupportedFeatureProfiles": (
            "Core,FirmwareManagement,LocalAuthListManagement,Reservation,"
            "SmartCharging,RemoteTrigger",
            True,
        ),
        "ChargeProfileMaxStackLevel": ("8", True),
        "ChargingScheduleAllowedChargingRateUnit": ("Current,Power", True),
    }
    if connectors is not None:
        conf["NumberOfConnectors"] = (str(connectors), True)
    return conf


def identity_from_url(url: str) -> str:
    """Return the charge point identity: the URL's last path segment, decoded."""
    return unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])


@dataclass
class SimConfig:
    """How a SimChargePoint connects, introduces itself and answers."""

    url: str
    identity: str | None = None
    vendor: str = "SimVendor"
    model: str = "SimModel"
    serial: str | None = "SIM-0001"
    firmware: str | None = "1.0.0"
    connectors: int = 1
    password: str | None = None
    subprotocols: tuple[str, ...] = ("ocpp1.6",)
    ssl: SSLContext | None = None
    response_timeout: float = 10
    configuration: dict[str, tuple[str, bool]] = field(
        default_factory=default_configuration
    )
    supported_measurands: tuple[str, ...] = DEFAULT_MEASURANDS
    answers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.identity is None:
            self.identity = identity_from_url(self.url)
        self.configuration.setdefault(
            "NumberOfConnectors", (str(self.connectors), True)
        )
