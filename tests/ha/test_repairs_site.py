"""Repair issues about the server and the site: raised while they last, then gone."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.ocpp_central.const import (
    CONF_SECURITY_PROFILE,
    CONF_SSL_CERTFILE,
    CONF_SSL_KEYFILE,
    DOMAIN,
)
from custom_components.ocpp_central.issues import (
    CERTIFICATE_EXPIRED,
    CERTIFICATE_EXPIRING,
    GRID_MISSING,
    GRID_UNAVAILABLE,
    INSECURE,
    REFUSALS,
)
from custom_components.ocpp_central.issues.grid import GRACE
from tests.sim import SimChargePoint, SimConfig
from tests.tls import make_certificate

from .conftest import entry_data, free_port, mock_entry, ws_url
from .repairs import issue, our_issues, start_fix, submit_fix
from .test_solar import GRID, charging_in_solar_mode, select, set_grid, tick


@pytest.fixture
async def solar_entry(hass: HomeAssistant) -> AsyncIterator[MockConfigEntry]:
    """A central system whose options name the grid sensor."""
    entry = mock_entry(
        entry_data(auto_accept=True),
        solar={"grid_sensor": GRID, "grid_invert": False},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    yield entry
    if hass.config_entries.async_get_entry(entry.entry_id) is not None:
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()


async def later(hass: HomeAssistant, seconds: float) -> None:
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=seconds))
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_a_solar_mode_without_a_grid_sensor_is_fixed_by_choosing_one(
    hass: HomeAssistant,
    repairs: None,
    solar_entry: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    set_grid(hass, -3000)
    async with SimChargePoint(SimConfig(ws_url(solar_entry))) as cp:
        await charging_in_solar_mode(hass, cp)
        assert our_issues(hass) == []
        # The sensor is taken out of the options while CP1 charges on solar.
        hass.config_entries.async_update_entry(
            solar_entry, options={**solar_entry.options, "solar": {}}
        )
        await hass.async_block_till_done()
        found = issue(hass, GRID_MISSING, solar_entry)
        assert found is not None and found.is_fixable
        assert found.translation_placeholders == {"connectors": "CP1 #1"}
        client, step = await start_fix(hass, hass_client, found)
        assert step["step_id"] == "pick"
        done = await submit_fix(client, step["flow_id"], {"grid_sensor": GRID})
        assert done["type"] == FlowResultType.CREATE_ENTRY
        await hass.async_block_till_done()
        assert solar_entry.options["solar"]["grid_sensor"] == GRID
        assert solar_entry.runtime_data.solar.site.grid_sensor == GRID
        assert our_issues(hass) == []


async def test_deleting_the_charger_in_a_solar_mode_ends_the_grid_sensor_repair(
    hass: HomeAssistant, solar_entry: MockConfigEntry
) -> None:
    set_grid(hass, -3000)
    async with SimChargePoint(SimConfig(ws_url(solar_entry))) as cp:
        await charging_in_solar_mode(hass, cp)
        hass.config_entries.async_update_entry(
            solar_entry, options={**solar_entry.options, "solar": {}}
        )
        await hass.async_block_till_done()
        assert issue(hass, GRID_MISSING, solar_entry) is not None
        await solar_entry.runtime_data.system.revoke("CP1")
        await hass.async_block_till_done()
    assert our_issues(hass) == []


async def test_the_grid_sensor_repair_after_the_entry_was_deleted_says_so(
    hass: HomeAssistant,
    repairs: None,
    solar_entry: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    async with SimChargePoint(SimConfig(ws_url(solar_entry))) as cp:
        set_grid(hass, -3000)
        await charging_in_solar_mode(hass, cp)
        hass.config_entries.async_update_entry(
            solar_entry, options={**solar_entry.options, "solar": {}}
        )
        await hass.async_block_till_done()
        found = issue(hass, GRID_MISSING, solar_entry)
        assert found is not None
        client, step = await start_fix(hass, hass_client, found)
    await hass.config_entries.async_remove(solar_entry.entry_id)
    done = await submit_fix(client, step["flow_id"], {"grid_sensor": GRID})
    assert done["reason"] == "entry_gone"


async def test_an_unavailable_grid_sensor_is_reported_after_a_grace_period(
    hass: HomeAssistant, solar_entry: MockConfigEntry
) -> None:
    set_grid(hass, -3000)
    async with SimChargePoint(SimConfig(ws_url(solar_entry))) as cp:
        await charging_in_solar_mode(hass, cp)
        hass.states.async_set(GRID, "unavailable")
        await hass.async_block_till_done()
        assert our_issues(hass) == []  # a meter may just be starting
        await later(hass, GRACE + 1)
        found = issue(hass, GRID_UNAVAILABLE, solar_entry)
        assert found is not None and not found.is_fixable
        assert found.translation_placeholders == {
            "connectors": "CP1 #1",
            "sensor": GRID,
        }
        set_grid(hass, -2000)  # back
        await hass.async_block_till_done()
        assert our_issues(hass) == []
        # Unavailable again, but no connector is in a solar mode: no issue.
        await select(hass, "select.cp1_charge_mode", "manual")
        hass.states.async_set(GRID, "unavailable")
        await later(hass, GRACE + 1)
        assert our_issues(hass) == []


async def test_a_charger_refusing_the_solar_decision_three_times_is_a_repair(
    hass: HomeAssistant, solar_entry: MockConfigEntry, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Retried at every step instead of a minute later (no clock to move: the
    # charger's answers are awaited on the same loop).
    monkeypatch.setattr("custom_components.ocpp_central.solar.RETRY_AFTER", 0)
    set_grid(hass, -5000)
    config = SimConfig(ws_url(solar_entry), answers={"SetChargingProfile": "Rejected"})
    async with SimChargePoint(config) as cp:
        await charging_in_solar_mode(hass, cp)
        for attempt in range(1, 4):
            await tick(hass)
            await cp.wait_for_call("SetChargingProfile", count=attempt)
            await hass.async_block_till_done(wait_background_tasks=True)
        found = issue(hass, REFUSALS, solar_entry, "CP1")
        assert found is not None
        assert found.translation_placeholders["count"] == "3"
        cp.config.answers["SetChargingProfile"] = "Accepted"
        await tick(hass)
        await cp.wait_for_call("SetChargingProfile", count=4)
        await hass.async_block_till_done(wait_background_tasks=True)
        assert issue(hass, REFUSALS, solar_entry, "CP1") is None


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    return make_certificate(tmp_path, days=10)


@pytest.fixture
def config(certificate: tuple[Path, Path]) -> dict[str, Any]:
    return entry_data(
        security_profile=2,
        ssl_certfile=str(certificate[0]),
        ssl_keyfile=str(certificate[1]),
    )


async def test_a_certificate_expiring_within_30_days_is_a_repair_until_renewed(
    hass: HomeAssistant, entry: MockConfigEntry, tmp_path: Path
) -> None:
    found = issue(hass, CERTIFICATE_EXPIRING, entry)
    assert found is not None
    placeholders = found.translation_placeholders or {}
    assert placeholders["path"] == entry.data[CONF_SSL_CERTFILE]
    assert placeholders["days"] in ("9", "10")
    assert found.severity is ir.IssueSeverity.WARNING
    # Renewed in place; the daily check sees it.
    make_certificate(tmp_path, days=365)
    await later(hass, 24 * 3600 + 1)
    assert our_issues(hass) == []
    # Expired: an error, not a warning.
    make_certificate(tmp_path, days=-2)
    await later(hass, 2 * 24 * 3600 + 2)
    found = issue(hass, CERTIFICATE_EXPIRED, entry)
    assert found is not None and found.severity is ir.IssueSeverity.ERROR
    assert issue(hass, CERTIFICATE_EXPIRING, entry) is None


async def test_a_certificate_that_cannot_be_read_later_keeps_the_last_verdict(
    hass: HomeAssistant, entry: MockConfigEntry, tmp_path: Path
) -> None:
    (tmp_path / "cert.pem").write_text("gone bad")
    await later(hass, 24 * 3600 + 1)
    assert issue(hass, CERTIFICATE_EXPIRING, entry) is not None


def server_form(host: str, port: int, profile: str = "0") -> dict[str, Any]:
    return {
        CONF_HOST: host,
        CONF_PORT: port,
        CONF_SECURITY_PROFILE: profile,
        CONF_SSL_CERTFILE: "",
        CONF_SSL_KEYFILE: "",
    }


async def reconfigure(hass: HomeAssistant, entry_id: str) -> Any:
    return await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_RECONFIGURE, "entry_id": entry_id}
    )


async def test_profile_0_on_every_interface_is_confirmed_and_stays_a_repair(
    hass: HomeAssistant,
) -> None:
    port = free_port()
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], server_form("0.0.0.0", port)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "confirm_insecure"
    assert result["description_placeholders"] == {
        "host": "0.0.0.0",
        "port": str(port),
    }
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    found = issue(hass, INSECURE, entry)  # type: ignore[arg-type]
    assert found is not None
    assert found.translation_placeholders == {"host": "0.0.0.0", "port": str(port)}
    # Reconfigured to listen on one address only: the warning goes.
    result = await reconfigure(hass, entry.entry_id)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], server_form("127.0.0.1", port)
    )
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert our_issues(hass) == []
    # And back, through the same warning.
    result = await reconfigure(hass, entry.entry_id)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], server_form("0.0.0.0", port)
    )
    assert result["step_id"] == "confirm_insecure"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert issue(hass, INSECURE, entry) is not None  # type: ignore[arg-type]
    await hass.config_entries.async_remove(entry.entry_id)
    assert our_issues(hass) == []


async def test_deleting_an_entry_that_did_not_start_deletes_its_stored_issues(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    entry = mock_entry(entry_data(host="0.0.0.0"))
    # An issue the user ignored, as the issue registry keeps it across a
    # restart; the entry did not start again (say its port is taken).
    ignored = f"{INSECURE}_{entry.entry_id}"
    hass_storage["repairs.issue_registry"] = {
        "version": 1,
        "minor_version": 2,
        "key": "repairs.issue_registry",
        "data": {
            "issues": [
                {
                    "created": "2026-01-01T00:00:00+00:00",
                    "dismissed_version": "2026.1.0",
                    "domain": DOMAIN,
                    "is_persistent": False,
                    "issue_id": ignored,
                }
            ]
        },
    }
    await ir.async_load(hass)
    entry.add_to_hass(hass)
    assert ir.async_get(hass).async_get_issue(DOMAIN, ignored) is not None
    await hass.config_entries.async_remove(entry.entry_id)
    assert ir.async_get(hass).async_get_issue(DOMAIN, ignored) is None
