"""The protocol versions spoken, by websocket subprotocol.

The only version-neutral module that knows the adapters: the session picks
one from here by what the charger and we agreed on at the handshake.
"""

from __future__ import annotations

from collections.abc import Sequence

from .core import AdapterFactory
from .v16.adapter import V16Adapter
from .v201.adapter import V201Adapter

# Our preference, best first; the charger's preference wins among these.
ADAPTERS: dict[str, AdapterFactory] = {
    "ocpp2.0.1": V201Adapter,
    "ocpp1.6": V16Adapter,
}
SUBPROTOCOLS: tuple[str, ...] = tuple(ADAPTERS)
# The versions whose JSON schemas are read at start-up.
SCHEMA_VERSIONS: tuple[str, ...] = ("2.0.1", "1.6")


def choose_subprotocol(offered: Sequence[str]) -> str | None:
    """Pick the charger's most preferred subprotocol among those we speak."""
    for candidate in offered:
        if candidate in ADAPTERS:
            return candidate
    return None
