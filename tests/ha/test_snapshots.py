"""The surface pinned: every entity, device and the diagnostics, as snapshots.

Two 1.6 chargers on one central system: CP1 with two connectors (a device
per connector under the charger's) and CP2 with one outlet (everything on
the charger's device). Each has a session running on outlet 1 with a full
set of meter values, so every entity that appears with its first value is
there. Every name, unit, category, device class and enabled default is in
the snapshots; `--snapshot-update` rewrites them after an intended change,
and the diff is the review.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from homeassistant.const import CONF_PORT, Platform
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
    get_diagnostics_for_device,
)
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

from tests.sim import SimChargePoint, SimConfig

from .charging import sample, send_meter, start_session
from .conftest import entry_data, mock_entry
from .surface import devices, entities, steady

TAGS = [
    {"id": "TAG-ANNA-7731", "name": "Anna Liefsdottir", "expiry": None},
    {"id": "TAG-BOB-9902", "name": "Bob Quixtable", "blocked": True},
]
SECRETS = ("TAG-ANNA-7731", "TAG-BOB-9902", "Anna", "Quixtable", "HA-REMOTE-5512")


def _meter() -> list[dict[str, Any]]:
    return [
        sample("Energy.Active.Import.Register", 1.5, "kWh"),
        sample("Power.Active.Import", 7.2, "kW"),
        *(
            sample("Current.Import", 10 + i, "A", phase)
            for i, phase in enumerate(("L1", "L2", "L3"))
        ),
        *(
            sample("Voltage", 230 + i, "V", f"{phase}-N")
            for i, phase in enumerate(("L1", "L2", "L3"))
        ),
        sample("Current.Offered", 16, "A"),
        sample("Power.Offered", 11, "kW"),
        sample("SoC", 57, "Percent", location="EV"),
        sample("Temperature", 300.15, "K", location="Body"),
        sample("Frequency", 50, "Hertz"),
    ]


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Home Assistant's snapshot format and folder (`snapshots/`) on every version.

    The oldest test plugin we use leaves syrupy's default in place.
    """
    return snapshot.use_extension(HomeAssistantSnapshotExtension)


@pytest.fixture
async def site(
    hass: HomeAssistant,
) -> AsyncIterator[tuple[MockConfigEntry, dict[str, SimChargePoint]]]:
    """Two chargers booted, configured and charging; their tags listed."""
    entry = mock_entry(
        entry_data(auto_accept=True),
        tags=[{"expiry": None, "blocked": False, **tag} for tag in TAGS],
        tag_policy="listed",
        remote_start_tag="HA-REMOTE-5512",
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    url = f"ws://127.0.0.1:{entry.data[CONF_PORT]}"
    chargers = {
        "CP1": SimChargePoint(SimConfig(f"{url}/CP1", connectors=2)),
        "CP2": SimChargePoint(SimConfig(f"{url}/CP2", serial="SIM-0002")),
    }
    try:
        for cp in chargers.values():
            await cp.connect()
            assert await cp.boot() == "Accepted"
            for outlet in range(1, cp.config.connectors + 1):
                await cp.status(outlet, "Available")
            # The last step of the set-up after a boot: then nothing is pending.
            await cp.wait_for_call("SendLocalList")
            tx = await start_session(cp, tag="TAG-ANNA-7731")
            await send_meter(cp, *_meter(), tx=tx)
        await hass.async_block_till_done()
        yield entry, chargers
    finally:
        for cp in chargers.values():
            await cp.close()
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()


@pytest.mark.parametrize(
    "platform",
    [
        Platform.BINARY_SENSOR,
        Platform.BUTTON,
        Platform.NUMBER,
        Platform.SELECT,
        Platform.SENSOR,
        Platform.SWITCH,
    ],
)
async def test_every_entity_of_a_platform_is_as_pinned(
    hass: HomeAssistant,
    site: tuple[MockConfigEntry, dict[str, SimChargePoint]],
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    entry, _ = site
    found = entities(hass, entry.entry_id, platform)
    assert found, f"no {platform} entities"
    assert found == snapshot


async def test_devices_are_a_charger_each_and_a_connector_each_of_cp1(
    hass: HomeAssistant,
    site: tuple[MockConfigEntry, dict[str, SimChargePoint]],
    snapshot: SnapshotAssertion,
) -> None:
    entry, _ = site
    found = devices(hass, entry.entry_id)
    # Whatever the snapshot says: CP1's two connectors hang under CP1, and
    # CP2 (one outlet) has no sub-device.
    assert {key: device["via_device"] for key, device in found.items()} == {
        "CP1": None,
        "CP1_1": "CP1",
        "CP1_2": "CP1",
        "CP2": None,
    }
    assert found == snapshot


async def test_diagnostics_are_as_pinned_with_every_tag_redacted(
    hass: HomeAssistant,
    site: tuple[MockConfigEntry, dict[str, SimChargePoint]],
    hass_client: ClientSessionGenerator,
    snapshot: SnapshotAssertion,
) -> None:
    entry, _ = site
    whole = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    device = entry.runtime_data.device_entry("CP1")
    assert device is not None
    one = await get_diagnostics_for_device(hass, hass_client, entry, device)

    text = json.dumps([whole, one])
    for secret in SECRETS:
        assert secret not in text, secret
    assert whole["chargers"][0]["recent_frames"], "frames are kept (not pinned)"
    assert whole == snapshot(name="entry", matcher=steady)
    assert one == snapshot(name="device", matcher=steady)
