"""Auto-accept and the heartbeat interval are options: saved, they apply at once."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ocpp_central.const import (
    CONF_AUTO_ACCEPT,
    CONF_HEARTBEAT_INTERVAL,
    CONF_MEASURANDS,
    CONF_METER_INTERVAL,
    DEFAULT_HEARTBEAT_INTERVAL,
    DOMAIN,
    LIVE_OPTIONS,
)
from tests.sim import SimChargePoint, SimConfig

from .conftest import entry_data, ws_url
from .test_onboarding import discovered_flows


async def save_defaults(
    hass: HomeAssistant, entry: MockConfigEntry, **changes: object
) -> None:
    """Submit the options' charger defaults as a user does, with `changes`."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "defaults"}
    )
    assert result["type"] is FlowResultType.FORM
    defaults = {
        key.schema: key.default()
        for key in result["data_schema"].schema
        if callable(getattr(key, "default", None))
    }
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**defaults, **changes}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()


async def test_turning_auto_accept_on_keeps_connected_chargers_and_takes_the_next(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargePoint(SimConfig(ws_url(entry, "CP1"))) as first:
        assert await first.boot() == "Pending"
        await save_defaults(hass, entry, auto_accept=True, heartbeat_interval=45)
        assert entry.options[CONF_AUTO_ACCEPT] is True
        assert entry.options[CONF_HEARTBEAT_INTERVAL] == 45
        assert entry.state is ConfigEntryState.LOADED
        # No restart: the waiting charger is still on its first connection,
        # and its next boot is accepted with the new heartbeat interval.
        assert first.connected
        assert await first.boot() == "Accepted"
        assert first.heartbeat_interval == 45
        async with SimChargePoint(SimConfig(ws_url(entry, "CP2"))) as second:
            assert await second.boot() == "Accepted"
            assert second.heartbeat_interval == 45
        await save_defaults(hass, entry, auto_accept=False)
        async with SimChargePoint(SimConfig(ws_url(entry, "CP3"))) as third:
            assert await third.boot() == "Pending"
        assert first.connected
    await hass.async_block_till_done()
    assert [flow["context"]["unique_id"] for flow in discovered_flows(hass)] == [
        "charger:CP3"
    ]


async def test_an_entry_from_before_1_2_is_migrated_to_live_options(
    hass: HomeAssistant,
) -> None:
    old = entry_data(auto_accept=True, heartbeat_interval=77)
    entry = MockConfigEntry(
        domain=DOMAIN,
        data=old,
        options={CONF_METER_INTERVAL: 30, CONF_MEASURANDS: ["SoC"]},
        version=1,
        minor_version=1,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert (entry.version, entry.minor_version) == (1, 2)
    assert CONF_AUTO_ACCEPT not in entry.data
    assert CONF_HEARTBEAT_INTERVAL not in entry.data
    assert entry.options == {
        CONF_METER_INTERVAL: 30,
        CONF_MEASURANDS: ["SoC"],
        CONF_AUTO_ACCEPT: True,
        CONF_HEARTBEAT_INTERVAL: 77,
    }
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        assert cp.heartbeat_interval == 77
    await hass.config_entries.async_unload(entry.entry_id)


async def test_an_entry_from_before_1_2_without_a_heartbeat_setting_takes_the_default(
    hass: HomeAssistant,
) -> None:
    old = entry_data(auto_accept=True)
    del old[CONF_HEARTBEAT_INTERVAL]  # never changed from the default back then
    entry = MockConfigEntry(domain=DOMAIN, data=old, version=1, minor_version=1)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.options == {CONF_AUTO_ACCEPT: True}
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        assert cp.heartbeat_interval == DEFAULT_HEARTBEAT_INTERVAL
    await hass.config_entries.async_unload(entry.entry_id)


async def test_an_entry_from_a_newer_minor_version_is_set_up_unchanged(
    hass: HomeAssistant,
) -> None:
    # Home Assistant asks to migrate after a downgrade; a newer minor version
    # only adds, so what this version knows of it is read as it is.
    config = entry_data(auto_accept=True)
    data = {k: v for k, v in config.items() if k not in LIVE_OPTIONS}
    options = {k: v for k, v in config.items() if k in LIVE_OPTIONS}
    entry = MockConfigEntry(
        domain=DOMAIN, data=data, options=options, version=1, minor_version=3
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert (entry.minor_version, entry.data, entry.options) == (3, data, options)
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
    await hass.config_entries.async_unload(entry.entry_id)


async def test_an_entry_from_a_newer_version_is_not_set_up(
    hass: HomeAssistant,
) -> None:
    entry = MockConfigEntry(domain=DOMAIN, data=entry_data(), version=2)
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.MIGRATION_ERROR
