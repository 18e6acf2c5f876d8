"""The seams of the central system: what its parts may ask of each other.

The version-neutral rooms (system, session, charging, control, onboarding)
and the per-version adapters (`v16/`, `v201/`) meet here, as protocols:

- `Adapter`: what a protocol version answers and sends for one session;
- `Commands`: the version-neutral commands an adapter carries out;
- `Link`: what a session offers its adapter (the connection, the charger);
- `Host`: what the central system offers its version-neutral parts.

This module imports only leaves (the model, errors, settings), so nothing
here closes an import circle, and no message name of any version appears.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from .callslot import Priority
from .logutil import LogLimiter
from .model import Change, Charger
from .rpc import Call
from .settings import Settings

type FollowUp = Callable[[], Awaitable[None]]
type Answer = tuple[dict[str, Any], FollowUp | None]


class Link(Protocol):
    """A live connection, as its adapter and the central system see it."""

    charger: Charger
    authenticated: bool

    @property
    def adapter(self) -> Adapter:
        """The adapter speaking this connection's protocol version."""
        ...

    @property
    def identity(self) -> str:
        """The charger's identity."""
        ...

    @property
    def trusted(self) -> bool:
        """Accepted, and authenticated when passwords are required."""
        ...

    async def call(
        self,
        action: str,
        payload: dict[str, Any],
        timeout: float | None = None,
        priority: Priority = Priority.CONTROL,
    ) -> dict[str, Any]:
        """Send a CALL and return the answer payload (or raise ChargerError)."""
        ...

    def spawn(self, work: Awaitable[object]) -> None:
        """Run work in the background while the connection lives."""

    def notify(self, change: Change, connector: int | None = None) -> None:
        """Tell the host about a change of this charger."""

    def restarted(self) -> None:
        """The charger booted on this connection: void what it was asked."""

    async def close(self, code: int = 1000, reason: str = "") -> None:
        """Close the connection."""


class Commands(Protocol):
    """Commands any version carries out; each returns the charger's status.

    Failures raise `ChargerError` subclasses (offline, timeout, rejected, not
    supported, a bad answer) or `ValueError` for a request that cannot be
    expressed in the charger's version.
    """

    def pause_by_stop(self) -> bool:
        """Whether a pause ends the session (no smart charging, or a quirk)."""
        ...

    async def start(
        self, connector: int, id_tag: str, profile: dict[str, Any] | None = None
    ) -> str:
        """Start a session, with a charging profile for it when given."""
        ...

    async def stop(
        self, connector: int, transaction_id: int | str | None = None
    ) -> str:
        """Stop the connector's session (or the one named)."""
        ...

    async def pause(self, connector: int) -> str:
        """Hold charging (0 A, or stop where that is the only way)."""
        ...

    async def resume(
        self,
        connector: int,
        limit_a: float | None,
        id_tag: str,
        phases: int | None = None,
    ) -> str:
        """Charge again at the limit in force (or start a new session)."""
        ...

    async def set_current_limit(
        self,
        connector: int,
        amps: float,
        phases: int | None = None,
        duration_s: int | None = None,
    ) -> str:
        """Limit a connector with one replaceable, flash-safe profile."""
        ...

    async def set_installation_limit(self, amps: float) -> str:
        """Limit the whole charger (only on a person's request)."""
        ...

    async def set_available(self, connector: int, available: bool) -> str:
        """Make a connector (0: the charger) operative or inoperative."""
        ...

    async def unlock(self, connector: int) -> str:
        """Unlock a connector."""
        ...

    async def reset(self, hard: bool) -> str:
        """Restart the charger."""
        ...

    async def trigger(self, message: str, connector: int | None = None) -> str:
        """Ask the charger to send a message now (a neutral trigger name)."""
        ...

    async def set_charging_profile(
        self, connector: int, profile: dict[str, Any]
    ) -> str:
        """Install a charging profile given in the charger's own version."""
        ...

    async def clear_charging_profile(
        self,
        profile_id: int | None,
        connector: int | None,
        purpose: str | None,
        stack_level: int | None,
    ) -> str:
        """Remove charging profiles matching all that is given."""
        ...

    async def get_composite_schedule(
        self, connector: int, duration_s: int, rate_unit: str | None
    ) -> dict[str, Any]:
        """The schedule the charger will follow."""
        ...

    async def data_transfer(
        self, vendor_id: str, message_id: str | None, data: str | None
    ) -> dict[str, Any]:
        """A vendor-specific exchange."""
        ...

    async def reserve_now(
        self, connector: int, id_tag: str, expiry: datetime, reservation_id: int
    ) -> str:
        """Reserve a connector for a tag."""
        ...

    async def cancel_reservation(self, reservation_id: int) -> str:
        """Cancel a reservation."""
        ...

    async def update_firmware(
        self,
        location: str,
        retrieve: datetime,
        retries: int | None,
        retry_interval_s: int | None,
    ) -> None:
        """Install firmware from a URL; progress arrives as a status."""
        ...

    async def get_diagnostics(
        self, location: str, start: datetime | None, stop: datetime | None
    ) -> str | None:
        """Upload the charger's logs to a URL; returns the file name."""
        ...

    async def clear_cache(self) -> str:
        """Clear the charger's authorization cache."""
        ...

    async def install_root_certificate(self, pem: str) -> str:
        """Make the charger trust a central-system root certificate."""
        ...

    async def installed_root_certificates(self) -> list[dict[str, Any]]:
        """The central-system roots the charger trusts (CertificateHashData)."""
        ...

    async def delete_certificate(self, hash_data: dict[str, Any]) -> str:
        """Remove a certificate the charger trusts, named by its hash data."""
        ...

    async def request_certificate(self) -> str:
        """Ask the charger to send a certificate signing request now."""
        ...

    async def get_security_log(
        self, location: str, start: datetime | None, stop: datetime | None
    ) -> str | None:
        """Upload the charger's security log to a URL; returns the file name."""
        ...

    async def update_firmware_signed(
        self,
        location: str,
        retrieve: datetime,
        signature: str,
        signing_certificate: str,
        retries: int | None,
        retry_interval_s: int | None,
    ) -> str:
        """Install signed firmware; the charger checks signature and certificate."""
        ...

    async def set_organization(self, name: str) -> str:
        """The organisation name a certificate request must carry (CPO name)."""
        ...

    async def set_security_profile(self, profile: int, url: str) -> str:
        """Move the charger to a higher security profile (and the URL for it)."""
        ...


