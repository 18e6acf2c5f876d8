"""Version-neutral commands to chargers, by identity.

This is what the Home Assistant layer (and the solar controller) call. It
keeps what was asked of each connector (limit, paused, phases) so that it
survives restarts and is re-applied when a charger reboots.

Commands to one connector are ordered: each waits for the one before it.
What a command asks is recorded before it is sent, so a reboot while it is on
its way re-applies it (the last thing asked), and taken back only when the
charger refuses it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from .errors import (
    ChargerError,
    ChargerNotSupported,
    ChargerOffline,
    ChargerRejected,
    WrongVersion,
)
from .model import Change, Charger, ConnectorControl
from .onboarding import Onboarding
from .protocol import (
    Commands,
    ConfigurationKeys,
    DeviceModelAccess,
    DisplayMessageAccess,
    Host,
    Link,
)

_LOGGER = logging.getLogger(__name__)
MAX_AMPS = 500.0


class Control:
    """Commands for the chargers of one central system."""

    def __init__(self, system: Host, onboarding: Onboarding) -> None:
        self.system = system
        self.onboarding = onboarding
        self._locks: dict[tuple[str, int], asyncio.Lock] = {}

    def _lock(self, identity: str, connector: int) -> asyncio.Lock:
        return self._locks.setdefault((identity, connector), asyncio.Lock())

    @asynccontextmanager
    async def _asking(
        self, identity: str, connector: int, **changes: Any
    ) -> AsyncIterator[ConnectorControl]:
        """Hold the connector's turn; record `changes` first, undo if refused."""
        async with self._lock(identity, connector):
            control = self.charger(identity).connector(connector).control
            before = ConnectorControl(**control.as_dict())
            self._remember(identity, connector, **changes)
            try:
                yield control
            except ChargerRejected:
                if changes:
                    self._remember(identity, connector, **before.as_dict())
                raise

    def _session(self, identity: str) -> Link:
        session = self.system.sessions.get(identity)
        if session is None or not session.trusted:
            raise ChargerOffline(identity)
        return session

    def commands(self, identity: str) -> Commands:
        """The protocol commands of a connected, accepted charger."""
        return self._session(identity).adapter.commands

    def charger(self, identity: str) -> Charger:
        """The charger (connected or not)."""
        charger = self.system.chargers.get(identity)
        if charger is None:
            raise ChargerOffline(identity)
        return charger

    # Charging

    async def start(
        self,
        identity: str,
        connector: int,
        id_tag: str | None = None,
        profile: dict[str, Any] | None = None,
    ) -> str:
        """Start a session (with a charging profile for it, when given)."""
        async with self._asking(identity, connector):
            return await self._start(identity, connector, id_tag, profile)

    async def _start(
        self,
        identity: str,
        connector: int,
        id_tag: str | None = None,
        profile: dict[str, Any] | None = None,
    ) -> str:
        tag = id_tag or self.system.settings.remote_id_tag
        return await self.commands(identity).start(connector, tag, profile)

    async def stop(
        self, identity: str, connector: int, transaction_id: int | str | None = None
    ) -> str:
        """Stop the connector's session, or the one named by its id."""
        async with self._asking(identity, connector):
            return await self.commands(identity).stop(connector, transaction_id)

    async def pause(self, identity: str, connector: int) -> str:
        """Hold charging, keeping the session open where the charger allows."""
        async with self._asking(identity, connector, paused=True):
            return await self.commands(identity).pause(connector)

    async def resume(self, identity: str, connector: int) -> str:
        """Charge again at the limit in force."""
        async with self._asking(identity, connector, paused=False) as control:
            return await self._resume(identity, connector, control)

    async def _resume(
        self, identity: str, connector: int, control: ConnectorControl
    ) -> str:
        return await self.commands(identity).resume(
            connector,
            control.limit_a,
            self.system.settings.remote_id_tag,
            control.phases,
        )

    async def set_charging(self, identity: str, connector: int, on: bool) -> str:
        """The charging switch: on resumes (or starts a session), off pauses."""
        if not on:
            return await self.pause(identity, connector)
        found = self.charger(identity).connector(connector)
        was_paused = found.control.paused
        async with self._asking(identity, connector, paused=False) as control:
            if found.transaction is not None:
                return await self._resume(identity, connector, control)
            if not found.plugged_in:
                raise ChargerRejected("NotPluggedIn", "no car is plugged in")
            if was_paused and not self.commands(identity).pause_by_stop():
                await self._resume(identity, connector, control)  # lift the 0 A
            return await self._start(identity, connector)

    async def set_current_limit(
        self,
        identity: str,
        connector: int,
        amps: float,
        phases: int | None = None,
        duration_s: int | None = None,
    ) -> str:
        """Limit a connector; while paused the limit is kept for the resume."""
        if not 0 <= amps <= MAX_AMPS:
            raise ValueError(f"{amps} A is out of range")
        kept = {} if duration_s is not None else {"limit_a": amps, "phases": phases}
        async with self._asking(identity, connector, **kept) as control:
            if control.paused:
                return "Accepted"
            return await self.commands(identity).set_current_limit(
                connector, amps, phases, duration_s
            )

    async def apply_decision(
        self,
        identity: str,
        connector: int,
        enabled: bool,
        amps: float,
        phases: int | None = None,
    ) -> str:
        """The solar controller's decision, in as few messages as it takes.

        Off pauses; on lifts a pause with the new limit itself (one profile),
        or changes the limit; a plugged-in car without a session is started.
        """
        found = self.charger(identity).connector(connector)
        if not enabled:
            if found.control.paused:
                return "Accepted"
            return await self.pause(identity, connector)
        was_paused = found.control.paused
        async with self._asking(
            identity, connector, paused=False, limit_a=amps, phases=phases
        ) as control:
            commands = self.commands(identity)
            if was_paused and commands.pause_by_stop():
                return await self._resume(identity, connector, control)
            status = await commands.set_current_limit(connector, amps, phases)
            if found.transaction is None and found.plugged_in:
                status = await self._start(identity, connector)
            return status

    async def set_installation_limit(self, identity: str, amps: float) -> str:
        """The charger-wide maximum (ChargePointMaxProfile), set by a person only."""
        if not 0 < amps <= MAX_AMPS:
            raise ValueError(f"{amps} A is out of range")
        status = await self.commands(identity).set_installation_limit(amps)
        charger = self.charger(identity)
        charger.installation_max_a = amps
        self.system.persist(urgent=True, charger=identity)
        self.system.notify(identity, Change.CONFIGURATION)  # limits' maximum moved
        return status

    def _remember(self, identity: str, connector: int, **changes: Any) -> None:
        control = self.charger(identity).connector(connector).control
        for key, value in changes.items():
            setattr(control, key, value)
        self.system.persist(urgent=True, charger=identity)
        self.system.notify(identity, Change.CONTROL, connector)

    # Operations

    async def set_available(
        self, identity: str, connector: int, available: bool
    ) -> str:
        """ChangeAvailability (Accepted, or Scheduled after the session)."""
        async with self._asking(identity, connector):
            return await self.commands(identity).set_available(connector, available)

    async def local_list_version(self, identity: str) -> int:
        """The version of the tag list the charger holds."""
        return await self._session(identity).adapter.local_list_version()

    async def send_local_list(self, identity: str) -> str:
        """Send the whole tag list again, whatever version the charger holds."""
        return await self._session(identity).adapter.sync_local_list(full=True)

    async def unlock(self, identity: str, connector: int) -> str:
        """UnlockConnector."""
        return await self.commands(identity).unlock(connector)

    async def reset(self, identity: str, hard: bool = False) -> str:
        """Reset."""
        return await self.commands(identity).reset(hard)

    async def trigger(
        self, identity: str, message: str, connector: int | None = None
    ) -> str:
        """TriggerMessage."""
        return await self.commands(identity).trigger(message, connector)

    async def get_configuration(
        self, identity: str, keys: list[str] | None = None
    ) -> dict[str, Any]:
        """Configuration keys with value and read-only flag, and unknown keys."""
        return await self._configuration_keys(identity).get_configuration(keys)

    async def change_configuration(self, identity: str, key: str, value: str) -> str:
        """Set a configuration key: Accepted or RebootRequired, else an error."""
        status = await self._configuration_keys(identity).change_configuration(
            key, value
        )
        if status == "NotSupported":
            raise ChargerNotSupported(status, key)
        if status not in ("Accepted", "RebootRequired"):
            raise ChargerRejected(status, key)
        return status

    def _configuration_keys(self, identity: str) -> ConfigurationKeys:
        adapter = self._session(identity).adapter
        if not isinstance(adapter, ConfigurationKeys):
            raise WrongVersion(identity, adapter.version)
        return adapter

    def device_model(self, identity: str) -> DeviceModelAccess:
        """Variables and reports of a charger with a device model (2.0.1)."""
        adapter = self._session(identity).adapter
        if not isinstance(adapter, DeviceModelAccess):
            raise WrongVersion(identity, adapter.version)
        return adapter

    def display(self, identity: str) -> DisplayMessageAccess:
        """The display messages of a charger that has them (2.0.1)."""
        adapter = self._session(identity).adapter
        if not isinstance(adapter, DisplayMessageAccess):
            raise WrongVersion(identity, adapter.version)
        return adapter

    def installer(self, identity: str) -> Commands:
        """The installer commands (profiles, firmware, reservations, ...)."""
        return self.commands(identity)

    async def rotate_password(self, identity: str) -> str:
        """Give the charger a new random password (stored once it took it)."""
        return await self.onboarding.rotate_password(identity)

    async def refresh(self, identity: str) -> None:
        """Ask the charger for the status of every connector and its meters."""
        await self._session(identity).adapter.refresh()

    # After a reboot

    async def reapply(self, session: Link) -> None:
        """Send the limits and pauses in force again (a reboot forgets them).

        Each connector waits for a command to it that is on its way, then
        gets what was asked last.
        """
        commands = session.adapter.commands
        for connector in list(session.charger.connectors.values()):
            try:
                async with self._lock(session.identity, connector.id):
                    control = connector.control
                    if control.paused and not commands.pause_by_stop():
                        await commands.pause(connector.id)
                    elif control.limit_a is not None and not control.paused:
                        await commands.set_current_limit(
                            connector.id, control.limit_a, control.phases
                        )
            except ChargerError as err:
                _LOGGER.warning(
                    "%s: could not re-apply the limit on connector %s: %s",
                    session.identity,
                    connector.id,
                    err,
                )
