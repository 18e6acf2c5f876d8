"""What an entry starts beside its server (issue watchers) and leaves behind."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import STORAGE_DIR, Store

from .const import (
    CONF_SECURITY_PROFILE,
    CONF_SSL_CERTFILE,
    DEFAULT_HOST,
    DEFAULT_PORT,
    DOMAIN,
    STORAGE_VERSION,
    STORE_NAMES,
)
from .csms import SecurityProfile
from .issues.certificate import CertificateWatch
from .pki_upkeep import CertificateUpkeep
from .runtime import Runtime


async def async_watch(
    hass: HomeAssistant, entry: ConfigEntry[Runtime], runtime: Runtime
) -> None:
    """Raise the issues that follow the server settings and the site's meters."""
    data = entry.data
    profile = int(data.get(CONF_SECURITY_PROFILE, 0))
    runtime.issues.server_settings(
        data.get(CONF_HOST, DEFAULT_HOST), data.get(CONF_PORT, DEFAULT_PORT), profile
    )
    if profile == SecurityProfile.TLS_BASIC_AUTH and data.get(CONF_SSL_CERTFILE):
        watch = CertificateWatch(hass, runtime.issues, data[CONF_SSL_CERTFILE])
        entry.async_on_unload(await watch.async_start())
    entry.async_on_unload(CertificateUpkeep(hass, runtime).async_start())
    runtime.async_on_new_charger(runtime.grid_watch.follow)
    runtime.async_on_revoked(lambda charger: runtime.grid_watch.async_check())
    entry.async_on_unload(runtime.grid_watch.async_stop)
    runtime.grid_watch.async_check()


def _stored_names(folder: str, prefix: str) -> list[str]:
    """The store keys in `folder` that start with `prefix` (reads the folder)."""
    if not os.path.isdir(folder):
        return []
    return [
        path.name for path in Path(folder).iterdir() if path.name.startswith(prefix)
    ]


async def async_remove_stores(hass: HomeAssistant, entry_id: str) -> None:
    """Delete every store of an entry: `{DOMAIN}.{entry_id}.*`."""
    prefix = f"{DOMAIN}.{entry_id}."
    found = await hass.async_add_executor_job(
        _stored_names, hass.config.path(STORAGE_DIR), prefix
    )
    keys = {f"{prefix}{name}" for name in STORE_NAMES} | set(found)
    for key in sorted(keys):
        store: Store[Any] = Store(hass, STORAGE_VERSION, key)
        await store.async_remove()
