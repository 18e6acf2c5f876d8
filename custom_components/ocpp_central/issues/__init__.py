"""Repair issues: problems a user can act on, shown while they last.

Each issue is raised when its condition starts and deleted when it ends.
None is persistent: after a restart an issue comes back only if its
condition still holds, and then keeps the user's "ignore". Issues that only
live in memory (a password to show, a count of refusals, a pending
availability change) are deleted when the entry unloads.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable
from datetime import datetime

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from ..const import ALL_INTERFACES, DOMAIN
from ..csms import (
    CentralSystem,
    Change,
    ChargerError,
    ChargerRejected,
    ConnectorStatus,
    SecurityProfile,
)

_LOGGER = logging.getLogger(__name__)

REFUSALS_FOR_ISSUE = 3  # limits refused in a row before the user is told
MAX_PROTOCOL_ISSUES = 10  # strangers cannot fill the repairs list

PASSWORD = "charger_password"
REFUSALS = "limits_refused"
ENABLE_SCHEDULED = "enable_scheduled"
DISABLE_SCHEDULED = "disable_scheduled"
PROTOCOL = "unsupported_protocol"
INSECURE = "insecure_server"
CERTIFICATE_EXPIRING = "certificate_expiring"
CERTIFICATE_EXPIRED = "certificate_expired"
CHARGER_CERTIFICATE = "charger_certificate_expiring"
GRID_MISSING = "grid_sensor_missing"
GRID_UNAVAILABLE = "grid_sensor_unavailable"


def issue_id(kind: str, entry_id: str, *parts: str | int) -> str:
    """The id of one issue: its kind, the entry, and what it is about."""
    return "_".join((kind, entry_id, *(str(part) for part in parts)))


@callback
def async_delete_entry_issues(hass: HomeAssistant, entry_id: str) -> None:
    """Delete every issue of an entry (when the entry is removed)."""
    registry = ir.async_get(hass)
    for domain, found in list(registry.issues):
        if domain == DOMAIN and f"_{entry_id}" in found:
            ir.async_delete_issue(hass, DOMAIN, found)


class Issues:
    """The repair issues of one central system."""

    def __init__(self, hass: HomeAssistant, entry_id: str, system: CentralSystem):
        self.hass = hass
        self.entry_id = entry_id
        self.system = system
        # Shown in the password repair until dismissed or used; never stored.
        self.passwords: dict[str, str] = {}
        self._refusals: dict[str, int] = {}
        # Connector -> the availability asked for, until it takes effect.
        self._scheduled: dict[tuple[str, int], bool] = {}
        self._protocol: set[str] = set()
        self._grid: tuple[str | None, dict[str, str]] = (None, {})
        self._raised: defaultdict[str, set[str]] = defaultdict(set)

    # Raising and clearing

    def _create(
        self,
        kind: str,
        about: str,
        *parts: str | int,
        placeholders: dict[str, str],
        severity: ir.IssueSeverity = ir.IssueSeverity.WARNING,
        fixable: bool = False,
    ) -> None:
        found = issue_id(kind, self.entry_id, *parts)
        self._raised[about].add(found)
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            found,
            is_fixable=fixable,
            is_persistent=False,
            severity=severity,
            translation_key=kind,
            translation_placeholders=placeholders,
            data={"entry_id": self.entry_id, "about": about},
        )

    def _delete(self, kind: str, about: str, *parts: str | int) -> None:
        found = issue_id(kind, self.entry_id, *parts)
        if found in self._raised[about]:
            self._raised[about].discard(found)
            ir.async_delete_issue(self.hass, DOMAIN, found)

    @callback
    def async_unload(self) -> None:
        """Delete every issue raised (the entry unloads; memory goes with it)."""
        for raised in self._raised.values():
            for found in raised:
                ir.async_delete_issue(self.hass, DOMAIN, found)
        self._raised.clear()
        self.passwords.clear()

    def _clear_charger(self, identity: str) -> None:
        for found in self._raised.pop(identity, set()):
            ir.async_delete_issue(self.hass, DOMAIN, found)
        self.passwords.pop(identity, None)
        self._refusals.pop(identity, None)
        for key in [key for key in self._scheduled if key[0] == identity]:
            del self._scheduled[key]

    # The server

    def server_settings(self, host: str, port: int, profile: int) -> None:
        """Warn while the server takes anyone on every interface (profile 0)."""
        if profile == SecurityProfile.NONE and host in ALL_INTERFACES:
            self._create(
                INSECURE,
                "",
                placeholders={"host": host or "0.0.0.0", "port": str(port)},
            )
        else:
            self._delete(INSECURE, "")

    def certificate(self, path: str, expires: datetime | None, now: datetime) -> None:
        """Warn from 30 days before the server certificate expires."""
        self._delete(CERTIFICATE_EXPIRED, "")
        self._delete(CERTIFICATE_EXPIRING, "")
        if expires is None:
            return
        placeholders = {
            "path": path,
            "expires": expires.date().isoformat(),
            "days": str(max(0, (expires - now).days)),
        }
        if expires <= now:
            self._create(
                CERTIFICATE_EXPIRED,
                "",
                placeholders=placeholders,
                severity=ir.IssueSeverity.ERROR,
            )
        else:
            self._create(CERTIFICATE_EXPIRING, "", placeholders=placeholders)

    def charger_certificate(
        self, identity: str, expires: datetime | None, now: datetime
    ) -> None:
        """Warn while a charger's certificate from us nears expiry unrenewed."""
        if expires is None:
            self._delete(CHARGER_CERTIFICATE, identity, identity)
            return
        self._create(
            CHARGER_CERTIFICATE,
            identity,
            identity,
            placeholders={
                "charger": identity,
                "expires": expires.date().isoformat(),
                "days": str(max(0, (expires - now).days)),
            },
            severity=ir.IssueSeverity.ERROR
            if expires <= now
            else ir.IssueSeverity.WARNING,
        )

    def grid_sensor(self, kind: str | None, placeholders: dict[str, str]) -> None:
        """Raise the grid sensor issue of this kind (None: the sensor is fine)."""
        if (kind, placeholders) == self._grid:
            return  # checked on every solar step: nothing changed
        self._grid = (kind, placeholders)
        for known in (GRID_MISSING, GRID_UNAVAILABLE):
            if known != kind:
                self._delete(known, "")
        if kind is not None:
            self._create(
                kind,
                "",
                placeholders=placeholders,
                fixable=kind == GRID_MISSING,
            )

    # Chargers

    def password(self, identity: str, password: str) -> None:
        """Keep a password the charger could not take, for the user to set."""
        self.passwords[identity] = password
        self._create(
            PASSWORD,
            identity,
            identity,
            placeholders={"charger": identity},
            fixable=True,
        )

    def password_shown(self, identity: str) -> None:
        """The user dismissed the password repair: forget the password."""
        self.passwords.pop(identity, None)
        self._raised[identity].discard(issue_id(PASSWORD, self.entry_id, identity))

    async def watch_limit[T](self, identity: str, command: Awaitable[T]) -> T:
        """Await a current limit command, counting the charger's refusals."""
        try:
            result = await command
        except ChargerError as err:
            self.limit_result(identity, err)
            raise
        self.limit_result(identity, None)
        return result

    def limit_result(self, identity: str, err: ChargerError | None) -> None:
        """A limit (or solar decision) was taken, or refused with `err`.

        Refusals in a row raise an issue; one that is taken clears it. A
        charger that is offline or slow neither refuses nor takes.
        """
        if err is None:
            self._refusals.pop(identity, None)
            self._delete(REFUSALS, identity, identity)
            return
        if not isinstance(err, ChargerRejected):
            return
        count = self._refusals[identity] = self._refusals.get(identity, 0) + 1
        if count >= REFUSALS_FOR_ISSUE:
            self._create(
                REFUSALS,
                identity,
                identity,
                placeholders={
                    "charger": identity,
                    "count": str(count),
                    "status": err.status,
                },
            )

    def availability(
        self, identity: str, connector: int, available: bool, status: str
    ) -> None:
        """An availability change was answered: `Scheduled` waits for the session."""
        for kind in (ENABLE_SCHEDULED, DISABLE_SCHEDULED):
            self._delete(kind, identity, identity, connector)
        self._scheduled.pop((identity, connector), None)
        if status != "Scheduled":
            return
        self._scheduled[(identity, connector)] = available
        self._create(
            ENABLE_SCHEDULED if available else DISABLE_SCHEDULED,
            identity,
            identity,
            connector,
            placeholders={"charger": identity, "connector": str(connector)},
        )

    def unsupported_protocol(self, identity: str, offered: list[str]) -> None:
        """A charger offered only protocol versions we do not speak."""
        if identity not in self._protocol and len(self._protocol) >= (
            MAX_PROTOCOL_ISSUES
        ):
            return
        self._protocol.add(identity)
        self._create(
            PROTOCOL,
            identity,
            identity,
            placeholders={
                "charger": identity,
                "offered": ", ".join(offered) or "-",
            },
        )

    def charger_changed(
        self, identity: str, change: Change, connector: int | None
    ) -> None:
        """End the issues whose condition a charger's change ended."""
        if change is Change.REVOKED:
            self._clear_charger(identity)
            return
        if change is Change.CONNECTED:
            self._connected(identity)
        elif change is Change.STATUS and connector is not None:
            self._status(identity, connector)

    def _connected(self, identity: str) -> None:
        if identity in self._protocol:
            self._protocol.discard(identity)
            self._delete(PROTOCOL, identity, identity)
        session = self.system.sessions.get(identity)
        if session is not None and session.authenticated:
            # It logged in with its password: the user has set it.
            self.passwords.pop(identity, None)
            self._delete(PASSWORD, identity, identity)

    def _status(self, identity: str, connector: int) -> None:
        wanted = self._scheduled.get((identity, connector))
        charger = self.system.chargers.get(identity)
        if wanted is None or charger is None:
            return
        status = charger.connector(connector).status
        if status is not None and (status != ConnectorStatus.UNAVAILABLE) == wanted:
            self.availability(identity, connector, wanted, "Accepted")
