"""Seed a development config dir so Home Assistant starts ready to use.

Run by scripts/develop with the venv's Python:

    python scripts/develop_support/seed.py CONFIG_DIR

It uses Home Assistant's own storage, auth and config code (so the files have
the format the installed version expects) and only fills in what is missing:

- .storage/core.config_entries: one ocpp_central entry (port OCPP_PORT, 9000
  unless given; auto-accept on, the demo car's tag named), only when the file
  does not exist yet;
- .storage/auth + auth_provider.homeassistant: an owner `dev` / `dev`, only
  when no owner exists yet;
- .storage/core.config: location, units, time zone, only when not set yet;
- .storage/onboarding: every step done, so the wizard does not show.

Prints one line per thing it created.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from homeassistant import runner
from homeassistant.auth import auth_manager_from_config
from homeassistant.auth.const import GROUP_ID_ADMIN
from homeassistant.auth.providers.homeassistant import HassAuthProvider
from homeassistant.components.onboarding import (
    STORAGE_KEY as ONBOARDING_KEY,
)
from homeassistant.components.onboarding import (
    STORAGE_VERSION as ONBOARDING_VERSION,
)
from homeassistant.components.onboarding.const import STEPS as ONBOARDING_STEPS
from homeassistant.config_entries import SOURCE_USER, ConfigEntry, ConfigEntryStore
from homeassistant.core import CoreState, HomeAssistant
from homeassistant.core_config import CORE_STORAGE_KEY
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.storage import Store

USERNAME = "dev"
PASSWORD = "dev"

OCPP_ENTRY: dict[str, Any] = {
    "domain": "ocpp_central",
    "title": "OCPP Central (port 9000)",
    "data": {
        "host": "0.0.0.0",
        "port": 9000,
        "security_profile": 0,
        "ssl_certfile": "",
        "ssl_keyfile": "",
        "auto_accept": True,
        "heartbeat_interval": 300,
    },
    "options": {
        "solar": {"grid_sensor": "sensor.demo_grid_power"},
        # The demo charger's driver (tests/sim/demo/) holds this tag.
        "tags": [
            {"id": "DEMO-CAR", "name": "Demo car", "expiry": None, "blocked": False}
        ],
    },
    "version": 1,
    "minor_version": 1,
}

# Home Assistant's own default location (what its wizard suggests offline).
CORE_CONFIG: dict[str, Any] = {
    "location_name": "Home",
    "latitude": 52.3731339,
    "longitude": 4.8903147,
    "elevation": 0,
    "radius": 100,
    "unit_system": "metric",
    "currency": "EUR",
    "country": "NL",
    "language": "en",
}


def local_time_zone() -> str:
    """IANA name of this machine's time zone; UTC when it cannot be told."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    try:
        link = os.readlink("/etc/localtime")
    except OSError:
        pass
    else:
        if "zoneinfo/" in link:
            candidates.append(link.split("zoneinfo/", 1)[1])
    zones = available_timezones()
    for name in candidates:
        if name in zones:
            ZoneInfo(name)
            return name
    return "UTC"


async def seed_config_entry(hass: HomeAssistant, storage: Path, port: int) -> None:
    if (storage / "core.config_entries").exists():
        return
    entry = ConfigEntry(
        data={**OCPP_ENTRY["data"], "port": port},
        discovery_keys=MappingProxyType({}),
        domain=OCPP_ENTRY["domain"],
        minor_version=OCPP_ENTRY["minor_version"],
        options=OCPP_ENTRY["options"],
        source=SOURCE_USER,
        subentries_data=None,
        title=f"OCPP Central (port {port})",
        unique_id=None,
        version=OCPP_ENTRY["version"],
    )
    await ConfigEntryStore(hass).async_save({"entries": [entry.as_dict()]})
    print(f"seed: config entry {entry.title!r} (auto-accept on)")


async def seed_owner(hass: HomeAssistant) -> bool:
    """Create the dev owner unless there is an owner; True when one exists."""
    hass.auth = await auth_manager_from_config(hass, [{"type": "homeassistant"}], [])
    users = await hass.auth.async_get_users()
    if any(user.is_owner for user in users):
        return True
    provider = hass.auth.auth_providers[0]
    assert isinstance(provider, HassAuthProvider)
    await provider.async_initialize()
    assert provider.data is not None
    if any(user["username"] == USERNAME for user in provider.data.users):
        # Credentials without an owner: someone removed the user by hand.
        print(f"seed: login {USERNAME!r} exists but no owner; not touching auth")
        return False
    user = await hass.auth.async_create_user("Developer", group_ids=[GROUP_ID_ADMIN])
    await provider.async_add_auth(USERNAME, PASSWORD)
    credentials = await provider.async_get_or_create_credentials({"username": USERNAME})
    await hass.auth.async_link_user(user, credentials)
    print(f"seed: owner user {USERNAME!r} / password {PASSWORD!r}")
    return True


async def seed_core_config(hass: HomeAssistant, storage: Path) -> None:
    if (storage / CORE_STORAGE_KEY).exists():
        return
    await ir.async_load(hass)
    time_zone = local_time_zone()
    await hass.config.async_update(time_zone=time_zone, **CORE_CONFIG)
    print(f"seed: core config (metric, EUR, time zone {time_zone})")


async def seed_onboarding(hass: HomeAssistant) -> None:
    store: Store[dict[str, list[str]]] = Store(
        hass, ONBOARDING_VERSION, ONBOARDING_KEY, private=True
    )
    await store.async_save({"done": list(ONBOARDING_STEPS)})
    print("seed: onboarding marked done")


async def seed(config_dir: Path, port: int) -> None:
    storage = config_dir / ".storage"
    hass = HomeAssistant(str(config_dir))
    hass.config.async_initialize()
    await seed_config_entry(hass, storage, port)
    if not (storage / ONBOARDING_KEY).exists() and await seed_owner(hass):
        await seed_core_config(hass, storage)
        await seed_onboarding(hass)
    # Stopping flushes the stores that save with a delay (auth); a core that
    # never started ignores async_stop, so mark it running first.
    logging.getLogger("homeassistant.core").setLevel(logging.WARNING)
    hass.set_state(CoreState.running)
    await hass.async_stop()


def main() -> int:
    if len(sys.argv) not in (2, 3) or not all(a.isdigit() for a in sys.argv[2:]):
        print(f"usage: {sys.argv[0]} CONFIG_DIR [OCPP_PORT]", file=sys.stderr)
        return 2
    config_dir = Path(sys.argv[1]).resolve()
    port = int(sys.argv[2]) if len(sys.argv) == 3 else OCPP_ENTRY["data"]["port"]
    (config_dir / ".storage").mkdir(parents=True, exist_ok=True)
    asyncio.set_event_loop_policy(runner.HassEventLoopPolicy(False))
    asyncio.run(seed(config_dir, port))
    return 0


if __name__ == "__main__":
    sys.exit(main())
