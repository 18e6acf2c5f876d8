"""Switches: charging (by voice too) and availability."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import OcppCentralConfigEntry
from .csms import Charger, ConnectorStatus
from .csms.control import Control
from .entity import OcppCentralEntity, OcppEntityDescription, add_entities_for_chargers
from .errors import call_charger

# Commands to one charger are queued by the central system; at most four
# per platform wait for chargers at once, so a slow one holds up few others.
PARALLEL_UPDATES = 4

CHARGING_STATES = frozenset({ConnectorStatus.CHARGING, ConnectorStatus.SUSPENDED_EV})


@dataclass(frozen=True, kw_only=True)
class OcppSwitchDescription(SwitchEntityDescription, OcppEntityDescription):
    """A switch: its state from the model, its action a command."""

    is_on_fn: Callable[[Charger, int], bool | None]
    turn_fn: Callable[[Control, str, int, bool], Awaitable[str]]
    hand_override: str | None = None  # switched by hand, it ends the solar mode
    # May be answered Scheduled: a repair issue until it takes effect.
    may_be_scheduled: bool = False


def _status_in(charger: Charger, connector: int, states: frozenset[str]) -> bool | None:
    found = charger.connectors.get(connector)
    if found is None or found.status is None:
        return None
    return found.status in states


def _charging_allowed(charger: Charger, connector: int) -> bool | None:
    """On while a session may draw: off as long as our pause is in force.

    A charger paused with a 0 A profile keeps reporting Charging; the switch
    shows what was asked, so it does not snap back on.
    """
    found = charger.connectors.get(connector)
    if found is not None and found.control.paused:
        return False
    return _status_in(charger, connector, CHARGING_STATES)


SWITCHES: tuple[OcppSwitchDescription, ...] = (
    OcppSwitchDescription(
        key="charging",
        translation_key="charging",
        exists_fn=lambda charger, cid: cid > 0,
        is_on_fn=_charging_allowed,
        turn_fn=lambda control, identity, cid, on: control.set_charging(
            identity, cid, on
        ),
        hand_override="the charging switch",
    ),
    OcppSwitchDescription(
        key="available",
        translation_key="available",
        entity_category=EntityCategory.CONFIG,
        exists_fn=lambda charger, cid: cid > 0,
        is_on_fn=lambda charger, cid: _status_in(
            charger,
            cid,
            frozenset(ConnectorStatus) - {ConnectorStatus.UNAVAILABLE},
        ),
        turn_fn=lambda control, identity, cid, on: control.set_available(
            identity, cid, on
        ),
        may_be_scheduled=True,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OcppCentralConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add switches for every accepted charger."""
    add_entities_for_chargers(
        entry.runtime_data, async_add_entities, SWITCHES, OcppSwitch
    )


class OcppSwitch(OcppCentralEntity, SwitchEntity):
    """A switch whose state follows what the charger reports."""

    entity_description: OcppSwitchDescription

    @property
    def is_on(self) -> bool | None:
        """What the charger reports, not what was asked."""
        return self.entity_description.is_on_fn(self.charger, self.connector_id)

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Turn on (resume or start charging; make available)."""
        await self._turn(True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Turn off (pause charging; make unavailable)."""
        await self._turn(False)

    async def _turn(self, on: bool) -> None:
        identity = self.charger.identity
        if what := self.entity_description.hand_override:
            self.runtime.solar.person_override(identity, self.connector_id, what)
        status = await call_charger(
            identity,
            self.entity_description.turn_fn(
                self.runtime.system.control, identity, self.connector_id, on
            ),
        )
        if self.entity_description.may_be_scheduled:
            self.runtime.issues.availability(identity, self.connector_id, on, status)
