"""What raising a security profile refuses before a single message goes out."""

from __future__ import annotations

import pytest

from custom_components.ocpp_central.csms import CentralSystem
from custom_components.ocpp_central.csms.security import CertificateAuthority
from custom_components.ocpp_central.csms.upgrade import (
    UpgradeRefused,
    raise_security_profile,
)
from tests.sim import SimConfig
from tests.sim.security16 import SimSecureChargePoint

from ..conftest import url

TLS_URL = "wss://127.0.0.1:9443/"


async def test_only_the_tls_profiles_are_targets(
    central: CentralSystem, ca: CertificateAuthority
) -> None:
    central.certificates.authority = ca
    async with SimSecureChargePoint(SimConfig(url(central))) as cp:
        assert await cp.boot() == "Accepted"
        for target in (0, 1, 4):
            with pytest.raises(UpgradeRefused, match="not a TLS profile"):
                await raise_security_profile(
                    central.control, central.certificates, "CP1", target, TLS_URL
                )
        assert not [a for a, _ in cp.calls if a == "InstallCertificate"]


async def test_without_a_certificate_authority_nothing_is_asked(
    central: CentralSystem,
) -> None:
    assert central.certificates.authority is None
    async with SimSecureChargePoint(SimConfig(url(central))) as cp:
        assert await cp.boot() == "Accepted"
        with pytest.raises(UpgradeRefused, match="no certificate authority"):
            await raise_security_profile(
                central.control, central.certificates, "CP1", 2, TLS_URL
            )
        assert not [a for a, _ in cp.calls if a == "InstallCertificate"]
