"""Security profile 3 through Home Assistant: upgrade, certificates, events."""

from __future__ import annotations

import json
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.ocpp_central.const import DOMAIN
from tests.sim.v201 import SimChargingStation, SimStationConfig

from .conftest import entry_data, free_port, wait_for_charger, ws_url


@pytest.fixture
def config() -> dict[str, Any]:
    # Passwords on the plain port, and a TLS port beside it for profiles 2/3.
    return entry_data(auto_accept=True, security_profile=1, tls_port=free_port())


def device_id(hass: HomeAssistant, identity: str) -> str:
    device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, identity)})
    assert device is not None
    return device.id


async def service(hass: HomeAssistant, name: str, **data: Any) -> Any:
    return await hass.services.async_call(
        DOMAIN, name, data, blocking=True, return_response=True
    )


async def test_a_station_moves_from_profile_1_to_3_without_losing_its_way_in(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    hass_client: ClientSessionGenerator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    runtime = entry.runtime_data
    cs = SimChargingStation(SimStationConfig(ws_url(entry, "CS1")))
    await cs.connect()
    assert await cs.boot() == "Accepted"
    # Auto-accepted on profile 1: it takes the password we push and comes back.
    await wait_for_charger(entry, "CS1", lambda c: c.security_profile == 1)
    station = device_id(hass, "CS1")
    assert runtime.system.chargers["CS1"].security_profile == 1

    upgrade = hass.async_create_task(
        service(hass, "upgrade_security_profile", device_id=station, profile=3)
    )
    signed = await cs.wait_for_call("CertificateSigned")
    # The station keeps its key; with the certificate it will log in over TLS.
    assert runtime.pki.authority is not None
    roots = "".join(runtime.pki.authority.root_certificates())
    cs.config.ssl = cs.station_key.client_context(signed["certificateChain"], roots)
    assert (await upgrade)["status"] == "Accepted"
    network = [p for a, p in cs.calls if a == "SetNetworkProfile"][-1]
    url = network["connectionData"]["ocppCsmsUrl"]
    assert url == f"wss://127.0.0.1:{runtime.system.tls_port}/"
    assert network["connectionData"]["securityProfile"] == 3
    # It reboots onto the new profile and comes back with its certificate.
    await cs.wait_until(
        lambda: cs.connected and cs.config.url.startswith("wss://"), timeout=20
    )
    await cs.wait_until(lambda: cs.boot_status == "Accepted", timeout=20)
    await hass.async_block_till_done()
    assert runtime.system.chargers["CS1"].security_profile == 3
    # Never back down, and no key anywhere a user can see.
    with pytest.raises(ServiceValidationError) as refused:
        await service(hass, "upgrade_security_profile", device_id=station, profile=2)
    assert refused.value.translation_key == "upgrade_refused"
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert "PRIVATE KEY" not in json.dumps(diagnostics)
    assert "PRIVATE KEY" not in caplog.text
    await cs.close()


async def test_certificate_services_and_security_events(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    events = async_capture_events(hass, "ocpp_central_security_event")
    cs = SimChargingStation(SimStationConfig(ws_url(entry, "CS1")))
    await cs.connect()
    assert await cs.boot() == "Accepted"  # then it takes its password and is back
    await wait_for_charger(entry, "CS1", lambda c: c.security_profile == 1)
    station = device_id(hass, "CS1")
    installed = await service(hass, "install_root_certificates", device_id=station)
    assert installed["statuses"] == ["Accepted", "Accepted"]
    listed = await service(hass, "get_installed_certificates", device_id=station)
    assert len(listed["certificates"]) == 2
    deleted = await service(
        hass,
        "delete_certificate",
        device_id=station,
        certificate=listed["certificates"][0],
    )
    assert deleted["status"] == "Accepted"
    renewed = await service(hass, "renew_certificate", device_id=station)
    assert renewed["status"] == "Accepted"
    await cs.wait_for_call("CertificateSigned")
    log = await service(
        hass, "get_security_log", device_id=station, location="ftp://logs.example/"
    )
    assert log["file_name"]
    await cs.security_event("TamperDetectionActivated", tech_info="lid open")
    await hass.async_block_till_done()
    assert events[-1].data["type"] == "TamperDetectionActivated"
    assert events[-1].data["critical"] is True
    assert "lid open" not in json.dumps(events[-1].data)
    issues = ir.async_get(hass).issues
    assert (DOMAIN, "security_event_CS1_TamperDetectionActivated") in issues
    await cs.close()


async def test_without_a_tls_port_no_upgrade_is_offered(hass: HomeAssistant) -> None:
    entry = MockConfigEntry(domain=DOMAIN, data=entry_data(auto_accept=True))
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    cs = SimChargingStation(SimStationConfig(ws_url(entry, "CS1")))
    async with cs:
        assert await cs.boot() == "Accepted"
        await cs.after_accepted()
        await cs.wait_for_call("GetLocalListVersion")
        with pytest.raises(ServiceValidationError) as refused:
            await service(
                hass,
                "upgrade_security_profile",
                device_id=device_id(hass, "CS1"),
                profile=3,
            )
        assert refused.value.translation_key == "no_tls_listener"
    await hass.config_entries.async_unload(entry.entry_id)
