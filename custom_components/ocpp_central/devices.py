"""A charger's devices in Home Assistant: the charger, and one per connector.

A charger with one outlet is one device. With more, each connector gets its
own device under the charger's. Many 1.6 chargers report connector 1 before
they say how many they have, so its first entities land on the charger's
device with ids named after it; when the second connector shows up, those
entities move to connector 1's device and take the ids they would have had
from the start (unless the user renamed them).
"""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.typing import UNDEFINED
from homeassistant.util import slugify

from .const import DOMAIN
from .csms import CentralSystem, Charger


class ChargerDevices:
    """Keeps the device registry in step with the chargers of one entry."""

    def __init__(
        self, hass: HomeAssistant, entry: ConfigEntry, system: CentralSystem
    ) -> None:
        self.hass = hass
        self.entry = entry
        self.system = system
        self.ids: dict[str, str] = {}  # charger identity -> its device id
        # What the user chose in the accept dialog, applied to the new device.
        self._chosen: dict[str, tuple[str | None, str | None]] = {}

    def choose(self, identity: str, name: str | None, area_id: str | None) -> None:
        """The name and area chosen for a charger about to be accepted."""
        self._chosen[identity] = (name, area_id)

    def chosen(self, identity: str) -> bool:
        """Whether the accept dialog named this charger (not yet applied)."""
        return identity in self._chosen

    def identifier(self, identity: str, connector: int = 0) -> tuple[str, str]:
        """The device registry identifier of a charger or one of its connectors."""
        charger = self.system.chargers.get(identity)
        if connector and charger is not None and len(charger.outlet_ids) > 1:
            return (DOMAIN, f"{identity}_{connector}")
        return (DOMAIN, identity)

    def entry_for(self, identity: str, connector: int = 0) -> dr.DeviceEntry | None:
        """The registry entry of a charger, or of a connector's own device.

        Looked up among this entry's devices: identifiers are unique only per
        config entry (`async_get_device` is deprecated from 2026.8).
        """
        registry = dr.async_get(self.hass)
        identifier = self.identifier(identity, connector)
        if identifier == (DOMAIN, identity) and identity in self.ids:
            return registry.async_get(self.ids[identity])
        for device in dr.async_entries_for_config_entry(registry, self.entry.entry_id):
            if identifier in device.identifiers:
                return device
        return None

    def update(self, charger: Charger) -> None:
        """Create or refresh an accepted charger's devices.

        Only accepted chargers are asked for: the runtime checks on every
        change, and the stored records it starts from hold no others.
        """
        registry = dr.async_get(self.hass)
        boot = charger.boot
        main = registry.async_get_or_create(
            config_entry_id=self.entry.entry_id,
            identifiers={(DOMAIN, charger.identity)},
            name=charger.identity,
            manufacturer=boot.vendor if boot else None,
            model=boot.model if boot else None,
            serial_number=boot.serial if boot else None,
            sw_version=boot.firmware if boot else None,
        )
        self.ids[charger.identity] = main.id
        name, area_id = self._chosen.pop(charger.identity, (None, None))
        if name or area_id:
            main = (
                registry.async_update_device(
                    main.id,
                    name_by_user=name or UNDEFINED,
                    area_id=area_id or UNDEFINED,
                )
                or main
            )
        if len(charger.outlet_ids) > 1:
            self._update_connectors(charger, main)

    def _update_connectors(self, charger: Charger, main: dr.DeviceEntry) -> None:
        """One device per connector, linked to the charger's by its device id."""
        registry = dr.async_get(self.hass)
        known = {
            identifier
            for device in dr.async_entries_for_config_entry(
                registry, self.entry.entry_id
            )
            for identifier in device.identifiers
        }
        for connector in charger.outlet_ids:
            identifier = (DOMAIN, f"{charger.identity}_{connector}")
            device = registry.async_get_or_create(
                config_entry_id=self.entry.entry_id,
                identifiers={identifier},
                name=f"{charger.identity} connector {connector}",
            )
            new = identifier not in known
            if new or device.via_device_id != main.id:
                # A new connector takes the charger's name and area.
                named = main.name_by_user if new else None
                device = (
                    registry.async_update_device(
                        device.id,
                        via_device_id=main.id,
                        area_id=(new and main.area_id) or UNDEFINED,
                        name_by_user=f"{named} connector {connector}"
                        if named
                        else UNDEFINED,
                    )
                    or device
                )
            self._move_entities(charger, connector, main, device)

    def _move_entities(
        self,
        charger: Charger,
        connector: int,
        main: dr.DeviceEntry,
        device: dr.DeviceEntry,
    ) -> None:
        """Entities made while the charger seemed to have one outlet move over."""
        entities = er.async_get(self.hass)
        prefix = f"{charger.identity}_{connector}_"
        old_slug = slugify(main.name_by_user or main.name or charger.identity) + "_"
        new_slug = slugify(device.name_by_user or device.name or "") + "_"
        for entity in er.async_entries_for_config_entry(entities, self.entry.entry_id):
            if not entity.unique_id.startswith(prefix) or entity.device_id == device.id:
                continue
            domain, object_id = entity.entity_id.split(".", 1)
            new_id = f"{domain}.{new_slug}{object_id.removeprefix(old_slug)}"
            if (
                not object_id.startswith(old_slug)
                or new_slug == "_"
                or entities.async_is_registered(new_id)
            ):
                new_id = entity.entity_id  # renamed by the user, or taken: kept
            entities.async_update_entity(
                entity.entity_id, device_id=device.id, new_entity_id=new_id
            )
