"""Runs the solar controller for every connector in a controller mode.

Once a second it reads the site's meters, shares the surplus between the
connectors by priority, asks each connector's controller for a decision
and sends a command only when that decision changes. A person always wins:
the charging switch or the current limit changed by hand puts the connector
back in `manual`.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .const import DOMAIN, STORAGE_VERSION
from .csms import CentralSystem, ChargerError, Connector, ConnectorStatus
from .solar_connector import VOLTAGE, controller_reading, drawn_power
from .solar_site import SolarSite, read_number, read_power
from .solar_state import MANUAL, ConnectorSolar, Key, Wanted
from .solar_wake import Waker, send_step
from .surplus import Decision, Mode, PhaseMode, Reading, SurplusController
from .surplus.share import Claim, grid_view, ranked

_LOGGER = logging.getLogger(__name__)

TICK = timedelta(seconds=1)
SAVE_DELAY = 10
COUNTS_SAVED_EVERY = 300.0  # s: a crash loses at most this much of the solar share
RETRY_AFTER = 60.0  # s before a refused command is tried again


def _pending_w(decision: Decision | None, reading: Reading) -> float:
    """Power (W) a connector was told to take but does not draw yet."""
    if decision is None or not decision.enabled:
        return 0.0
    planned = decision.current_a * decision.phases
    return max(0.0, planned - sum(reading.phase_currents_a)) * VOLTAGE


class SolarManager:
    """The solar controllers of one central system."""

    def __init__(
        self, hass: HomeAssistant, entry_id: str, system: CentralSystem
    ) -> None:
        self.hass = hass
        self.system = system
        self.site = SolarSite()
        self.connectors: dict[Key, ConnectorSolar] = {}
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}.solar"
        )
        self._subscribers: defaultdict[Key, set[Callable[[], None]]] = defaultdict(set)
        self._unsub_tick: Callable[[], None] | None = None
        self._counts_saved_at = float("-inf")
        # Told whether each command was taken (None) or refused (the error).
        self.on_command: Callable[[str, ChargerError | None], None] | None = None

    async def async_load(self) -> None:
        """Load saved modes and settings; start ticking."""
        stored = await self._store.async_load() or {}
        for name, record in stored.items():
            identity, _, connector = name.rpartition("/")
            if identity and connector.isdigit():
                self.connectors[(identity, int(connector))] = (
                    ConnectorSolar.from_record(record)
                )
        self._unsub_tick = async_track_time_interval(
            self.hass, self._tick, TICK, name="ocpp_central solar"
        )

    async def async_stop(self) -> None:
        """Stop ticking and save."""
        if self._unsub_tick is not None:
            self._unsub_tick()
            self._unsub_tick = None
        await self._store.async_save(self._data())

    @property
    def configured(self) -> bool:
        """Whether solar charging is set up: a grid meter is chosen."""
        return self.site.grid_sensor is not None

    def _data(self) -> dict[str, Any]:
        return {f"{i}/{c}": solar.record() for (i, c), solar in self.connectors.items()}

    def _save(self) -> None:
        self._store.async_delay_save(self._data, SAVE_DELAY)

    # For entities

    def get(self, identity: str, connector: int) -> ConnectorSolar:
        """A connector's solar state (created in `manual` on first use)."""
        key = (identity, connector)
        if key not in self.connectors:
            self.connectors[key] = ConnectorSolar()
        return self.connectors[key]

    @callback
    def async_subscribe(
        self, identity: str, connector: int, subscriber: Callable[[], None]
    ) -> Callable[[], None]:
        """Call `subscriber` whenever the connector's solar state changes."""
        key = (identity, connector)
        self._subscribers[key].add(subscriber)
        return lambda: self._subscribers[key].discard(subscriber)

    def _notify(self, key: Key) -> None:
        for subscriber in list(self._subscribers.get(key, ())):
            subscriber()

    def set_mode(self, identity: str, connector: int, mode: str) -> None:
        """Change the charge mode (callers validate the grid sensor)."""
        solar = self.get(identity, connector)
        if mode == solar.mode:
            return
        solar.mode = mode
        solar.controller = None  # a fresh controller: no stale timers
        solar.decision = None
        solar.sent = None
        self._save()
        self._notify((identity, connector))

    def set_setting(self, identity: str, connector: int, key: str, value: Any) -> None:
        """Change one controller setting (or `priority`)."""
        solar = self.get(identity, connector)
        if key == "priority":
            solar.priority = int(value)
        else:
            setattr(solar.settings, key, value)
        self._save()
        self._notify((identity, connector))

    def person_override(self, identity: str, connector: int, what: str) -> None:
        """A person changed `what` by hand: the connector goes back to manual."""
        solar = self.connectors.get((identity, connector))
        if solar is None or solar.mode == MANUAL:
            return
        _LOGGER.info(
            "%s connector %s: %s changed by hand, so the charge mode goes from "
            "%s to manual",
            identity,
            connector,
            what,
            solar.mode,
        )
        self.set_mode(identity, connector, MANUAL)

    # The control loop

    @callback
    def _tick(self, _: datetime | None = None) -> None:
        now = dt_util.utcnow().timestamp()
        active = {k: s for k, s in self.connectors.items() if s.mode != MANUAL}
        if active:
            self.run(now, active)
        for key, solar in self.connectors.items():
            if solar.mode == MANUAL and solar.waker and solar.waker.running:
                charger = self.system.chargers.get(key[0])
                if charger is not None and charger.connected:
                    self._wake(key, solar, charger.connector(key[1]), now, False)

    def wake_up(self, identity: str, connector: int) -> None:
        """The wake_up button: run the wake-up sequence now."""
        found = self.system.control.charger(identity).connector(connector)
        if not found.plugged_in:
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="wake_up_no_car"
            )
        solar = self.get(identity, connector)
        waker = self._waker((identity, connector), solar)
        step = waker.start(dt_util.utcnow().timestamp())
        send_step(self.hass, self.system.control, identity, connector, step)

    def _waker(self, key: Key, solar: ConnectorSolar) -> Waker:
        if solar.waker is None:
            solar.waker = Waker(f"{key[0]} connector {key[1]}")
        return solar.waker

    def _wake(
        self,
        key: Key,
        solar: ConnectorSolar,
        connector: Connector,
        now: float,
        offered: bool,
    ) -> bool:
        """Step the wake-up sequence; True while it runs (no decision is sent)."""
        waker = self._waker(key, solar)
        was = waker.running
        session = connector.transaction.id if connector.transaction else None
        asleep = connector.status == ConnectorStatus.SUSPENDED_EV
        step = waker.observe(now, asleep, offered, session)
        if step is not None:
            send_step(self.hass, self.system.control, key[0], key[1], step)
        if was and not waker.running:
            solar.sent = None  # the controller's decision goes out again
        return waker.running

    def run(self, now: float, active: dict[Key, ConnectorSolar]) -> None:
        """One control step for the connectors in a controller mode."""
        site, hass = self.site, self.hass
        grid = read_power(hass, site.grid_sensor, site.grid_invert)
        battery_w, _ = read_power(hass, site.battery_sensor, site.battery_invert)
        soc, _ = read_number(hass, site.battery_soc_sensor)
        readings: dict[str, tuple[Key, ConnectorSolar, Connector, Reading]] = {}
        for key, solar in active.items():
            charger = self.system.chargers.get(key[0])
            if charger is None or not charger.connected:
                continue
            connector = charger.connector(key[1])
            solar.settings.phase_switching = charger.quirks.phase_switching
            reading = controller_reading(
                connector, now, Mode(solar.mode), grid, battery_w, soc
            )
            readings[f"{key[0]}/{key[1]}"] = (key, solar, connector, reading)
        ordered = ranked(
            Claim(name, solar.priority, drawn_power(r), _pending_w(solar.decision, r))
            for name, (_, solar, _, r) in readings.items()
        )
        for index, claim in enumerate(ordered):
            key, solar, connector, reading = readings[claim.key]
            if reading.grid_power_w is not None:
                reading.grid_power_w = grid_view(grid[0] or 0.0, ordered, index)
            self._step(key, solar, connector, reading)
            # Lower priorities see what this one was just told to take.
            ordered[index] = replace(
                claim, pending_w=_pending_w(solar.decision, reading)
            )

    def _step(
        self, key: Key, solar: ConnectorSolar, connector: Connector, reading: Reading
    ) -> None:
        if solar.controller is None:
            solar.controller = SurplusController(solar.settings)
        decision = solar.controller.update(reading)
        surplus = (
            round(solar.controller.available_w)
            if reading.grid_power_w is not None
            else None
        )
        changed = (decision, surplus) != (solar.decision, solar.surplus_w)
        solar.decision, solar.surplus_w = decision, surplus
        self._count_energy(solar, connector, reading)
        offered = decision.enabled and decision.current_a >= solar.settings.min_current
        if self._wake(key, solar, connector, reading.now, offered):
            if changed:
                self._notify(key)
            return
        wanted = (decision.enabled, decision.current_a, decision.phases)
        waited = reading.now - solar.failed_at >= RETRY_AFTER
        if not solar.busy and wanted != solar.sent and waited:
            self._send(key, solar, wanted, reading.now)
        if changed:
            self._notify(key)

    def _count_energy(
        self, solar: ConnectorSolar, connector: Connector, reading: Reading
    ) -> None:
        session = connector.transaction.id if connector.transaction else None
        if solar.follow_session(session):
            self._save()  # a new session: remember which one is counted
        if not solar.count_energy(session, reading):
            return
        if reading.now - self._counts_saved_at >= COUNTS_SAVED_EVERY:
            self._counts_saved_at = reading.now
            self._save()

    def _send(
        self, key: Key, solar: ConnectorSolar, wanted: Wanted, now: float
    ) -> None:
        solar.busy, solar.sent = True, wanted
        enabled, amps, phases = wanted
        settings = solar.settings
        switching = settings.phase_switching and settings.phase_mode != PhaseMode.THREE

        async def send() -> None:
            try:
                await self.system.control.apply_decision(
                    key[0], key[1], enabled, amps, phases if switching else None
                )
            except ChargerError as err:
                _LOGGER.warning(
                    "%s connector %s refused the solar decision (%s): %s",
                    key[0],
                    key[1],
                    "on" if enabled else "off",
                    err,
                )
                solar.sent, solar.failed_at = None, now  # again after RETRY_AFTER
                if self.on_command is not None:
                    self.on_command(key[0], err)
            else:
                if self.on_command is not None:
                    self.on_command(key[0], None)
            finally:
                solar.busy = False

        self.hass.async_create_background_task(send(), "ocpp_central solar command")
