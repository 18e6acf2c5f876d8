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
    CONF_TLS_PORT,
    CONFIG_VERSION,
    DEFAULT_HEARTBEAT_INTERVAL,
    DEFAULT_HOST,
    DEFAULT_METER_INTERVAL,
    DEFAULT_PORT,
    DOMAIN,
    LIVE_OPTIONS,
)
from .csms import DEFAULT_MEASURANDS, SecurityProfile, Settings
from .intents import async_setup_intents
from .issues import async_delete_entry_issues
from .lifecycle import async_remove_stores, async_watch
from .pki import Pki, server_hosts
from .quirks import quirks_from_options
from .runtime import Runtime
from .services import async_setup_services
from .services_control import async_setup_control_services
from .services_device_model import async_setup_device_model_services
from .services_security import async_setup_security_services
from .solar_site import SolarSite
from .tags import (
    CONF_REMOTE_START_TAG,
    DEFAULT_REMOTE_START_TAG,
    policy_from_options,
    tags_from_options,
)
from .tls_setup import async_tls_context

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
    async_setup_security_services(hass)
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
        tls_port=data.get(CONF_TLS_PORT),
        auto_accept=options.get(CONF_AUTO_ACCEPT, False),
        heartbeat_interval=options.get(
            CONF_HEARTBEAT_INTERVAL, DEFAULT_HEARTBEAT_INTERVAL
        ),
        meter_interval=options.get(CONF_METER_INTERVAL, DEFAULT_METER_INTERVAL),
        measurands=tuple(options.get(CONF_MEASURANDS, DEFAULT_MEASURANDS)),
        tag_policy=policy_from_options(options),
        tags=tags_from_options(options),
        remote_id_tag=options.get(CONF_REMOTE_START_TAG, DEFAULT_REMOTE_START_TAG),
        quirks=quirks_from_options(options),
    )


async def async_migrate_entry(hass: HomeAssistant, entry: ConfigEntry[Any]) -> bool:
    """Bring an entry stored by an older version to the current layout."""
    if entry.version > CONFIG_VERSION:
        return False  # written by a newer version: refuse rather than guess
    if entry.minor_version < 2:
        # 1.2: settings that apply without a restart moved to the options.
        data, options = dict(entry.data), dict(entry.options)
        for key in LIVE_OPTIONS:
            if key in data:
                options.setdefault(key, data.pop(key))
        hass.config_entries.async_update_entry(
            entry, data=data, options=options, minor_version=2
        )
        _LOGGER.info("Moved %s to the options of %s", LIVE_OPTIONS, entry.title)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: OcppCentralConfigEntry) -> bool:
    """Start the central system for this entry."""
    pki = Pki(hass, entry.entry_id)
    ssl_context = await async_tls_context(hass, dict(entry.data), pki)
    settings = settings_from_entry(entry, ssl_context)
    if settings.tls_port is not None and ssl_context is None:
        hosts = await server_hosts(hass, settings.host)
        settings.tls_context = await pki.async_server_context(hosts, True)
    runtime = Runtime(hass, entry, settings, pki)
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
    await async_watch(hass, entry, runtime)
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
        runtime.grid_watch.async_check()

    entry.async_on_unload(entry.add_update_listener(entry_updated))
    return True


async def async_unload_entry(
    hass: HomeAssistant, entry: OcppCentralConfigEntry
) -> bool:
    """Stop the server and close every connection."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        await entry.runtime_data.async_stop()
        entry.runtime_data.issues.async_unload()
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
    """Delete what the entry kept: its stores and its repair issues."""
    async_delete_entry_issues(hass, entry.entry_id)
    await async_remove_stores(hass, entry.entry_id)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: OcppCentralConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Let the user delete a charger (its acceptance is revoked) or a dead connector.

    Deleting a charger deletes its connectors' devices with it.
    """
    system = entry.runtime_data.system
    for domain, identifier in device.identifiers:
        if domain != DOMAIN:
            continue
        if identifier in system.chargers:
            await system.revoke(identifier)
            registry = dr.async_get(hass)
            for child in dr.async_entries_for_config_entry(registry, entry.entry_id):
                if child.via_device_id == device.id:
                    registry.async_remove_device(child.id)
            return True
        identity, _, connector = identifier.rpartition("_")
        charger = system.chargers.get(identity)
        if charger is None or not connector.isdigit():
            return True
        return int(connector) not in charger.connectors
    return True
