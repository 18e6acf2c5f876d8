"""The base entity: one value of one charger or connector."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from homeassistant.core import callback
from homeassistant.helpers import entity_platform
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import DOMAIN
from .csms import Change, Charger
from .runtime import Runtime


def outlets_or_several(charger: Charger, connector: int) -> bool:
    """An `exists_fn` for the charger's own copy (0) only with two outlets or more.

    On a one-outlet charger, the charger's own status or error code repeats
    the outlet's: one entity is enough.
    """
    return connector > 0 or len(charger.outlet_ids) > 1


def outlet_only(charger: Charger, connector: int) -> bool:
    """An `exists_fn` for values of an outlet, never of the charger (0)."""
    return connector > 0


@dataclass(frozen=True, kw_only=True)
class OcppEntityDescription(EntityDescription):
    """What every description here has: where the entity exists."""

    charger_level: bool = False  # only for connector 0 (the charger itself)
    exists_fn: Callable[[Charger, int], bool] = lambda charger, connector: True
    # exists_fn reads only the options: the entity goes when it turns False
    follows_options: bool = False
    # Only once solar charging is set up (a grid meter chosen in the options)
    needs_solar: bool = False


_NEVER_WRITTEN = object()


class OcppCentralEntity(Entity):
    """An entity bound to a charger identity and a connector id.

    A charger's change reaches every entity of its connector, but only an
    entity whose state would differ is written: with a thousand chargers
    metering, writing 25 unchanged states per message cost a quarter of the
    event loop's time. `_written_state` is what a state is made of, cheap to
    compare; an unchanged value is not written again (its `last_reported`
    moves only when it changes).
    """

    _attr_has_entity_name = True
    _attr_should_poll = False
    entity_description: OcppEntityDescription
    _last_written: Any = _NEVER_WRITTEN

    def __init__(
        self,
        runtime: Runtime,
        charger: Charger,
        connector: int,
        description: OcppEntityDescription,
    ) -> None:
        self.runtime = runtime
        self.charger = charger
        self.connector_id = connector
        self.entity_description = description
        self._attr_unique_id = f"{charger.identity}_{connector}_{description.key}"
        if connector == 0 and not description.charger_level:
            # A per-connector value reported for the charger as a whole.
            self._attr_translation_key = f"charger_{description.translation_key}"

    @property
    def device_info(self) -> DeviceInfo:
        """The charger's device, or the connector's once it has more than one.

        Read live: an entity re-added after its connector got its own device
        (see devices.py) must not go back to the charger's.
        """
        return DeviceInfo(
            identifiers={
                self.runtime.device_identifier(self.charger.identity, self.connector_id)
            }
        )

    @property
    def available(self) -> bool:
        """Values of an offline charger are unknown."""
        return self.charger.connected

    async def async_added_to_hass(self) -> None:
        """Follow the charger's changes."""
        self.async_on_remove(
            self.runtime.async_subscribe(self.charger.identity, self._on_change)
        )

    def _written_state(self) -> Any:
        """What the written state is made of: availability, state, attributes."""
        return (self.available, self.state, self.extra_state_attributes)

    @callback
    def async_write_ha_state(self) -> None:
        """Write the state, and note what it was made of."""
        self._last_written = self._written_state()
        super().async_write_ha_state()

    @callback
    def async_write_if_changed(self) -> None:
        """Write the state unless it is what was written last."""
        if self._written_state() != self._last_written:
            self.async_write_ha_state()

    @callback
    def _on_change(self, change: Change, connector: int | None) -> None:
        if connector is None or connector == self.connector_id:
            self.async_write_if_changed()


def add_entities_for_chargers[E: OcppCentralEntity](
    runtime: Runtime,
    async_add_entities: AddConfigEntryEntitiesCallback,
    descriptions: Iterable[OcppEntityDescription],
    factory: Callable[[Runtime, Charger, int, OcppEntityDescription], E],
) -> None:
    """Add a platform's entities for every accepted charger, as connectors appear.

    Called again for a charger whenever what it has may have changed (new
    connectors, measurands, options); entities that follow the options and
    no longer apply are removed then.
    """
    descriptions = tuple(descriptions)
    added: dict[str, E] = {}
    platform = entity_platform.async_get_current_platform().domain
    registry = er.async_get(runtime.hass)

    def entity_id_of(key: str) -> str | None:
        return registry.async_get_entity_id(platform, DOMAIN, key)

    def registered(key: str) -> bool:
        # Known from before a restart: shown (unknown until a value comes)
        # rather than left "unavailable" until the charger reports it again.
        return entity_id_of(key) is not None

    @callback
    def new_charger(charger: Charger) -> None:
        entities = []
        connectors = [0, *charger.outlet_ids]
        for description in descriptions:
            for connector in connectors:
                if description.charger_level and connector:
                    continue
                key = f"{charger.identity}_{connector}_{description.key}"
                optional = description.follows_options or description.needs_solar
                present = description.exists_fn(charger, connector) and (
                    not description.needs_solar or runtime.solar.configured
                )
                if key in added:
                    if optional and not present:
                        _remove(runtime, added, key)
                elif present or (not optional and registered(key)):
                    added[key] = factory(runtime, charger, connector, description)
                    entities.append(added[key])
                elif optional and (entity_id := entity_id_of(key)):
                    registry.async_remove(entity_id)  # left from before
        if entities:
            async_add_entities(entities)

    runtime.async_on_new_charger(new_charger)

    @callback
    def forget(charger: Charger) -> None:
        prefix = f"{charger.identity}_"
        for key in [key for key in added if key.startswith(prefix)]:
            del added[key]

    runtime.async_on_revoked(forget)


def _remove[E: OcppCentralEntity](
    runtime: Runtime, added: dict[str, E], key: str
) -> None:
    """Remove an entity whose options went away (once it is in Home Assistant)."""
    entity = added[key]
    if entity.registry_entry is not None:
        del added[key]
        er.async_get(runtime.hass).async_remove(entity.entity_id)  # and the entity
