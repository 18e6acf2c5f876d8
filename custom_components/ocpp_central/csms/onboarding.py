"""Onboarding: unknown chargers wait until accepted; accepted ones get passwords."""

from __future__ import annotations

import asyncio
import logging

from .auth import generate_password, hash_password
from .errors import (
    ChargerError,
    ChargerOffline,
    ChargerRejected,
    ChargerRestarted,
    UnknownCharger,
)
from .model import BootInfo, Change, Charger
from .protocol import Host, Link

_LOGGER = logging.getLogger(__name__)


class Onboarding:
    """Decides on boots, accepts and revokes chargers for a central system."""

    def __init__(self, system: Host) -> None:
        self.system = system
        # Accepted chargers that still have to boot again to be configured.
        self.needs_boot: set[str] = set()

    def on_boot(self, session: Link, info: BootInfo) -> bool:
        """Record a BootNotification; True when the charger is accepted."""
        charger = session.charger
        first_boot = charger.boot is None
        charger.boot = info
        if not session.trusted and self.system.settings.auto_accept:
            _LOGGER.info("%s accepted automatically", charger.identity)
            self._mark_accepted(charger, session)
            if self.system.requires_password:
                session.spawn(self._issue_password(charger, session, report=True))
        if session.trusted:
            self.needs_boot.discard(charger.identity)
            _LOGGER.info(
                "%s booted: %s %s, firmware %s",
                charger.identity,
                info.vendor,
                info.model,
                info.firmware,
            )
            self.system.persist(charger=charger.identity)
            self.system.notify(charger.identity, Change.BOOT)
            return True
        if first_boot:
            _LOGGER.info(
                "%s (%s %s) waits to be accepted",
                charger.identity,
                info.vendor,
                info.model,
            )
        self.system.notify(charger.identity, Change.PENDING)
        return False

    def _mark_accepted(self, charger: Charger, session: Link | None) -> None:
        charger.accepted = True
        if session is not None:
            # The user (or auto-accept) accepted this very connection.
            session.authenticated = True
        self.system.persist(charger=charger.identity)
        self.system.notify(charger.identity, Change.ACCEPTED)

    async def _issue_password(
        self, charger: Charger, session: Link | None, report: bool
    ) -> str | None:
        """Give the charger a new password; return it if it must be shown."""
        password = generate_password()
        charger.password = await asyncio.to_thread(hash_password, password)
        self.system.persist(charger=charger.identity)
        if await self._push_password(session, password):
            return None
        if report:
            self.system.reporter.password_issued(charger.identity, password)
        return password

    async def accept(self, identity: str) -> str | None:
        """Accept a waiting charger and ask it to boot again.

        Returns a password the user must set on the charger by hand, when the
        security profile needs one and it could not be pushed to the charger.
        """
        charger = self.system.chargers.get(identity)
        if charger is None:
            raise UnknownCharger(identity)
        session = self.system.sessions.get(identity)
        self._mark_accepted(charger, session)
        self.needs_boot.add(identity)
        to_show = None
        if self.system.requires_password:
            to_show = await self._issue_password(charger, session, report=False)
        session = self.system.sessions.get(identity)
        if session is not None and session.trusted:
            session.spawn(self.request_boot(session))
        return to_show

    @staticmethod
    async def _push_password(session: Link | None, password: str) -> bool:
        if session is None:
            return False
        try:
            return await session.adapter.set_password(password) == "Accepted"
        except ChargerError as err:
            _LOGGER.info("%s: could not push a new password: %s", session.identity, err)
            return False

    async def replace_password(self, session: Link, password: str) -> str:
        """Give a connected charger a new password; keep it once it took it.

        The old password stays valid until the charger answers Accepted, so
        a refusal or a timeout never locks the charger out. Returns the
        charger's status.
        """
        new_hash = await asyncio.to_thread(hash_password, password)
        status = await session.adapter.set_password(password)
        if status == "Accepted":
            session.charger.password = new_hash
            self.system.persist(urgent=True, charger=session.identity)
            _LOGGER.info("%s took a new password", session.identity)
        return status

    async def rotate_password(self, identity: str) -> str:
        """A fresh random password for a connected charger (stored once taken)."""
        session = self.system.sessions.get(identity)
        if session is None or not session.trusted:
            raise ChargerOffline(identity)
        status = await self.replace_password(session, generate_password())
        if status != "Accepted":
            raise ChargerRejected(status, "the new password")
        return status

    async def request_boot(self, session: Link) -> None:
        """Ask the charger to boot again; a refusal waits for its next retry."""
        try:
            status = await session.adapter.request_boot()
        except ChargerRestarted:
            return  # it booted before it answered: what was asked for
        except ChargerError as err:
            status = str(err)
        if status != "Accepted":
            _LOGGER.info(
                "%s: asked to boot again (%s); it will be accepted on its next retry",
                session.identity,
                status,
            )

    async def revoke(self, identity: str) -> None:
        """Forget a charger's acceptance and password; it must be accepted again."""
        charger = self.system.chargers.get(identity)
        if charger is None:
            return
        charger.accepted = False
        charger.password = None
        charger.security_profile = 0  # it must prove itself again
        self.needs_boot.discard(identity)
        self.system.persist(charger=identity)
        self.system.notify(identity, Change.REVOKED)
        session = self.system.sessions.get(identity)
        if session is not None:
            await session.close(1008, "acceptance revoked")
