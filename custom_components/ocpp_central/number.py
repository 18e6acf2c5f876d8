"""Numbers: the current limit per connector and the installation maximum."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.number import (
    NumberDeviceClass,
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.const import EntityCategory, UnitOfElectricCurrent
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import OcppCentralConfigEntry
from .csms import Charger
from .csms.control import Control
from .entity import OcppCentralEntity, OcppEntityDescription, add_entities_for_chargers
from .errors import call_charger
from .solar_numbers import SOLAR_NUMBERS, SolarNumber

# Commands to one charger are queued by the central system; at most four
# per platform wait for chargers at once, so a slow one holds up few others.
PARALLEL_UPDATES = 4

DEFAULT_MAX_CURRENT = 32.0


@dataclass(frozen=True, kw_only=True)
class OcppNumberDescription(NumberEntityDescription, OcppEntityDescription):
    """A number: its value from the model, setting it a command."""

    value_fn: Callable[[Charger, int], float | None]
    max_fn: Callable[[Charger], float]
    set_fn: Callable[[Control, str, int, float], Awaitable[str]]
    hand_override: str | None = None  # set by hand, it ends the solar mode
    counts_refusals: bool = False  # a charger that keeps refusing is a repair


NUMBERS: tuple[OcppNumberDescription, ...] = (
    OcppNumberDescription(
        key="current_limit",
        translation_key="current_limit",
        device_class=NumberDeviceClass.CURRENT,
        native_unit_of_measurement=UnitOfElectricCurrent.AMPERE,
        native_min_value=0,
        native_step=0.1,
        mode=NumberMode.SLIDER,
        exists_fn=lambda charger, cid: cid > 0,
        value_fn=lambda charger, cid: charger.connector(cid).control.limit_a,
        max_fn=lambda charger: charger.installation_max_a or DEFAULT_MAX_CURRENT,
        set_fn=lambda control, identity, cid, amps: control.set_current_limit(
            identity, cid, amps
        ),
        hand_override="the current limit",
        counts_refusals=True,
    ),
    OcppNumberDescription(
        key="installation_max_current",
        translation_key="installation_max_current",
        device_class=NumberDeviceClass.CURRENT,
        native_unit_of_measurement=UnitOfElectricCurrent.AMPERE,
        native_min_value=6,
        native_step=1,
        mode=NumberMode.BOX,
        entity_category=EntityCategory.CONFIG,
        charger_level=True,
        value_fn=lambda charger, _: charger.installation_max_a,
        max_fn=lambda charger: 80,
        set_fn=lambda control, identity, _, amps: control.set_installation_limit(
            identity, amps
        ),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OcppCentralConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add numbers for every accepted charger."""
    add_entities_for_chargers(
        entry.runtime_data, async_add_entities, NUMBERS, OcppNumber
    )
    add_entities_for_chargers(
        entry.runtime_data, async_add_entities, SOLAR_NUMBERS, SolarNumber
    )


class OcppNumber(OcppCentralEntity, NumberEntity):
    """A number that sends a command when set."""

    entity_description: OcppNumberDescription

    @property
    def native_value(self) -> float | None:
        """The value in force (kept across restarts)."""
        return self.entity_description.value_fn(self.charger, self.connector_id)

    @property
    def native_max_value(self) -> float:
        """The charger's or the installation's maximum."""
        return self.entity_description.max_fn(self.charger)

    def _written_state(self) -> Any:
        """The value and its maximum (a state attribute), cheaply."""
        return (self.available, self.native_value, self.native_max_value)

    async def async_set_native_value(self, value: float) -> None:
        """Send the new value; the charger's refusal is raised, not hidden."""
        identity = self.charger.identity
        if what := self.entity_description.hand_override:
            self.runtime.solar.person_override(identity, self.connector_id, what)
        command = self.entity_description.set_fn(
            self.runtime.system.control, identity, self.connector_id, value
        )
        if self.entity_description.counts_refusals:
            command = self.runtime.issues.watch_limit(identity, command)
        await call_charger(identity, command)
        self.async_write_ha_state()
