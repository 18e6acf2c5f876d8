"""A connected charger: its connection, its protocol adapter and its state."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from .callslot import Priority
from .connection import FollowUp, RpcConnection, WebSocket
from .model import Change, Charger
from .rpc import Call
from .v16.adapter import V16Adapter

if TYPE_CHECKING:
    from .system import CentralSystem


class Session:
    """One live connection of one charger."""

    def __init__(
        self,
        system: CentralSystem,
        charger: Charger,
        websocket: WebSocket,
        authenticated: bool,
    ) -> None:
        self.system = system
        self.charger = charger
        self.websocket = websocket
        self.authenticated = authenticated
        self.connected_at = datetime.now(UTC)
        self.adapter = V16Adapter(self)
        self.rpc = RpcConnection(
            websocket,
            charger.identity,
            self.adapter.version,
            self._dispatch,
            system.settings.call_timeout,
            system.limiter,
        )

    async def _dispatch(self, call: Call) -> tuple[dict[str, Any], FollowUp | None]:
        """Handle a CALL; urgent changes are written before the answer goes out.

        A transaction id or a started session must survive a crash once the
        charger has been told about it.
        """
        wanted = self.system.saves_wanted
        answer = await self.adapter.dispatch(call)
        if self.system.saves_wanted != wanted:
            await self.system.saved()
        return answer

    @property
    def identity(self) -> str:
        """The charger's identity."""
        return self.charger.identity

    @property
    def trusted(self) -> bool:
        """Whether this connection may do more than boot.

        It must be accepted, and authenticated when the profile needs passwords.
        """
        return self.charger.accepted and (
            self.authenticated or not self.system.requires_password
        )

    async def call(
        self,
        action: str,
        payload: dict[str, Any],
        timeout: float | None = None,
        priority: Priority = Priority.CONTROL,
    ) -> dict[str, Any]:
        """Send a CALL to the charger and return its answer payload."""
        return await self.rpc.call(action, payload, timeout, priority)

    def spawn(self, work: Awaitable[object]) -> None:
        """Run work in the background for as long as the connection lives."""
        self.rpc.spawn(work)

    def notify(self, change: Change, connector: int | None = None) -> None:
        """Tell the system's listener about a change."""
        self.system.notify(self.identity, change, connector)

    def abort(self) -> None:
        """Drop a dead connection at once, without a closing handshake."""
        transport = getattr(self.websocket, "transport", None)
        if transport is not None:
            transport.abort()

    async def is_alive(self) -> bool:
        """Whether the charger answers a websocket ping promptly."""
        ping = getattr(self.websocket, "ping", None)
        if self.rpc.closed or ping is None:
            return False
        try:
            pong = await ping()
            async with asyncio.timeout(self.system.settings.liveness_timeout):
                await pong
        except Exception:
            return False
        return True
