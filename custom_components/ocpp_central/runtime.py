"""The bridge between one central system and Home Assistant."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from homeassistant.config_entries import SOURCE_INTEGRATION_DISCOVERY, ConfigEntry
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import discovery_flow
from homeassistant.helpers.storage import Store

from .const import DOMAIN, STORAGE_VERSION
from .csms import CentralSystem, Change, Charger, Settings
from .devices import ChargerDevices
from .events import (
    EVENT_DEVICE_EVENT,
    EVENT_SESSION_STARTED,
    EVENT_SESSION_STOPPED,
    EVENT_TAG_SCANNED,
    device_event,
    session_record,
    tag_event,
)
from .history import SessionHistory
from .issues import Issues
from .issues.grid import GridSensorWatch
from .pki import Pki, server_hosts
from .price import CONF_PRICE_SENSOR, read_price
from .security_events import security_event
from .solar import SolarManager
from .solar_site import SolarSite

SAVE_DELAY = 30
URGENT_SAVE_DELAY = 0.5

# Changes that may bring values (and so entities) a charger never had.
NEW_ENTITY_CHANGES = frozenset(
    {
        Change.NEW_VALUES,
        Change.SESSION_STARTED,
        Change.SESSION_STOPPED,
        Change.TAG,
        Change.OPERATION,
        Change.DEVICE_EVENT,
        Change.SECURITY_EVENT,
    }
)

type ChargerCallback = Callable[[Change, int | None], None]
type NewChargerCallback = Callable[[Charger], None]


class Runtime:
    """Runs the central system for a config entry and fans out its changes."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Runtime],
        settings: Settings,
        pki: Pki | None = None,
    ) -> None:
        self.hass = hass
        self.entry = entry
        self.system = CentralSystem(settings, self)
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry.entry_id}.chargers"
        )
        self._subscribers: defaultdict[str, set[ChargerCallback]] = defaultdict(set)
        self._new_charger_callbacks: list[NewChargerCallback] = []
        self._revoked_callbacks: list[NewChargerCallback] = []
        self._discovered: set[str] = set()
        self.devices = ChargerDevices(hass, entry, self.system)
        self.issues = Issues(hass, entry.entry_id, self.system)
        self.history = SessionHistory(hass, entry.entry_id)
        self.solar = SolarManager(hass, entry.entry_id, self.system)
        settings.price = self.price
        self.pki = pki or Pki(hass, entry.entry_id)
        self.solar.site = SolarSite.from_options(entry.options)
        self.grid_watch = GridSensorWatch(hass, self.issues, self.solar)
        self.solar.on_command = self.issues.limit_result
        self._save_handle: asyncio.TimerHandle | None = None
        self._save_due: float | None = None
        self._stopped = False

    @callback
    def async_apply_options(self, new: Settings) -> None:
        """Take new charger defaults and tags; send them to connected chargers."""
        self.system.set_tags(new.tags, new.tag_policy)
        self.system.set_quirks(new.quirks)
        for charger in self.system.chargers.values():
            if charger.accepted:  # entities that depend on the quirks
                self._add_entities(charger)
        self.system.settings.remote_id_tag = new.remote_id_tag
        # Read live: the next charger to connect or boot gets them.
        self.system.settings.auto_accept = new.auto_accept
        self.system.settings.heartbeat_interval = new.heartbeat_interval
        self.system.set_metering(new.meter_interval, new.measurands)

    async def async_start(self) -> None:
        """Load accepted chargers and start listening (OSError if the port is taken).

        Home Assistant does not unload entries when it stops; the server is
        stopped (chargers are told 1001, going away) and everything is saved
        on its stop event instead.
        """
        self.system.load(await self._store.async_load() or {})
        if self.pki.authority is not None or await self.pki.async_load() is not None:
            self.pki.attach(self.system)
        await self.history.async_load()
        for charger in self.system.chargers.values():
            self.devices.update(charger)
        await self.system.start()
        await self.solar.async_load()
        self.entry.async_on_unload(
            self.hass.bus.async_listen_once(
                EVENT_HOMEASSISTANT_STOP, self._async_on_hass_stop
            )
        )

    async def _async_on_hass_stop(self, event: Event) -> None:
        await self.async_stop()

    async def async_stop(self) -> None:
        """Stop the server and close every connection; save what is pending."""
        if self._stopped:
            return
        self._stopped = True
        await self.solar.async_stop()
        await self.system.stop()
        await self.save()
        await self.history.async_save()

    # Listener protocol of the central system

    def persist(self, urgent: bool = False) -> None:
        """Save soon; urgent changes (ids, sessions, acceptance) within a second.

        Unlike `Store.async_delay_save`, a steady stream of meter values does
        not keep postponing the write: the first request fixes the time.
        """
        delay = URGENT_SAVE_DELAY if urgent else SAVE_DELAY
        due = self.hass.loop.time() + delay
        if self._save_due is not None and self._save_due <= due:
            return
        if self._save_handle is not None:
            self._save_handle.cancel()
        self._save_due = due
        self._save_handle = self.hass.loop.call_at(due, self._save_now)

    @callback
    def _save_now(self) -> None:
        self._save_handle = self._save_due = None
        self.entry.async_create_background_task(
            self.hass, self._write(), "ocpp_central save"
        )

    async def save(self) -> None:
        """Write the chargers' state now (and drop a save that was due)."""
        if self._save_handle is not None:
            self._save_handle.cancel()
            self._save_handle = self._save_due = None
        await self._write()

    async def _write(self) -> None:
        await self._store.async_save(await self.system.snapshot())

    def charger_changed(
        self, identity: str, change: Change, connector: int | None
    ) -> None:
        """Route a change to entities, the device registry, flows and issues."""
        self.issues.charger_changed(identity, change, connector)
        if change is Change.FORGOTTEN:
            self._forget_discovery(identity)
            return
        charger = self.system.chargers.get(identity)
        if charger is None:
            return
        if change is Change.PENDING:
            self._discover(charger)
        elif change in (Change.ACCEPTED, Change.BOOT, Change.CONNECTORS):
            if change is Change.ACCEPTED and not self.devices.chosen(identity):
                # Accepted without its dialog (auto-accept): close the card.
                self._forget_discovery(identity)
            self._discovered.discard(identity)
            if charger.accepted:
                self.devices.update(charger)
                self._add_entities(charger)
        elif change in NEW_ENTITY_CHANGES and charger.accepted:
            self._add_entities(charger)
            self._fire_event(charger, change, connector)
        elif change is Change.REVOKED:
            self.history.forget(identity)
            for revoked in self._revoked_callbacks:
                revoked(charger)
        for subscriber in list(self._subscribers.get(identity, ())):
            subscriber(change, connector)

    def _fire_event(
        self, charger: Charger, change: Change, connector: int | None
    ) -> None:
        device_id = self.devices.ids.get(charger.identity)
        if device_id is None:
            return
        if change is Change.TAG:
            self.hass.bus.async_fire(EVENT_TAG_SCANNED, tag_event(device_id, charger))
            return
        if change is Change.SECURITY_EVENT and charger.last_security_event:
            security_event(self.hass, device_id, charger, charger.last_security_event)
            return
        if change is Change.DEVICE_EVENT and charger.last_event is not None:
            self.hass.bus.async_fire(
                EVENT_DEVICE_EVENT, device_event(device_id, charger, charger.last_event)
            )
            return
        if change not in (Change.SESSION_STARTED, Change.SESSION_STOPPED):
            return
        found = charger.connectors.get(connector or 0)
        session = found and (
            found.transaction
            if change is Change.SESSION_STARTED
            else found.last_session
        )
        if not session:
            return
        tag = self.system.settings.tags.get(session.id_tag.casefold())
        record = session_record(session, tag.name if tag else "")
        if change is Change.SESSION_STOPPED:
            self.history.add(charger.identity, record)
            event_type = EVENT_SESSION_STOPPED
        else:
            event_type = EVENT_SESSION_STARTED
        self.hass.bus.async_fire(event_type, {"device_id": device_id, **record})

    def _add_entities(self, charger: Charger) -> None:
        for new_charger in self._new_charger_callbacks:
            new_charger(charger)

    async def tls_url(self) -> str | None:
        """The wss:// URL chargers reach the TLS listener at (None: no TLS)."""
        system = self.system
        if system.settings.tls_port is not None:
            port = system.tls_port
        elif system.settings.ssl_context is not None:
            port = system.port
        else:
            return None
        hosts = await server_hosts(self.hass, system.settings.host)
        return f"wss://{hosts[0]}:{port}/"

    def price(self) -> float | None:
        """The energy price per kWh from the price sensor of the options."""
        return read_price(self.hass, self.entry.options.get(CONF_PRICE_SENSOR))

    def unsupported_protocol(self, identity: str, offered: list[str]) -> None:
        """A charger offered only protocol versions we do not speak."""
        self.issues.unsupported_protocol(identity, offered)

    def password_issued(self, identity: str, password: str) -> None:
        """Show a password the charger could not take, until it is used."""
        self.issues.password(identity, password)

    # For platforms and entities

    @callback
    def async_subscribe(
        self, identity: str, subscriber: ChargerCallback
    ) -> Callable[[], None]:
        """Call `subscriber` on every change of one charger."""
        self._subscribers[identity].add(subscriber)

        def unsubscribe() -> None:
            self._subscribers[identity].discard(subscriber)

        return unsubscribe

    @callback
    def async_on_new_charger(self, new_charger: NewChargerCallback) -> None:
        """Call `new_charger` for every accepted charger, now and as they come."""
        self._new_charger_callbacks.append(new_charger)
        for charger in list(self.system.chargers.values()):
            if charger.accepted:
                new_charger(charger)

    @callback
    def async_on_revoked(self, revoked: NewChargerCallback) -> None:
        """Call `revoked` when a charger loses its acceptance."""
        self._revoked_callbacks.append(revoked)

    def device_identifier(self, identity: str, connector: int = 0) -> tuple[str, str]:
        """The device registry identifier of a charger or one of its connectors."""
        return self.devices.identifier(identity, connector)

    @callback
    def async_choose(
        self, identity: str, name: str | None, area_id: str | None
    ) -> None:
        """The name and area chosen for a charger about to be accepted."""
        self.devices.choose(identity, name, area_id)

    def device_entry(self, identity: str, connector: int = 0) -> dr.DeviceEntry | None:
        """The registry entry of a charger, or of a connector's own device."""
        return self.devices.entry_for(identity, connector)

    def _forget_discovery(self, identity: str) -> None:
        """Close the "new charger" card of a waiting charger that was dropped."""
        self._discovered.discard(identity)
        flows = self.hass.config_entries.flow
        for flow in flows.async_progress_by_handler(
            DOMAIN, match_context={"unique_id": f"charger:{identity}"}
        ):
            flows.async_abort(flow["flow_id"])

    def _discover(self, charger: Charger) -> None:
        if charger.identity in self._discovered:
            return
        self._discovered.add(charger.identity)
        boot = charger.boot
        discovery_flow.async_create_flow(
            self.hass,
            DOMAIN,
            context={"source": SOURCE_INTEGRATION_DISCOVERY},
            data={
                "entry_id": self.entry.entry_id,
                "identity": charger.identity,
                "vendor": boot.vendor if boot else "",
                "model": boot.model if boot else "",
                "address": charger.address or "",
            },
        )