class Adapter(Protocol):
    """One protocol version spoken over one session."""

    @property
    def version(self) -> str:
        """The protocol version, e.g. "1.6"."""
        ...

    @property
    def commands(self) -> Commands:
        """The version-neutral commands, carried out in this version."""
        ...

    @property
    def error_codes(self) -> Mapping[str, str]:
        """How this version spells CALLERROR codes (neutral code -> its own)."""
        ...

    async def dispatch(self, call: Call) -> Answer:
        """Answer one CALL from the charger (raise `CallError` to refuse it)."""
        ...

    async def on_reconnect(self) -> None:
        """A known charger connected: ask for its state, then housekeeping."""

    async def request_boot(self) -> str:
        """Ask the charger to send its boot message now."""
        ...

    async def set_password(self, password: str) -> str:
        """Push a new HTTP Basic password; returns the charger's status."""
        ...

    async def configure_metering(self) -> None:
        """Set the metering interval and measurands from the settings."""

    async def refresh(self) -> None:
        """Ask for the status of every connector and for meter values now."""

    async def local_list_version(self, priority: Priority = Priority.CONTROL) -> int:
        """The version of the tag list the charger holds."""
        ...

    async def sync_local_list(self, full: bool = False) -> str:
        """Bring the charger's tag list up to date; returns its status."""
        ...


@runtime_checkable
class ConfigurationKeys(Protocol):
    """Chargers configured by keys and values (OCPP 1.6)."""

    async def get_configuration(self, keys: list[str] | None) -> dict[str, Any]:
        """Keys with value and read-only flag, and the unknown keys."""
        ...

    async def change_configuration(
        self, key: str, value: str, priority: Priority = Priority.CONTROL
    ) -> str:
        """Set one key; returns the charger's status."""
        ...


@runtime_checkable
class DeviceModelAccess(Protocol):
    """Chargers configured through a device model of variables (OCPP 2.0.1).

    Variables are named `Component[instance]#evse.connector/Variable[instance]`.
    """

    async def get_variables(self, names: list[str]) -> list[dict[str, Any]]:
        """Each variable's status and value."""
        ...

    async def set_variables(self, values: dict[str, str]) -> list[dict[str, Any]]:
        """Set variables; each one's status."""
        ...

    async def get_base_report(self, report: str) -> list[dict[str, Any]]:
        """A whole report: "full", "configuration" or "summary"."""
        ...


@runtime_checkable
class DisplayMessageAccess(Protocol):
    """Chargers with a display Home Assistant may write to (OCPP 2.0.1)."""

    async def set_display_message(
        self,
        message_id: int,
        text: str,
        priority: str = "normal_cycle",
        language: str | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        transaction_id: str | None = None,
    ) -> str:
        """Show a message; returns the charger's status."""
        ...

    async def get_display_messages(self) -> list[dict[str, Any]]:
        """The messages the charger has configured."""
        ...

    async def clear_display_message(self, message_id: int) -> str:
        """Remove a message."""
        ...


class PasswordReport(Protocol):
    """Where a password the user must set by hand is shown."""

    def password_issued(self, identity: str, password: str) -> None:
        """Show the password once."""


class Host(Protocol):
    """What the central system offers its version-neutral parts."""

    settings: Settings
    chargers: dict[str, Charger]
    limiter: LogLimiter

    @property
    def sessions(self) -> Mapping[str, Link]:
        """The live sessions by identity."""
        ...

    @property
    def requires_password(self) -> bool:
        """Whether chargers authenticate with HTTP Basic."""
        ...

    @property
    def reporter(self) -> PasswordReport:
        """Where passwords to set by hand go."""
        ...

    def persist(self, urgent: bool = False, charger: str | None = None) -> None:
        """Save soon (urgent: before the answer); `charger`: whose record changed."""

    def notify(
        self, identity: str, change: Change, connector: int | None = None
    ) -> None:
        """Tell the host application about a change."""

    @property
    def saves_wanted(self) -> int:
        """How many urgent saves were asked for so far."""
        ...

    async def saved(self) -> None:
        """Return once every urgent change so far is written."""
