"""Settings of a central system."""

from __future__ import annotations

import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum

from .authorization import Tag, TagPolicy
from .model import Quirks
from .security.tls import server_context_from_files

DEFAULT_MEASURANDS = (
    "Energy.Active.Import.Register",
    "Power.Active.Import",
    "Current.Import",
    "Voltage",
    "Current.Offered",
    "SoC",
    "Temperature",
)


class SecurityProfile(IntEnum):
    """OCPP security profiles we serve."""

    NONE = 0
    BASIC_AUTH = 1
    TLS_BASIC_AUTH = 2
    CLIENT_CERTIFICATE = 3  # TLS; client certificates, or passwords (profile 2)


@dataclass(slots=True)
class Settings:
    """How the central system listens and treats chargers."""

    host: str = "0.0.0.0"
    port: int = 9000
    security_profile: SecurityProfile = SecurityProfile.NONE
    ssl_context: ssl.SSLContext | None = None
    # A TLS listener beside a plain one (profiles 2 and 3 while others still
    # use 0 or 1, e.g. during an upgrade).
    tls_port: int | None = None
    tls_context: ssl.SSLContext | None = None
    auto_accept: bool = False
    heartbeat_interval: int = 300
    pending_retry_interval: int = 60
    meter_interval: int = 10
    measurands: tuple[str, ...] = field(default=DEFAULT_MEASURANDS)
    call_timeout: float = 30
    ping_interval: float | None = 20
    ping_timeout: float | None = 20  # no pong by then: the link is dead (1011)
    # How long a live connection has to answer a ping before a second,
    # unauthenticated connection for the same identity may replace it.
    liveness_timeout: float = 5
    max_frame_bytes: int = 1 << 20
    remote_id_tag: str = "home-assistant"  # for RemoteStartTransaction
    tag_policy: TagPolicy = TagPolicy.ANY
    # Keyed by the casefolded tag id.
    tags: dict[str, Tag] = field(default_factory=dict)
    # Smart-charging workarounds by charger identity.
    quirks: dict[str, Quirks] = field(default_factory=dict)
    # The energy price per kWh now (None: unknown); sessions are costed with it.
    price: Callable[[], float | None] | None = None


def server_ssl_context(certfile: str, keyfile: str) -> ssl.SSLContext:
    """Build a TLS 1.2+ server context (reads files: call it off the event loop).

    It serves the white paper's cipher suites (see `security.tls`). Raises
    `OSError` for unreadable files and `ssl.SSLError` for bad contents.
    """
    return server_context_from_files([(certfile, keyfile)])
