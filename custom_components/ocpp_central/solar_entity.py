"""The base of solar entities: a connector's mode, settings and controller."""

from __future__ import annotations

from .entity import OcppCentralEntity
from .solar_state import ConnectorSolar


class SolarEntity(OcppCentralEntity):
    """An entity that also follows the connector's solar controller."""

    @property
    def solar(self) -> ConnectorSolar:
        """The solar state of the connector."""
        return self.runtime.solar.get(self.charger.identity, self.connector_id)

    async def async_added_to_hass(self) -> None:
        """Follow the charger and the controller."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.runtime.solar.async_subscribe(
                self.charger.identity, self.connector_id, self.async_write_if_changed
            )
        )


class SolarSettingEntity(SolarEntity):
    """A setting: it can be changed while the charger is offline."""

    @property
    def available(self) -> bool:
        """Settings are ours, not the charger's."""
        return True
