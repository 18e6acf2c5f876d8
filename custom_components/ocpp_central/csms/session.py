"""A connected charger: its connection, its protocol adapter and its state."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from .callslot import Priority
from .connection import RpcConnection, WebSocket
from .model import Change, Charger
from .protocol import Adapter, Answer, Host
from .rpc import Call

if TYPE_CHECKING:
    from .core import AdapterFactory, Core


class Session:
    """One live connection of one charger (the `Link` its adapter uses)."""

    def __init__(
        self,
        host: Host,
        charger: Charger,
        websocket: WebSocket,
        authenticated: bool,
        adapter: AdapterFactory,
        core: Core,
    ) -> None:
        self.host = host
        self.charger = charger
        self.websocket = websocket
        self.authenticated = authenticated
        self.connected_at = datetime.now(UTC)
        self._adapter = adapter(self, core)
        self.rpc = RpcConnection(
            websocket,
            charger.identity,
            self._adapter.version,
            self._dispatch,
            host.settings.call_timeout,
            host.limiter,
            self._adapter.error_codes,
        )

    async def _dispatch(self, call: Call) -> Answer:
        """Handle a CALL; urgent changes are written before the answer goes out.

        A transaction id or a started session must survive a crash once the
        charger has been told about it.
        """
        wanted = self.host.saves_wanted
        answer = await self._adapter.dispatch(call)
        if self.host.saves_wanted != wanted:
            await self.host.saved()
        return answer

    @property
    def adapter(self) -> Adapter:
        """The adapter of the negotiated protocol version."""
        return self._adapter

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
            self.authenticated or not self.host.requires_password
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
        self.host.notify(self.identity, change, connector)

    def restarted(self) -> None:
        """The charger booted on this connection: void what it was asked."""
        self.rpc.charger_restarted()

    async def close(self, code: int = 1000, reason: str = "") -> None:
        """Close the connection."""
        await self.rpc.close(code, reason)

    def abort(self) -> None:
        """Drop a dead connection at once, without a closing handshake."""
        self.websocket.transport.abort()

    async def is_alive(self) -> bool:
        """Whether the charger answers a websocket ping promptly."""
        if self.rpc.closed:
            return False
        try:
            pong = await self.websocket.ping()
            async with asyncio.timeout(self.host.settings.liveness_timeout):
                await pong
        except Exception:
            return False
        return True
