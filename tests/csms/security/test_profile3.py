"""Security profile 3 on the central system: certificates on request, logins by them."""

from __future__ import annotations

import logging
import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from ocpp.v16 import call
from websockets.exceptions import InvalidHandshake, InvalidStatus

from custom_components.ocpp_central.csms import (
    CentralSystem,
    Change,
    SecurityProfile,
    Settings,
)
from custom_components.ocpp_central.csms.auth import hash_password
from custom_components.ocpp_central.csms.model import Charger
from custom_components.ocpp_central.csms.security import (
    CertificateAuthority,
    server_context,
)
from tests.sim import SimChargePoint, SimConfig
from tests.sim.v201 import SimChargingStation, SimStationConfig

from ..conftest import Recorder
from .certs import charger_context, ec_key, key_pem, make_csr, write_pair

PASSWORD = "00112233445566778899aabbccddeeff"


@pytest.fixture
async def central(
    ca: CertificateAuthority, recorder: Recorder
) -> AsyncIterator[CentralSystem]:
    pairs = [(c.chain_pem, c.key_pem) for c in ca.server_certificates]
    context = server_context(
        pairs, ca.client_trust_pem(), client_certificate_required=False
    )
    settings = Settings(
        host="127.0.0.1",
        port=0,
        security_profile=SecurityProfile.CLIENT_CERTIFICATE,
        ssl_context=context,
        liveness_timeout=0.5,
    )
    system = CentralSystem(settings, recorder)
    system.certificates.authority = ca
    for identity in ("CP1", "CS1"):
        system.chargers[identity] = Charger(
            identity, accepted=True, password=hash_password(PASSWORD)
        )
    await system.start()
    yield system
    await system.stop()


def wss(central: CentralSystem, identity: str = "CP1") -> str:
    return f"wss://127.0.0.1:{central.port}/ocpp/{identity}"


def issue(ca: CertificateAuthority, folder: Path, identity: str) -> tuple[Path, Path]:
    key = ec_key()
    signed = ca.sign_csr(make_csr(key, (identity,)), identity)
    return write_pair(folder, identity, signed.certificate_chain, key_pem(key))


async def test_a_certificate_of_ours_logs_in_without_a_password(
    central: CentralSystem, ca: CertificateAuthority, tmp_path: Path
) -> None:
    client = charger_context(ca.client_trust_pem(), issue(ca, tmp_path, "CP1"))
    async with SimChargePoint(SimConfig(wss(central), ssl=client)) as cp:
        assert await cp.boot() == "Accepted"
        assert central.sessions["CP1"].authenticated
        assert central.chargers["CP1"].security_profile == 3
    # Once on profile 3, a password alone is a downgrade: refused.
    context = charger_context(ca.client_trust_pem())
    with pytest.raises(InvalidStatus) as refused:
        await SimChargePoint(
            SimConfig(wss(central), ssl=context, password=PASSWORD)
        ).connect()
    assert refused.value.response.status_code == 401


async def test_a_certificate_for_another_identity_is_forbidden_not_a_password_login(
    central: CentralSystem, ca: CertificateAuthority, tmp_path: Path
) -> None:
    client = charger_context(ca.client_trust_pem(), issue(ca, tmp_path, "CP2"))
    config = SimConfig(wss(central, "CP1"), ssl=client, password=PASSWORD)
    with pytest.raises(InvalidStatus) as refused:
        await SimChargePoint(config).connect()
    assert refused.value.response.status_code == 403
    ca.revoke("CP2")
    config = SimConfig(wss(central, "CP2"), ssl=client)
    with pytest.raises(InvalidStatus) as revoked:
        await SimChargePoint(config).connect()
    assert revoked.value.response.status_code == 403


async def test_another_ca_is_refused_at_the_handshake(
    central: CentralSystem,
    ca: CertificateAuthority,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    stranger = CertificateAuthority.create(
        "Stranger", key_types=(ca.authorities[0].key_type,)
    )
    client = charger_context(ca.client_trust_pem(), issue(stranger, tmp_path, "CP1"))
    for _ in range(3):
        with pytest.raises((ssl.SSLError, OSError, InvalidHandshake)):
            await SimChargePoint(SimConfig(wss(central), ssl=client)).connect()
    assert "CP1" not in central.sessions
    # asyncio alone would drop these silently: a warning each says why.
    refused = [r for r in caplog.records if "Refused a TLS connection" in r.message]
    assert [(r.levelname, r.getMessage()) for r in refused] == 3 * [
        ("WARNING", "Refused a TLS connection: client certificate from an unknown CA")
    ]


async def test_a_csr_over_a_password_login_gets_a_working_certificate(
    central: CentralSystem,
    ca: CertificateAuthority,
    recorder: Recorder,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    context = charger_context(ca.client_trust_pem())
    key = ec_key()
    async with SimChargingStation(
        SimStationConfig(wss(central, "CS1"), ssl=context, password=PASSWORD)
    ) as cs:
        assert await cs.boot() == "Accepted"
        assert central.chargers["CS1"].security_profile == 2
        assert await cs.sign_certificate(make_csr(key, ("CS1",))) == "Accepted"
        signed = await cs.wait_for_call("CertificateSigned")
        assert signed["certificateType"] == "ChargingStationCertificate"
        await cs.security_event("ReconfigurationOfSecurityParameters")
        await recorder.wait_for("CS1", Change.SECURITY_EVENT)
    chain = signed["certificateChain"]
    client = charger_context(
        ca.client_trust_pem(), write_pair(tmp_path, "new", chain, key_pem(key))
    )
    async with SimChargingStation(
        SimStationConfig(wss(central, "CS1"), ssl=client)
    ) as cs:
        assert await cs.boot() == "Accepted"
        assert central.chargers["CS1"].security_profile == 3
    assert "PRIVATE KEY" not in caplog.text
    # A request for another identity is refused.
    config = SimConfig(wss(central), ssl=context, password=PASSWORD)
    async with SimChargePoint(config) as cp:
        await cp.boot()
        other = call.SignCertificate(csr=make_csr(ec_key(), ("CS1",)))
        assert (await cp.request(other)).status == "Rejected"


async def test_a_deleted_charger_cannot_come_back_with_its_certificate(
    central: CentralSystem,
    ca: CertificateAuthority,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    saves: list[None] = []
    central.certificates.changed = lambda: saves.append(None)
    client = charger_context(ca.client_trust_pem(), issue(ca, tmp_path, "CP1"))
    async with SimChargePoint(SimConfig(wss(central), ssl=client)) as cp:
        assert await cp.boot() == "Accepted"
    await central.revoke("CP1")  # the user deleted its device
    assert all(ca.is_revoked(signed.serial) for signed in ca.issued_to("CP1"))
    assert saves  # the host is told to store the revocation
    assert "CP1: its certificates are revoked" in caplog.text
    with pytest.raises(InvalidStatus) as refused:
        await SimChargePoint(SimConfig(wss(central), ssl=client)).connect()
    assert refused.value.response.status_code == 403


async def test_a_certificate_shown_where_no_authority_is_set_up_is_refused(
    central: CentralSystem, ca: CertificateAuthority, tmp_path: Path
) -> None:
    # A host that asks for client certificates but gave the central system
    # no authority to check them with: no certificate is good, none admits.
    client = charger_context(ca.client_trust_pem(), issue(ca, tmp_path, "CP1"))
    central.certificates.authority = None
    with pytest.raises(InvalidStatus) as refused:
        await SimChargePoint(SimConfig(wss(central), ssl=client)).connect()
    assert refused.value.response.status_code == 403
    assert "CP1" not in central.sessions
