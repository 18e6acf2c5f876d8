"""An OCPP central system in pure Python (no Home Assistant imports)."""

from .commands_meta import TRIGGER_MESSAGES
from .errors import (
    ChargerBadAnswer,
    ChargerError,
    ChargerNotSupported,
    ChargerOffline,
    ChargerRejected,
    ChargerTimeout,
    UnknownCharger,
    WrongVersion,
)
from .model import (
    BootInfo,
    Change,
    Charger,
    ConfigurationValue,
    Connector,
    ConnectorStatus,
    Quirks,
)
from .settings import DEFAULT_MEASURANDS, SecurityProfile, Settings, server_ssl_context
from .system import CentralSystem, Listener

__all__ = [
    "DEFAULT_MEASURANDS",
    "TRIGGER_MESSAGES",
    "BootInfo",
    "CentralSystem",
    "Change",
    "Charger",
    "ChargerBadAnswer",
    "ChargerError",
    "ChargerNotSupported",
    "ChargerOffline",
    "ChargerRejected",
    "ChargerTimeout",
    "ConfigurationValue",
    "Connector",
    "ConnectorStatus",
    "Listener",
    "Quirks",
    "SecurityProfile",
    "Settings",
    "UnknownCharger",
    "WrongVersion",
    "server_ssl_context",
]
