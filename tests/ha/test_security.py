"""Security profile 3 through Home Assistant: upgrade, certificates, events."""

from __future__ import annotations

import json
import ssl
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from websockets.asyncio.client import connect
from websockets.typing import Subprotocol

from custom_components.ocpp_central.const import DOMAIN
from custom_components.ocpp_central.pki_upkeep import CertificateUpkeep
from tests.csms.security.certs import ec_key, key_pem, user_ca_certificate
from tests.sim import SimChargePoint, SimConfig
from tests.sim.fixtures import StationFactory
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


async def test_certificates_are_renewed_before_they_expire(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    runtime = entry.runtime_data
    authority = runtime.pki.authority
    assert authority is not None  # the TLS port made it
    cs = SimChargingStation(SimStationConfig(ws_url(entry, "CS1")))
    await cs.connect()
    assert await cs.boot() == "Accepted"
    await wait_for_charger(entry, "CS1", lambda c: c.security_profile == 1)
    # As they would be eleven months on: the server's certificates and the
    # station's (issued to its own key) expire in ten days.
    hosts = list(authority.server_certificates[0].hosts)
    authority.issue_server_certificates(hosts, validity=timedelta(days=10))
    old = {c.serial for c in authority.server_certificates}
    authority.sign_csr(cs.station_key.csr("CS1"), "CS1", validity=timedelta(days=10))
    roots = "".join(authority.root_certificates())

    await CertificateUpkeep(hass, runtime).async_check()

    # Ten days left: a repair says so until the station has a new one.
    repair = ir.async_get(hass).async_get_issue(
        DOMAIN, f"charger_certificate_expiring_{entry.entry_id}_CS1"
    )
    assert repair is not None
    assert repair.translation_placeholders["days"] in ("9", "10")
    # The station is asked for a new request, and is issued a year more.
    trigger = await cs.wait_for_call("TriggerMessage")
    assert trigger["requestedMessage"] == "SignChargingStationCertificate"
    assert await cs.sign_certificate() == "Accepted"
    await cs.wait_for_call("CertificateSigned")
    newest = authority.issued_to("CS1")[-1]
    assert newest.not_after - dt_util.utcnow() > timedelta(days=300)
    assert not any("charger_certificate" in i for _, i in ir.async_get(hass).issues)
    # The TLS port serves new certificates without a restart.
    new = {c.serial for c in authority.server_certificates}
    assert new.isdisjoint(old)
    trust = ssl.create_default_context(cadata=roots)
    url = f"wss://127.0.0.1:{runtime.system.tls_port}/CS2"
    async with connect(url, ssl=trust, subprotocols=[Subprotocol("ocpp2.0.1")]) as ws:
        der = ws.transport.get_extra_info("ssl_object").getpeercert(True)
        assert x509.load_der_x509_certificate(der).serial_number in new
    await cs.close()


async def test_your_own_certificate_authority_replaces_ours(
    hass: HomeAssistant, entry: MockConfigEntry, tmp_path: Path
) -> None:
    key = ec_key()
    ca = user_ca_certificate(key, "Garage CA")
    (tmp_path / "ca.pem").write_text(ca.public_bytes(Encoding.PEM).decode())
    (tmp_path / "ca.key").write_text(key_pem(key))
    not_a_ca = user_ca_certificate(key, "Leaf", ca=False)
    (tmp_path / "leaf.pem").write_text(not_a_ca.public_bytes(Encoding.PEM).decode())

    async def submit(certfile: str, keyfile: str) -> Any:
        result = await hass.config_entries.options.async_init(entry.entry_id)
        result = await hass.config_entries.options.async_configure(
            result["flow_id"], {"next_step_id": "certificate_authority"}
        )
        return await hass.config_entries.options.async_configure(
            result["flow_id"], {"ca_certfile": certfile, "ca_keyfile": keyfile}
        )

    result = await submit(str(tmp_path / "missing.pem"), str(tmp_path / "ca.key"))
    assert result["errors"] == {"base": "ca_unreadable"}
    result = await submit(str(tmp_path / "leaf.pem"), str(tmp_path / "ca.key"))
    assert result["errors"] == {"base": "ca_invalid"}
    assert "not a CA" in result["description_placeholders"]["reason"]
    result = await submit(str(tmp_path / "ca.pem"), str(tmp_path / "ca.key"))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    # After the reload the TLS port serves a certificate your CA signed.
    runtime = entry.runtime_data
    trust = ssl.create_default_context(cadata=ca.public_bytes(Encoding.PEM).decode())
    url = f"wss://127.0.0.1:{runtime.system.tls_port}/CS1"
    async with connect(url, ssl=trust, subprotocols=[Subprotocol("ocpp2.0.1")]):
        pass
    assert runtime.system.certificates.authority is not None
    assert runtime.system.certificates.authority.root_certificates() == [
        ca.public_bytes(Encoding.PEM).decode()
    ]


async def test_signed_firmware_goes_out_signed_in_either_version(
    hass: HomeAssistant, station_factory: StationFactory
) -> None:
    entry = MockConfigEntry(domain=DOMAIN, data=entry_data(auto_accept=True))
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    station = station_factory(ws_url(entry, "ST1"))
    await station.connect()
    assert await station.boot() == "Accepted"
    device = device_id(hass, "ST1")
    signed = {
        "location": "https://example.com/fw.bin",
        "signature": "c2lnbmF0dXJl",
        "signing_certificate": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END ...",
    }
    with pytest.raises(ServiceValidationError) as half:
        await service(
            hass,
            "update_firmware",
            device_id=device,
            location=signed["location"],
            signature=signed["signature"],
        )
    assert half.value.translation_key == "firmware_signature_incomplete"
    answer = await service(hass, "update_firmware", device_id=device, **signed)
    assert answer == {"status": "Accepted"}
    action, payload = station.sim.calls[-1]
    assert action in ("SignedUpdateFirmware", "UpdateFirmware")
    assert payload["firmware"]["signature"] == signed["signature"]
    assert payload["firmware"]["signingCertificate"] == signed["signing_certificate"]


async def test_a_charger_without_the_security_extension_is_told_plainly(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    entry = MockConfigEntry(domain=DOMAIN, data=entry_data(auto_accept=True))
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    async with SimChargePoint(SimConfig(ws_url(entry, "CP1"))) as cp:
        assert await cp.boot() == "Accepted"
        # A 1.6 charger without the security extension answers NotImplemented:
        # the caller's mistake, not a failure worth a traceback.
        with pytest.raises(ServiceValidationError) as refused:
            await service(hass, "renew_certificate", device_id=device_id(hass, "CP1"))
        assert refused.value.translation_key == "charger_not_supported"
        assert cp.connected
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
