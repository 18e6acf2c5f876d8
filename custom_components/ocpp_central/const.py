"""Constants of the OCPP Central integration."""

from __future__ import annotations

from typing import Final

DOMAIN: Final = "ocpp_central"

CONF_SECURITY_PROFILE: Final = "security_profile"
CONF_SSL_CERTFILE: Final = "ssl_certfile"
CONF_SSL_KEYFILE: Final = "ssl_keyfile"
CONF_AUTO_ACCEPT: Final = "auto_accept"
CONF_HEARTBEAT_INTERVAL: Final = "heartbeat_interval"
CONF_METER_INTERVAL: Final = "meter_interval"
CONF_MEASURANDS: Final = "measurands"

DEFAULT_HOST: Final = "0.0.0.0"
# Listen addresses that accept connections from every interface.
ALL_INTERFACES: Final = frozenset({"0.0.0.0", "::", ""})
DEFAULT_PORT: Final = 9000
DEFAULT_HEARTBEAT_INTERVAL: Final = 300
DEFAULT_METER_INTERVAL: Final = 10

# Measurands an OCPP 1.6 charger may sample (MeterValuesSampledData).
MEASURANDS: Final = (
    "Energy.Active.Import.Register",
    "Energy.Active.Export.Register",
    "Energy.Reactive.Import.Register",
    "Energy.Reactive.Export.Register",
    "Energy.Active.Import.Interval",
    "Energy.Active.Export.Interval",
    "Power.Active.Import",
    "Power.Active.Export",
    "Power.Offered",
    "Power.Reactive.Import",
    "Power.Reactive.Export",
    "Power.Factor",
    "Current.Import",
    "Current.Export",
    "Current.Offered",
    "Voltage",
    "Frequency",
    "Temperature",
    "SoC",
    "RPM",
)

STORAGE_VERSION: Final = 1
# A TLS port beside a plain one (chargers on profiles 2 and 3 while others
# still use 0 or 1); its certificates come from our own authority.
CONF_TLS_PORT: Final = "tls_port"

# The entry's stores are named f"{DOMAIN}.{entry_id}.{name}".
STORE_NAMES: Final = ("chargers", "sessions", "solar", "pki")

# Config entry layout: 1.2 moved auto_accept and heartbeat_interval from the
# entry's data (restart needed) to its options (applied at once).
CONFIG_VERSION: Final = 1
CONFIG_MINOR_VERSION: Final = 2
# Kept in the options since 1.2.
LIVE_OPTIONS: Final = (CONF_AUTO_ACCEPT, CONF_HEARTBEAT_INTERVAL)
