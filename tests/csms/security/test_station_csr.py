"""A station's own certificate request is signed; a car's is not ours to sign."""

from __future__ import annotations

import pytest
from ocpp.v201 import call

from custom_components.ocpp_central.csms import CentralSystem, Settings
from custom_components.ocpp_central.csms.security import CertificateAuthority
from tests.sim.v201 import SimChargingStation, SimStationConfig

from ..conftest import url


@pytest.fixture
def settings() -> Settings:
    return Settings(host="127.0.0.1", port=0, auto_accept=True, call_timeout=5)


def station(central: CentralSystem) -> SimChargingStation:
    return SimChargingStation(SimStationConfig(url(central, "CS1")))


async def test_a_cars_certificate_request_is_refused_the_stations_signed(
    central: CentralSystem, ca: CertificateAuthority
) -> None:
    central.certificates.authority = ca
    async with station(central) as cs:
        assert await cs.boot() == "Accepted"
        csr = cs.station_key.csr("CS1")
        car = await cs.request(
            call.SignCertificate(csr=csr, certificate_type="V2GCertificate")
        )
        assert car.status == "Rejected"  # a car needs the V2G PKI, not ours
        own = await cs.request(call.SignCertificate(csr=csr))
        assert own.status == "Accepted"
        await cs.wait_for_call("CertificateSigned")
        assert len(ca.issued_to("CS1")) == 1
