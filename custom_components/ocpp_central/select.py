"""Selects: the charge mode and the phase mode of each connector."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import OcppCentralConfigEntry
from .const import DOMAIN
from .entity import OcppEntityDescription, add_entities_for_chargers, outlet_only
from .solar import SolarManager
from .solar_entity import SolarSettingEntity
from .solar_state import CHARGE_MODES, SOLAR_MODES, ConnectorSolar
from .surplus import PhaseMode

# Commands to one charger are queued by the central system; at most four
# per platform wait for chargers at once, so a slow one holds up few others.
PARALLEL_UPDATES = 4


@dataclass(frozen=True, kw_only=True)
class SolarSelectDescription(SelectEntityDescription, OcppEntityDescription):
    """A select over one solar setting."""

    current_fn: Callable[[ConnectorSolar], str]
    select_fn: Callable[[SolarManager, str, int, str], None]


def _select_mode(manager: SolarManager, identity: str, cid: int, mode: str) -> None:
    if mode in SOLAR_MODES and manager.site.grid_sensor is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="no_grid_sensor",
            translation_placeholders={"mode": mode},
        )
    manager.set_mode(identity, cid, mode)


SELECTS: tuple[SolarSelectDescription, ...] = (
    SolarSelectDescription(
        key="charge_mode",
        translation_key="charge_mode",
        options=list(CHARGE_MODES),
        exists_fn=outlet_only,
        current_fn=lambda solar: solar.mode,
        select_fn=_select_mode,
    ),
    SolarSelectDescription(
        key="phase_mode",
        translation_key="phase_mode",
        options=[mode.value for mode in PhaseMode],
        entity_category=EntityCategory.CONFIG,
        exists_fn=lambda charger, cid: cid > 0 and charger.quirks.phase_switching,
        follows_options=True,
        current_fn=lambda solar: PhaseMode(solar.settings.phase_mode).value,
        select_fn=lambda manager, identity, cid, mode: manager.set_setting(
            identity, cid, "phase_mode", PhaseMode(mode)
        ),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OcppCentralConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the solar selects for every connector."""
    add_entities_for_chargers(
        entry.runtime_data, async_add_entities, SELECTS, SolarSelect
    )


class SolarSelect(SolarSettingEntity, SelectEntity):
    """A select whose value lives in the solar manager (kept across restarts)."""

    entity_description: SolarSelectDescription

    @property
    def current_option(self) -> str:
        """The option in force."""
        return self.entity_description.current_fn(self.solar)

    async def async_select_option(self, option: str) -> None:
        """Take the new option; the controller acts on its next step."""
        self.entity_description.select_fn(
            self.runtime.solar, self.charger.identity, self.connector_id, option
        )
        self.async_write_ha_state()
