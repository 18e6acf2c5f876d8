"""OCPP Central: an OCPP central system inside Home Assistant."""

from __future__ import annotations

import logging
import ssl
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_HOST, CONF_PORT, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.typing import ConfigType

from .const import (
    CONF_AUTO_ACCEPT,
    CONF_HEARTBEAT_INTERVAL,
    CONF_MEASURANDS,
    CONF_METER_INTERVAL,
    CONF_SECURITY_PROFILE,
    CONF_SSL_CERTFILE,
    CONF_SSL_KEYFILE,
    DEFAULT_HEARTBEAT_INTERVAL,
    DEFAULT_HOST,
    DEFAULT_METER_INTERVAL,
    DEFAULT_PORT,
    DOMAIN,
)
from .csms import DEFAULT_MEASURANDS, SecurityProfile, Settings, server_ssl_context
from .intents import async_setup_intents
from .quirks import quirks_from_options
from .runtime import Runtime
from .services import async_setup_services
from .services_control import async_setup_control_services
from .services_device_model import async_setup_device_model_services
from .solar_site import SolarSite
from .tags import (
    CONF_REMOTE_START_TAG,
    DEFAULT_REMOTE_START_TAG,
    policy_from_options,
    tags_from_options,
)

_LOGGER = logging.getLogger(__name__)
PLATFORMS = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
]
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)

type OcppCentralConfigEntry = ConfigEntry[Runtime]


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the integration's services."""
    async_setup_services(hass)
    async_setup_control_services(hass)
    async_setup_device_model_services(hass)
    async_setup_intents(hass)
    return True


def settings_from_entry(
    entry: ConfigEntry[Any], ssl_context: ssl.SSLContext | None
) -> Settings:
    """Translate the entry's data and options into central-system settings."""
    data, options = entry.data, entry.options
    return Settings(
        host=data.get(CONF_HOST, DEFAULT_HOST),
        port=data.get(CONF_PORT, DEFAULT_PORT),
        security_profile=SecurityProfile(data.get(CONF_SECURITY_PROFILE, 0)),
        ssl_context=ssl_context,
        auto_accept=data.get(CONF_AUTO_ACCEPT, False),
        heartbeat_interval=data.get(
            CONF_HEARTBEAT_INTERVAL, DEFAULT_HEARTBEAT_INTERVAL
        ),
        meter_interval=options.get(CONF_METER_INTERVAL, DEFAULT_METER_INTERVAL),
        measurands=tuple(options.get(CONF_MEASURANDS, DEFAULT_MEASURANDS)),
        tag_policy=policy_from_options(options),
        tags=tags_from_options(options),
        remote_id_tag=options.get(CONF_REMOTE_START_TAG, DEFAULT_REMOTE_START_TAG),
        quirks=quirks_from_options(options),
    )


async def async_setup_entry(hass: HomeAssistant, entry: OcppCentralConfigEntry) -> bool:
    """Start the central system for this entry."""
    ssl_context = None
    if entry.data.get(CONF_SECURITY_PROFILE) == SecurityProfile.TLS_BASIC_AUTH:
        try:
            ssl_context = await hass.async_add_executor_job(
                server_ssl_context,
                entry.data[CONF_SSL_CERTFILE],
                entry.data[CONF_SSL_KEYFILE],
            )
        except (OSError, ssl.SSLError) as err:
            raise ConfigEntryNotReady(
                translation_domain=DOMAIN,
                translation_key="tls_files",
                translation_placeholders={"error": str(err)},
            ) from err
    runtime = Runtime(hass, entry, settings_from_entry(entry, ssl_context))
    try:
        await runtime.async_start()
    except OSError as err:
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="port_in_use",
            translation_placeholders={
                "port": str(runtime.system.settings.port),
                "error": str(err),
            },
        ) from err
    entry.runtime_data = runtime
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    started_with = dict(entry.data)

    async def entry_updated(hass: HomeAssistant, entry: OcppCentralConfigEntry) -> None:
        if dict(entry.data) != started_with:
            # Server settings changed: restart the server.
            await hass.config_entries.async_reload(entry.entry_id)
            return
        # Only options changed: no need to drop every charger.
        runtime.async_apply_options(settings_from_entry(entry, None))
        runtime.solar.site = SolarSite.from_options(entry.options)

    entry.async_on_unload(entry.add_update_listener(entry_updated))
    return True


async def async_unload_entry(
    hass: HomeAssistant, entry: OcppCentralConfigEntry
) -> bool:
    """Stop the server and close every connection."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        await entry.runtime_data.async_stop()
    return unloaded


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: OcppCentralConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Let the user delete a charger: its acceptance is revoked."""
    system = entry.runtime_data.system
    for domain, identifier in device.identifiers:
        if domain != DOMAIN:
            continue
        if identifier in system.chargers:
            await system.revoke(identifier)
            return True
        identity, _, connector = identifier.rpartition("_")
        charger = system.chargers.get(identity)
        if charger is None or not connector.isdigit():
            return True
        return int(connector) not in charger.connectors
    return True
