"""Warn while a connector is in a solar mode and the grid sensor cannot be read.

The check reads the solar manager from outside: the connectors' modes and
the site's grid sensor. It runs when the sensor's state changes, when a
connector's solar state changes and when the options change. An unavailable
sensor is reported only after a grace period, so a meter that starts after
Home Assistant does not raise an issue at every restart.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    HomeAssistant,
    callback,
)
from homeassistant.helpers.event import async_call_later, async_track_state_change_event

from ..csms import Charger
from ..solar import SolarManager
from ..solar_site import read_power
from ..solar_state import SOLAR_MODES
from . import GRID_MISSING, GRID_UNAVAILABLE, Issues

GRACE = 60.0  # s an unavailable sensor is given before the issue is raised


class GridSensorWatch:
    """Raises the grid sensor issue while solar modes cannot work."""

    def __init__(
        self, hass: HomeAssistant, issues: Issues, solar: SolarManager
    ) -> None:
        self.hass = hass
        self.issues = issues
        self.solar = solar
        self._tracked: str | None = None
        self._unsub_state: CALLBACK_TYPE | None = None
        self._grace: CALLBACK_TYPE | None = None
        self._grace_over = False
        self._subscribed: set[tuple[str, int]] = set()
        self._unsubs: list[Callable[[], None]] = []

    @callback
    def follow(self, charger: Charger) -> None:
        """Follow the solar state of a charger's connectors (as they appear)."""
        for connector in charger.outlet_ids:
            key = (charger.identity, connector)
            if key not in self._subscribed:
                self._subscribed.add(key)
                self._unsubs.append(self.solar.async_subscribe(*key, self.async_check))
        self.async_check()

    @callback
    def async_stop(self) -> None:
        """Stop following."""
        for unsub in self._unsubs:
            unsub()
        self._unsubs.clear()
        self._subscribed.clear()
        self._track(None)
        self._cancel_grace()

    def _track(self, sensor: str | None) -> None:
        if sensor == self._tracked:
            return
        if self._unsub_state is not None:
            self._unsub_state()
            self._unsub_state = None
        self._tracked = sensor
        if sensor is not None:
            self._unsub_state = async_track_state_change_event(
                self.hass, [sensor], self._state_changed
            )

    @callback
    def _state_changed(self, event: Event[EventStateChangedData]) -> None:
        self.async_check()

    def _cancel_grace(self) -> None:
        if self._grace is not None:
            self._grace()
            self._grace = None
        self._grace_over = False

    @callback
    def _grace_ended(self, _: datetime) -> None:
        self._grace = None
        self._grace_over = True
        self.async_check()

    @callback
    def async_check(self) -> None:
        """Raise, keep or clear the issue for the state as it is now."""
        site = self.solar.site
        self._track(site.grid_sensor)
        chargers = self.solar.system.chargers
        solar = sorted(
            f"{identity} #{connector}"
            for (identity, connector), state in self.solar.connectors.items()
            if state.mode in SOLAR_MODES
            and (charger := chargers.get(identity)) is not None
            and charger.accepted  # a deleted charger's mode is left behind
        )
        if not solar:
            self._cancel_grace()
            self.issues.grid_sensor(None, {})
            return
        placeholders = {"connectors": ", ".join(solar)}
        if site.grid_sensor is None:
            self._cancel_grace()
            self.issues.grid_sensor(GRID_MISSING, placeholders)
            return
        if read_power(self.hass, site.grid_sensor, False)[0] is not None:
            self._cancel_grace()
            self.issues.grid_sensor(None, {})
            return
        if self._grace_over:
            self.issues.grid_sensor(
                GRID_UNAVAILABLE, {**placeholders, "sensor": site.grid_sensor}
            )
        elif self._grace is None:
            self._grace = async_call_later(self.hass, GRACE, self._grace_ended)
