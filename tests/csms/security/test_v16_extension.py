"""The 1.6 security extension's certificate and log commands, said and answered."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from custom_components.ocpp_central.csms import CentralSystem, ChargerRejected
from custom_components.ocpp_central.csms.security import CertificateAuthority
from custom_components.ocpp_central.csms.upgrade import (
    UpgradeRefused,
    raise_security_profile,
)
from tests.sim import SimChargePoint, SimConfig

from ..conftest import url


async def ready(cp: SimChargePoint) -> None:
    assert await cp.boot() == "Accepted"
    await cp.wait_for_call("GetLocalListVersion")


async def test_our_roots_are_installed_listed_and_deleted_on_a_1_6_charger(
    central: CentralSystem, ca: CertificateAuthority
) -> None:
    async with SimChargePoint(SimConfig(url(central))) as cp:
        await ready(cp)
        commands = central.control.commands("CP1")
        assert await commands.installed_root_certificates() == []
        assert cp.calls[-1] == (
            "GetInstalledCertificateIds",
            {"certificateType": "CentralSystemRootCertificate"},
        )
        roots = ca.root_certificates()
        for pem in roots:
            assert await commands.install_root_certificate(pem) == "Accepted"
        installed = await commands.installed_root_certificates()
        assert len(installed) == len(roots)
        assert {"hashAlgorithm", "serialNumber"} <= set(installed[0])
        assert await commands.delete_certificate(installed[0]) == "Accepted"
        # Deleting again finds nothing: that is no failure.
        assert await commands.delete_certificate(installed[0]) == "NotFound"
        assert len(await commands.installed_root_certificates()) == len(roots) - 1


async def test_a_1_6_charger_is_asked_for_its_security_log(
    central: CentralSystem,
) -> None:
    async with SimChargePoint(SimConfig(url(central))) as cp:
        await ready(cp)
        commands = central.control.commands("CP1")
        start = datetime(2026, 1, 1, tzinfo=UTC)
        stop = datetime(2026, 2, 1, tzinfo=UTC)
        name = await commands.get_security_log("ftp://logs.example/", start, stop)
        assert name is not None and name.startswith("SecurityLog-")
        action, payload = cp.calls[-1]
        assert action == "GetLog" and payload["logType"] == "SecurityLog"
        assert payload["log"] == {
            "remoteLocation": "ftp://logs.example/",
            "oldestTimestamp": "2026-01-01T00:00:00.000Z",
            "latestTimestamp": "2026-02-01T00:00:00.000Z",
        }


async def test_a_refused_security_log_is_raised_as_the_chargers_refusal(
    central: CentralSystem,
) -> None:
    async with SimChargePoint(
        SimConfig(url(central), answers={"GetLog": "Rejected"})
    ) as cp:
        await ready(cp)
        with pytest.raises(ChargerRejected) as refused:
            await central.control.commands("CP1").get_security_log(
                "ftp://logs.example/", None, None
            )
        assert refused.value.status == "Rejected"
        assert cp.calls[-1][1]["log"] == {"remoteLocation": "ftp://logs.example/"}


async def test_an_upgrade_that_cannot_work_is_refused_before_the_profile_changes(
    central: CentralSystem, ca: CertificateAuthority
) -> None:
    target = f"wss://127.0.0.1:{central.port}/ocpp/CP1"
    control, certificates = central.control, central.certificates
    async with SimChargePoint(
        SimConfig(url(central), answers={"InstallCertificate": "Rejected"})
    ) as cp:
        await ready(cp)
        with pytest.raises(UpgradeRefused, match="not a TLS profile"):
            await raise_security_profile(control, certificates, "CP1", 1, target)
        with pytest.raises(UpgradeRefused, match="no certificate authority"):
            await raise_security_profile(control, certificates, "CP1", 2, target)
        certificates.authority = ca
        before = len(cp.calls)
        with pytest.raises(ChargerRejected, match="no root certificate"):
            await raise_security_profile(control, certificates, "CP1", 2, target)
        # Every root was offered, none taken: the profile was never touched.
        sent = [action for action, _ in cp.calls[before:]]
        assert sent == ["InstallCertificate"] * len(ca.root_certificates())
