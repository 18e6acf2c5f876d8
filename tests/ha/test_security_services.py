"""Certificates, security logs, signed firmware and profile upgrades, per version.

A 1.6 charger that implements the security extension and a 2.0.1 station
are asked the same through the same services; each answers in its version.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ocpp_central.csms import upgrade
from tests.sim import SimConfig
from tests.sim.secure16 import SimSecureChargePoint
from tests.sim.v201 import SimChargingStation, SimStationConfig

from .conftest import entry_data, free_port, ws_url
from .test_security import device_id, service

type Charger = SimSecureChargePoint | SimChargingStation


@pytest.fixture
def config() -> dict[str, Any]:
    # No password on the plain port, and a TLS port beside it for profiles 2/3.
    return entry_data(auto_accept=True, tls_port=free_port())


@pytest.fixture
def answers() -> dict[str, str]:
    """Answers the charger gives instead of its own (SimConfig.answers)."""
    return {}


@pytest.fixture(params=["1.6", "2.0.1"])
async def charger(
    request: pytest.FixtureRequest, entry: MockConfigEntry, answers: dict[str, str]
) -> AsyncIterator[Charger]:
    url = ws_url(entry, "CP1")
    sim: Charger
    if request.param == "1.6":
        sim = SimSecureChargePoint(SimConfig(url, answers=answers))
    else:
        sim = SimChargingStation(SimStationConfig(url, answers=answers))
    async with sim:
        assert await sim.boot() == "Accepted"
        yield sim


@pytest.fixture
async def charger16(
    entry: MockConfigEntry, answers: dict[str, str]
) -> AsyncIterator[SimSecureChargePoint]:
    async with SimSecureChargePoint(
        SimConfig(ws_url(entry, "CP1"), answers=answers)
    ) as cp:
        assert await cp.boot() == "Accepted"
        yield cp


def signed_chain(charger: Charger) -> str | None:
    """The certificate chain the charger installed for itself, if any."""
    return next(iter(charger.signed_certificates.values()), None)


def last_call(charger: Charger, *actions: str) -> dict[str, Any]:
    return [p for a, p in charger.calls if a in actions][-1]


async def test_root_certificates_are_installed_listed_and_deleted(
    hass: HomeAssistant, charger: Charger
) -> None:
    station = device_id(hass, "CP1")
    # Nothing installed yet: an empty list, not an error.
    listed = await service(hass, "get_installed_certificates", device_id=station)
    assert listed == {"certificates": []}
    installed = await service(hass, "install_root_certificates", device_id=station)
    assert installed["statuses"] == ["Accepted", "Accepted"]  # RSA and ECDSA roots
    sent = [p["certificateType"] for a, p in charger.calls if a == "InstallCertificate"]
    assert len(sent) == 2 and len(set(sent)) == 1
    assert sent[0] in ("CentralSystemRootCertificate", "CSMSRootCertificate")
    listed = await service(hass, "get_installed_certificates", device_id=station)
    assert len(listed["certificates"]) == 2
    first = listed["certificates"][0]
    deleted = await service(
        hass, "delete_certificate", device_id=station, certificate=first
    )
    assert deleted == {"status": "Accepted"}
    assert len(charger.certificates) == 1
    # Deleting what is gone already is no failure: nothing left to delete.
    again = await service(
        hass, "delete_certificate", device_id=station, certificate=first
    )
    assert again == {"status": "NotFound"}


async def test_a_renewed_certificate_carries_the_chargers_identity(
    hass: HomeAssistant, entry: MockConfigEntry, charger: Charger
) -> None:
    renewed = await service(hass, "renew_certificate", device_id=device_id(hass, "CP1"))
    assert renewed == {"status": "Accepted"}
    # The charger sends its CSR by itself and installs what it is issued.
    await charger.wait_until(lambda: signed_chain(charger) is not None)
    chain = signed_chain(charger)
    assert chain is not None
    leaf = x509.load_pem_x509_certificate(chain.encode())
    assert leaf.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "CP1"
    authority = entry.runtime_data.pki.authority
    assert authority is not None
    assert authority.issued_to("CP1")[-1].serial == leaf.serial_number


async def test_the_security_log_is_asked_for_the_period_given(
    hass: HomeAssistant, charger: Charger
) -> None:
    answer = await service(
        hass,
        "get_security_log",
        device_id=device_id(hass, "CP1"),
        location="ftp://logs.example/",
        start=datetime(2026, 11, 1, tzinfo=UTC),
        stop=datetime(2026, 11, 2, 12, tzinfo=UTC),
    )
    request = last_call(charger, "GetLog")
    assert request["logType"] == "SecurityLog"
    assert answer == {"file_name": f"SecurityLog-{request['requestId']}.log"}
    log = request["log"]
    assert log["remoteLocation"] == "ftp://logs.example/"
    assert log["oldestTimestamp"].startswith("2026-11-01T00:00:00")
    assert log["latestTimestamp"].startswith("2026-11-02T12:00:00")


@pytest.mark.parametrize("answers", [{"GetLog": "Rejected"}])
async def test_a_refused_security_log_is_reported_not_swallowed(
    hass: HomeAssistant, charger: Charger
) -> None:
    with pytest.raises(HomeAssistantError) as refused:
        await service(
            hass,
            "get_security_log",
            device_id=device_id(hass, "CP1"),
            location="ftp://logs.example/",
        )
    assert refused.value.translation_key == "charger_rejected"
    assert refused.value.translation_placeholders["status"] == "Rejected"
    assert "oldestTimestamp" not in last_call(charger, "GetLog")["log"]


async def test_signed_firmware_carries_its_retries(
    hass: HomeAssistant, charger: Charger
) -> None:
    answer = await service(
        hass,
        "update_firmware",
        device_id=device_id(hass, "CP1"),
        location="https://example.com/fw.bin",
        signature="c2lnbmF0dXJl",
        signing_certificate="-----BEGIN CERTIFICATE-----\nMIIB\n-----END ...",
        retries=3,
        retry_interval=60,
    )
    assert answer == {"status": "Accepted"}
    payload = last_call(charger, "SignedUpdateFirmware", "UpdateFirmware")
    assert payload["retries"] == 3
    assert payload["retryInterval"] == 60
    assert payload["firmware"]["signature"] == "c2lnbmF0dXJl"
    assert payload["firmware"]["retrieveDateTime"]


async def test_a_1_6_charger_is_moved_to_profile_3_step_by_step(
    hass: HomeAssistant, entry: MockConfigEntry, charger16: SimSecureChargePoint
) -> None:
    station = device_id(hass, "CP1")
    answer = await service(
        hass, "upgrade_security_profile", device_id=station, profile=3
    )
    assert answer == {"status": "Accepted"}
    authority = entry.runtime_data.pki.authority
    assert authority is not None
    # The white paper's order: trust our roots, the CPO name its CSR must
    # carry, a CSR on request, the certificate, and only then the profile.
    steps = ("InstallCertificate", "ExtendedTriggerMessage", "CertificateSigned")
    keys = ("CpoName", "SecurityProfile")
    order = [
        (a, p.get("key"))
        for a, p in charger16.calls
        if a in steps or (a == "ChangeConfiguration" and p["key"] in keys)
    ]
    assert order == [
        ("InstallCertificate", None),
        ("InstallCertificate", None),
        ("ChangeConfiguration", "CpoName"),
        ("ExtendedTriggerMessage", None),
        ("CertificateSigned", None),
        ("ChangeConfiguration", "SecurityProfile"),
    ]
    configuration = charger16.config.configuration
    assert configuration["CpoName"][0] == authority.organization
    assert configuration["SecurityProfile"][0] == "3"
    chain = signed_chain(charger16)
    assert chain is not None
    leaf = x509.load_pem_x509_certificate(chain.encode())
    organization = leaf.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    assert organization[0].value == authority.organization


async def test_profile_2_needs_no_certificate_of_the_chargers_own(
    hass: HomeAssistant, charger16: SimSecureChargePoint
) -> None:
    station = device_id(hass, "CP1")
    answer = await service(
        hass, "upgrade_security_profile", device_id=station, profile=2
    )
    assert answer == {"status": "Accepted"}
    assert charger16.config.configuration["SecurityProfile"][0] == "2"
    assert not [a for a, _ in charger16.calls if a == "ExtendedTriggerMessage"]
    assert signed_chain(charger16) is None


@pytest.mark.parametrize("answers", [{"InstallCertificate": "Rejected"}])
async def test_a_charger_that_trusts_none_of_our_roots_stays_where_it_is(
    hass: HomeAssistant, charger16: SimSecureChargePoint
) -> None:
    with pytest.raises(HomeAssistantError) as refused:
        await service(
            hass,
            "upgrade_security_profile",
            device_id=device_id(hass, "CP1"),
            profile=3,
        )
    assert refused.value.translation_key == "charger_rejected"
    assert charger16.config.configuration["SecurityProfile"][0] == "0"
    assert not [p for a, p in charger16.calls if a == "ExtendedTriggerMessage"]


@pytest.mark.parametrize("answers", [{"CertificateSigned": "Rejected"}])
async def test_a_charger_that_refuses_its_certificate_is_not_moved_to_profile_3(
    hass: HomeAssistant,
    charger16: SimSecureChargePoint,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Two minutes in real life; the refusal has come long before this.
    monkeypatch.setattr(upgrade, "CERTIFICATE_TIMEOUT", 2.0)
    with pytest.raises(HomeAssistantError) as failed:
        await service(
            hass,
            "upgrade_security_profile",
            device_id=device_id(hass, "CP1"),
            profile=3,
        )
    assert failed.value.translation_key == "charger_error"
    assert [a for a, _ in charger16.calls if a == "CertificateSigned"]
    assert charger16.config.configuration["SecurityProfile"][0] == "0"


@pytest.mark.parametrize("answers", [{"CertificateSigned": "Rejected"}])
async def test_two_upgrades_at_once_both_end_in_the_chargers_answer(
    hass: HomeAssistant,
    charger16: SimSecureChargePoint,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A double click: both wait for the same certificate; the first to give
    # up must not cut the other's wait short.
    monkeypatch.setattr(upgrade, "CERTIFICATE_TIMEOUT", 2.0)
    station = device_id(hass, "CP1")
    both = await asyncio.gather(
        *(
            service(hass, "upgrade_security_profile", device_id=station, profile=3)
            for _ in range(2)
        ),
        return_exceptions=True,
    )
    for outcome in both:
        assert isinstance(outcome, HomeAssistantError), repr(outcome)
        assert outcome.translation_key == "charger_error"
    assert charger16.config.configuration["SecurityProfile"][0] == "0"


@pytest.mark.parametrize("answers", [{"CertificateSigned": "Rejected"}])
async def test_a_charger_that_refused_its_certificate_is_moved_once_it_takes_one(
    hass: HomeAssistant,
    charger16: SimSecureChargePoint,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(upgrade, "CERTIFICATE_TIMEOUT", 2.0)
    station = device_id(hass, "CP1")
    with pytest.raises(HomeAssistantError):
        await service(hass, "upgrade_security_profile", device_id=station, profile=3)
    del charger16.config.answers["CertificateSigned"]  # its storage was fixed
    answer = await service(
        hass, "upgrade_security_profile", device_id=station, profile=3
    )
    assert answer == {"status": "Accepted"}
    assert charger16.config.configuration["SecurityProfile"][0] == "3"
    assert signed_chain(charger16) is not None


@pytest.mark.parametrize(
    ("refused", "profile"),
    [
        (("SecurityCtrlr", "OrganizationName"), 3),
        (("OCPPCommCtrlr", "NetworkConfigurationPriority"), 2),
    ],
)
async def test_a_station_refusing_a_step_of_the_upgrade_is_not_reset(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    refused: tuple[str, str],
    profile: int,
) -> None:
    config = SimStationConfig(ws_url(entry, "CS1"), refuse_variables={refused})
    async with SimChargingStation(config) as cs:
        assert await cs.boot() == "Accepted"
        with pytest.raises(HomeAssistantError) as failed:
            await service(
                hass,
                "upgrade_security_profile",
                device_id=device_id(hass, "CS1"),
                profile=profile,
            )
        assert failed.value.translation_key == "charger_rejected"
        # Still on its old way in: no reset onto a profile it cannot use.
        assert not [a for a, _ in cs.calls if a == "Reset"]
        assert cs.connected
