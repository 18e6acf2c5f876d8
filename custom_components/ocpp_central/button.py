"""Buttons: reset, hard reset, unlock, refresh and wake up (a sleeping car)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.components.button import (
    ButtonDeviceClass,
    ButtonEntity,
    ButtonEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import OcppCentralConfigEntry
from .csms.control import Control
from .entity import (
    OcppCentralEntity,
    OcppEntityDescription,
    add_entities_for_chargers,
    outlet_only,
)
from .errors import call_charger
from .solar_entity import SolarEntity

# Commands to one charger are queued by the central system; at most four
# per platform wait for chargers at once, so a slow one holds up few others.
PARALLEL_UPDATES = 4


@dataclass(frozen=True, kw_only=True)
class OcppButtonDescription(ButtonEntityDescription, OcppEntityDescription):
    """A button and its command."""

    press_fn: Callable[[Control, str, int], Awaitable[object]]


async def _refresh(control: Control, identity: str, connector: int) -> None:
    await control.refresh(identity)


BUTTONS: tuple[OcppButtonDescription, ...] = (
    OcppButtonDescription(
        key="reset",
        translation_key="reset",
        device_class=ButtonDeviceClass.RESTART,
        entity_category=EntityCategory.CONFIG,
        charger_level=True,
        press_fn=lambda control, identity, _: control.reset(identity, hard=False),
    ),
    OcppButtonDescription(
        key="hard_reset",
        translation_key="hard_reset",
        device_class=ButtonDeviceClass.RESTART,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,  # a last resort, cuts power
        charger_level=True,
        press_fn=lambda control, identity, _: control.reset(identity, hard=True),
    ),
    OcppButtonDescription(
        key="refresh",
        translation_key="refresh",
        entity_category=EntityCategory.DIAGNOSTIC,
        charger_level=True,
        press_fn=_refresh,
    ),
    OcppButtonDescription(
        key="unlock",
        translation_key="unlock",
        exists_fn=lambda charger, cid: cid > 0,
        press_fn=lambda control, identity, cid: control.unlock(identity, cid),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OcppCentralConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add buttons for every accepted charger."""
    add_entities_for_chargers(
        entry.runtime_data, async_add_entities, BUTTONS, OcppButton
    )
    add_entities_for_chargers(
        entry.runtime_data, async_add_entities, (WAKE_UP,), WakeUpButton
    )


class OcppButton(OcppCentralEntity, ButtonEntity):
    """A button that sends a command."""

    entity_description: OcppButtonDescription

    async def async_press(self) -> None:
        """Send the command; a refusal is raised."""
        await call_charger(
            self.charger.identity,
            self.entity_description.press_fn(
                self.runtime.system.control, self.charger.identity, self.connector_id
            ),
        )


@dataclass(frozen=True, kw_only=True)
class WakeUpButtonDescription(ButtonEntityDescription, OcppEntityDescription):
    """The wake_up button of a connector."""


WAKE_UP = WakeUpButtonDescription(
    key="wake_up", translation_key="wake_up", exists_fn=outlet_only
)


class WakeUpButton(SolarEntity, ButtonEntity):
    """Run the wake-up sequence for a car that sleeps (see solar_wake)."""

    entity_description: WakeUpButtonDescription

    async def async_press(self) -> None:
        """Start the sequence; it runs on the solar manager's clock."""

        async def start() -> None:
            self.runtime.solar.wake_up(self.charger.identity, self.connector_id)

        await call_charger(self.charger.identity, start())
