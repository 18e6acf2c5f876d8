"""The central system: the websocket server, its chargers and their sessions."""

from __future__ import annotations

import asyncio
import logging
import ssl
import weakref
from typing import Any, Protocol

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.typing import Subprotocol

from . import gate
from .authorization import Tag, TagPolicy
from .certificates import Certificates
from .charging import Charging
from .control import Control
from .core import Core
from .gate import Gate
from .guard import Throttle
from .handshake import Admission
from .local_list import LocalList
from .logutil import LogLimiter
from .model import Change, Charger, Quirks
from .onboarding import Onboarding
from .protocol import PasswordReport
from .records import ChargerRecords
from .schemas import preload as preload_schemas
from .security import HandshakeFailure, observe_handshake_failures
from .session import Session
from .settings import SecurityProfile, Settings
from .versions import ADAPTERS, SCHEMA_VERSIONS, SUBPROTOCOLS

_LOGGER = logging.getLogger(__name__)
# One line per connection from us is enough; websockets' own lines are for debugging.
_WS_LOGGER = logging.getLogger(f"{__name__}.websockets")
_WS_LOGGER.setLevel(logging.WARNING)
# Close codes in words, for the one line logged when a charger goes away.
_CLOSE_CODES = {
    1000: "closed normally",
    1001: "going away",
    1002: "protocol error",
    1006: "connection lost without a close",
    1007: "invalid UTF-8 in a frame",
    1008: "policy violation",
    1009: "a frame was too large",
    1011: "keepalive timed out or internal error",
}


class _HandshakeNoise(logging.Filter):
    """Port probes and health checks are not errors: log them at debug."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage().startswith("opening handshake failed"):
            _LOGGER.debug("A connection attempt was not a websocket handshake")
            return False
        return True


_WS_LOGGER.addFilter(_HandshakeNoise())


class Listener(Protocol):
    """What the central system tells its host (the Home Assistant layer)."""

    def charger_changed(
        self, identity: str, change: Change, connector: int | None
    ) -> None:
        """A charger's state changed."""

    def password_issued(self, identity: str, password: str) -> None:
        """A charger got a password the user must see once."""

    def persist(self, urgent: bool = False) -> None:
        """Save `CentralSystem.records()`: at once when urgent, else soon."""

    async def save(self) -> None:
        """Save `CentralSystem.records()` now; return once it is written."""

    def unsupported_protocol(self, identity: str, offered: list[str]) -> None:
        """A charger offered no protocol version this central system speaks."""


