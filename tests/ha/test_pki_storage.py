"""The certificate authority kept by Home Assistant: read, named, pruned, removed."""

from __future__ import annotations

import logging
import ssl
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ocpp_central.const import DOMAIN
from custom_components.ocpp_central.pki_upkeep import CertificateUpkeep
from tests.sim import SimChargePoint, SimConfig
from tests.sim.v201.keys import StationKey
from tests.tls import make_certificate

from .conftest import entry_data, free_port, mock_entry, ws_url


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True, tls_port=free_port())


def store_key(entry: MockConfigEntry) -> str:
    return f"{DOMAIN}.{entry.entry_id}.pki"


async def test_a_stored_authority_that_cannot_be_read_is_never_replaced(
    hass: HomeAssistant, hass_storage: dict[str, Any], config: dict[str, Any]
) -> None:
    entry = mock_entry(config)
    entry.add_to_hass(hass)
    unreadable = {"roots": "not what we wrote"}
    hass_storage[store_key(entry)] = {
        "version": 1,
        "minor_version": 1,
        "key": store_key(entry),
        "data": unreadable,
    }
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is not ConfigEntryState.LOADED
    # Chargers trust those roots: the data stays for a person to look at.
    assert hass_storage[store_key(entry)]["data"] == unreadable


async def test_the_authority_is_deleted_with_the_entry(
    hass: HomeAssistant, hass_storage: dict[str, Any], config: dict[str, Any]
) -> None:
    entry = mock_entry(config)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    assert entry.runtime_data.pki.authority is not None
    await hass.async_block_till_done()
    assert store_key(entry) in hass_storage
    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert store_key(entry) not in hass_storage


async def test_the_server_certificate_names_home_assistants_internal_address(
    hass: HomeAssistant, config: dict[str, Any]
) -> None:
    await hass.config.async_update(internal_url="https://garage-ha.example.org:8123")
    entry = mock_entry(config)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    runtime = entry.runtime_data
    tls_url = await runtime.tls_url()
    assert tls_url == f"wss://garage-ha.example.org:{runtime.system.tls_port}/"
    authority = runtime.pki.authority
    assert authority is not None
    assert "garage-ha.example.org" in authority.server_certificates[0].hosts
    # Nothing is due a day later: the same certificates keep serving.
    serials = {c.serial for c in authority.server_certificates}
    await CertificateUpkeep(hass, runtime).async_check(
        dt_util.utcnow() + timedelta(days=1)
    )
    assert {c.serial for c in authority.server_certificates} == serials
    await hass.config_entries.async_unload(entry.entry_id)


async def test_a_charger_that_cannot_renew_is_logged_and_expired_ones_forgotten(
    hass: HomeAssistant, entry: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    runtime = entry.runtime_data
    authority = runtime.pki.authority
    assert authority is not None
    # A 1.6 charger without the security extension, whose certificate of
    # ours (issued when it still had one) runs out in ten days.
    authority.sign_csr(StationKey().csr("CP1"), "CP1", validity=timedelta(days=10))
    async with SimChargePoint(SimConfig(ws_url(entry, "CP1"))) as cp:
        assert await cp.boot() == "Accepted"
        with caplog.at_level(logging.INFO):
            await CertificateUpkeep(hass, runtime).async_check()
        assert "CP1: could not ask it to renew its certificate" in caplog.text
        assert [a for a, _ in cp.calls if a == "ExtendedTriggerMessage"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    # Once expired it is forgotten (and the store saved without it).
    await CertificateUpkeep(hass, runtime).async_check(
        dt_util.utcnow() + timedelta(days=11)
    )
    assert authority.issued_to("CP1") == []


async def test_profile_3_with_your_own_server_certificate_takes_ours_from_chargers(
    hass: HomeAssistant, tmp_path: Path
) -> None:
    certfile, keyfile = make_certificate(tmp_path)
    entry = mock_entry(
        entry_data(
            auto_accept=True,
            security_profile=3,
            ssl_certfile=str(certfile),
            ssl_keyfile=str(keyfile),
        )
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    authority = entry.runtime_data.pki.authority
    assert authority is not None
    key = StationKey()
    signed = authority.sign_csr(key.csr("CP1"), "CP1")
    context = key.client_context(signed.certificate_chain, certfile.read_text())
    context.check_hostname = False
    context.verify_mode = ssl.CERT_REQUIRED
    url = ws_url(entry, "CP1").replace("ws://", "wss://")
    async with SimChargePoint(SimConfig(url, ssl=context)) as cp:
        assert await cp.boot() == "Accepted"  # auto-accepted
    # Back again with no password: the certificate we issued is proof enough.
    async with SimChargePoint(SimConfig(url, ssl=context)) as cp:
        assert await cp.heartbeat()
    charger = entry.runtime_data.system.chargers["CP1"]
    assert charger.security_profile == 3
    await hass.config_entries.async_unload(entry.entry_id)
