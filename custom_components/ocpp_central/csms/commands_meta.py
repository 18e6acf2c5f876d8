"""Names the command services offer, the same for every protocol version.

Each adapter maps them to its own messages and enums.
"""

from __future__ import annotations

# Messages a charger can be asked to send now.
TRIGGER_MESSAGES = (
    "boot",
    "heartbeat",
    "status",
    "meter_values",
    "firmware_status",
    "log_status",
)

# What a charging profile is for: the whole charger's maximum, the default
# for every session, or one session.
PROFILE_PURPOSES = ("station_max", "tx_default", "tx")

# What a device-model report covers: everything, the settable variables, or
# the availability of the charger and its parts.
REPORTS = ("full", "configuration", "summary")

# How insistently a display message is shown.
DISPLAY_PRIORITIES = ("always_front", "in_front", "normal_cycle")