class CentralSystem:
    """An OCPP central system serving chargers over websockets."""

    def __init__(self, settings: Settings, listener: Listener) -> None:
        self.settings = settings
        self.listener = listener
        self.chargers: dict[str, Charger] = {}
        self.sessions: dict[str, Session] = {}
        self._server: Server | None = None
        self._tls_server: Server | None = None
        self.gate = Gate(self)
        self.throttle = Throttle()
        # Lines about strangers and misbehaving chargers, rate-limited.
        self.limiter = LogLimiter()
        # One lock per identity while any connection of it holds or awaits
        # it: a newcomer waits while the one before checks the old link.
        # Weak, so it goes with the last of them (no clean-up to get wrong).
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )
        self._closing: set[asyncio.Task[None]] = set()  # replaced connections
        self.onboarding = Onboarding(self)
        self.charging = Charging(self)
        self.local_list = LocalList()
        self._records = ChargerRecords(
            self.chargers, self.charging.book, self.local_list, listener
        )
        self.control = Control(self, self.onboarding)
        self.certificates = Certificates(self.limiter)
        self.core = Core(
            self,
            self.charging,
            self.onboarding,
            self.control,
            self.local_list,
            self.certificates,
        )

    # Persistence (see records.py) and notifications

    def load(self, data: dict[str, Any]) -> None:
        """Restore accepted chargers and open transactions from `records()`."""
        self._records.load(data)
        self.set_quirks(self.settings.quirks)
        self.local_list.update(self.settings.tags)

    def records(self) -> dict[str, Any]:
        """Accepted chargers and transaction state, JSON-friendly."""
        return self._records.records()

    async def snapshot(self) -> dict[str, Any]:
        """`records()`, rebuilding changed chargers a batch at a time."""
        return await self._records.snapshot()

    def persist(self, urgent: bool = False, charger: str | None = None) -> None:
        """Ask the host to save the records; `charger`: whose record changed."""
        self._records.persist(urgent, charger)

    @property
    def saves_wanted(self) -> int:
        """How many urgent saves were asked for so far."""
        return self._records.saves_wanted

    async def saved(self) -> None:
        """Return once every urgent change so far is written."""
        await self._records.saved()

    def notify(
        self, identity: str, change: Change, connector: int | None = None
    ) -> None:
        """Tell the host about a change."""
        self.listener.charger_changed(identity, change, connector)

    def set_quirks(self, quirks: dict[str, Quirks]) -> None:
        """Take per-charger workarounds (used from the next command on)."""
        self.settings.quirks = quirks
        for charger in self.chargers.values():
            charger.quirks = quirks.get(charger.identity, Quirks())

    def set_tags(self, tags: dict[str, Tag], policy: TagPolicy) -> None:
        """Take a new tag list; chargers get the new local list."""
        self.settings.tags, self.settings.tag_policy = tags, policy
        if not self.local_list.update(tags):
            return
        self.persist(urgent=True)
        for session in self.sessions.values():
            if session.trusted:
                session.spawn(session.adapter.sync_local_list())

    @property
    def reporter(self) -> PasswordReport:
        """Where a password the user must set by hand is shown."""
        return self.listener

    def set_metering(self, interval: int, measurands: tuple[str, ...]) -> None:
        """Take a new meter interval and measurands; tell connected chargers."""
        settings = self.settings
        if (settings.meter_interval, settings.measurands) == (interval, measurands):
            return
        settings.meter_interval, settings.measurands = interval, measurands
        for session in self.sessions.values():
            if session.trusted:
                session.spawn(session.adapter.configure_metering())

    @property
    def requires_password(self) -> bool:
        """Whether chargers authenticate with HTTP Basic."""
        return self.settings.security_profile >= SecurityProfile.BASIC_AUTH

    def protocol_refused(self, identity: str, offered: list[str]) -> None:
        """A charger offered no OCPP version we speak: tell Home Assistant."""
        self.listener.unsupported_protocol(identity, offered)

    # Server lifecycle

    async def start(self) -> None:
        """Start listening. Raises `OSError` when the port is taken."""
        for version in SCHEMA_VERSIONS:
            await asyncio.to_thread(preload_schemas, version)
        settings = self.settings
        self._server = await self._serve(settings.port, settings.ssl_context)
        _LOGGER.info("OCPP central system listening on port %s", self.port)
        if settings.tls_port is not None and settings.tls_context is not None:
            try:
                self._tls_server = await self._serve(
                    settings.tls_port, settings.tls_context
                )
            except OSError:
                await self.stop()
                raise
            _LOGGER.info("... and with TLS on port %s", self.tls_port)

    async def _serve(self, port: int, context: ssl.SSLContext | None) -> Server:
        if context is not None:
            observe_handshake_failures(context, self._tls_refused)
        return await serve(
            self._handle,
            self.settings.host,
            port,
            process_request=self.gate.process_request,
            select_subprotocol=self.gate.select_subprotocol,
            subprotocols=[Subprotocol(p) for p in SUBPROTOCOLS],
            ssl=context,
            max_size=self.settings.max_frame_bytes,
            ping_interval=self.settings.ping_interval,
            ping_timeout=self.settings.ping_timeout,
            compression=None,
            logger=_WS_LOGGER,
        )

    def _tls_refused(self, failure: HandshakeFailure) -> None:
        # A refused certificate is worth a warning; a scanner's bad TLS is not.
        log = self.limiter.info
        if failure.name not in ("PROTOCOL", "OTHER"):
            log = self.limiter.warning
        log(_LOGGER, f"tls/{failure.name}", "Refused a TLS connection: %s", failure)

    @property
    def port(self) -> int:
        """The port actually listened on (useful with port 0)."""
        if self._server is None:
            return self.settings.port
        return int(next(iter(self._server.sockets)).getsockname()[1])

    @property
    def tls_port(self) -> int | None:
        """The TLS port beside a plain one, when there is one."""
        if self._tls_server is None:
            return self.settings.tls_port
        return int(next(iter(self._tls_server.sockets)).getsockname()[1])

    async def stop(self) -> None:
        """Close every connection and stop listening."""
        for server in (self._server, self._tls_server):
            if server is not None:
                server.close()
                await server.wait_closed()
        self._server = self._tls_server = None

    # Connections

    async def _handle(self, websocket: ServerConnection) -> None:
        admission = self.gate.admission_of(websocket)
        if websocket.subprotocol is None:
            # OCPP-J: complete the handshake without a subprotocol, then close.
            await websocket.close(1002, "no supported OCPP version offered")
            return
        identity = admission.identity
        session = await self._open_session(identity, admission.authenticated, websocket)
        if session is None:
            await websocket.close(1008, "this charger is already connected")
            return
        self._note_profile(session.charger, admission)
        try:
            await session.rpc.serve()
        finally:
            self._close_session(session)

    async def _open_session(
        self, identity: str, authenticated: bool, websocket: ServerConnection
    ) -> Session | None:
        lock = self._locks.setdefault(identity, asyncio.Lock())
        async with lock:
            old = self.sessions.get(identity)
            if old is not None:
                if authenticated:
                    _LOGGER.info("%s: a new connection replaces the old one", identity)
                    self._retire(old)
                elif await old.is_alive():
                    _LOGGER.warning(
                        "%s: refused a second, unauthenticated connection", identity
                    )
                    return None
                else:
                    _LOGGER.info("%s: the old connection is dead; replaced", identity)
                    old.abort()
            charger = self.chargers.get(identity)
            if charger is None:
                charger = self._remember(identity)
                charger.quirks = self.settings.quirks.get(identity, Quirks())
            session = Session(
                self,
                charger,
                websocket,
                authenticated,
                ADAPTERS[str(websocket.subprotocol)],
                self.core,
            )
            self.sessions[identity] = session
            charger.connected = True
            charger.protocol = websocket.subprotocol
            charger.address = (
                str(websocket.remote_address[0]) if websocket.remote_address else None
            )
        _LOGGER.info(
            "%s connected (%s%s)",
            identity,
            websocket.subprotocol,
            ", authenticated" if authenticated else "",
        )
        self.notify(identity, Change.CONNECTED)
        if identity in self.onboarding.needs_boot and session.trusted:
            session.spawn(self.onboarding.request_boot(session))
        elif session.trusted and charger.boot is not None:
            # Perhaps a reconnect without a boot: ask for the state it is in.
            session.spawn(session.adapter.on_reconnect())
        return session

    def _retire(self, old: Session) -> None:
        """Let a replaced connection go without waiting for it.

        A charger that reconnects has usually lost its old link, which will
        never answer our close: the new one is served at once, and the old
        one closes (or times out) in the background.
        """
        del self.sessions[old.identity]
        task = asyncio.create_task(old.rpc.close(1000, "replaced by a new connection"))
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    def _note_profile(self, charger: Charger, admission: Admission) -> None:
        """Remember the highest security profile an accepted charger reached."""
        if not charger.accepted or not admission.authenticated:
            return
        if admission.certificate:
            reached = gate.CERTIFICATE_PROFILE
        else:
            reached = 2 if admission.tls else 1
        if reached > charger.security_profile:
            charger.security_profile = reached
            _LOGGER.info("%s now uses security profile %s", charger.identity, reached)
            self.persist(urgent=True, charger=charger.identity)

    def _remember(self, identity: str) -> Charger:
        # Waiting chargers that went away are kept for their accept flow, but
        # not without bound: the oldest offline ones are forgotten first.
        waiting = [c.identity for c in self.chargers.values() if not c.accepted]
        offline = [known for known in waiting if known not in self.sessions]
        for stale in offline[: max(0, len(waiting) + 1 - gate.MAX_WAITING)]:
            del self.chargers[stale]
            self._records.changed(stale)
            self.notify(stale, Change.FORGOTTEN)
        charger = self.chargers[identity] = Charger(identity)
        return charger

    def _close_session(self, session: Session) -> None:
        identity = session.identity
        if self.sessions.get(identity) is not session:
            return
        del self.sessions[identity]
        session.charger.connected = False
        code, reason = session.rpc.close_code, session.rpc.close_reason
        _LOGGER.info(
            "%s disconnected (%s%s); its values are unavailable until it returns",
            identity,
            _CLOSE_CODES.get(code or 1006, f"close code {code}"),
            f": {reason}" if reason else "",
        )
        self.notify(identity, Change.DISCONNECTED)

    # Onboarding (see onboarding.py)

    async def accept(self, identity: str) -> str | None:
        """Accept a waiting charger; see `Onboarding.accept`."""
        return await self.onboarding.accept(identity)

    async def revoke(self, identity: str) -> None:
        """Forget a charger's acceptance and revoke its certificates."""
        self.certificates.revoke(identity)
        await self.onboarding.revoke(identity)
