"""Which chargers are asked to renew their certificates."""

from __future__ import annotations

import datetime as dt

from custom_components.ocpp_central.csms.certificates import Certificates
from custom_components.ocpp_central.csms.logutil import LogLimiter
from custom_components.ocpp_central.csms.security import CertificateAuthority

from .certs import ec_key, make_csr

NOW = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)


def test_only_our_certificates_close_to_expiry_are_renewed(
    ca: CertificateAuthority,
) -> None:
    certificates = Certificates(LogLimiter())
    assert certificates.renewals_due(["old"], NOW) == []  # no authority yet
    certificates.authority = ca
    year = dt.timedelta(days=365)
    ca.sign_csr(make_csr(ec_key(), ["old"]), "old", validity=year, now=NOW - year)
    ca.sign_csr(make_csr(ec_key(), ["fresh"]), "fresh", validity=year, now=NOW)
    # "renewed" had an old certificate and already got its new one.
    ca.sign_csr(
        make_csr(ec_key(), ["renewed"]), "renewed", validity=year, now=NOW - year
    )
    ca.sign_csr(make_csr(ec_key(), ["renewed"]), "renewed", validity=year, now=NOW)
    everyone = ["old", "fresh", "renewed", "password-only"]
    assert certificates.renewals_due(everyone, NOW + dt.timedelta(days=10)) == ["old"]
    # Thirty days ahead, the fresh ones are not due yet; a day before, all are.
    assert certificates.renewals_due(everyone, NOW + year - dt.timedelta(days=31)) == [
        "old"
    ]
    assert certificates.renewals_due(everyone, NOW + year - dt.timedelta(days=1)) == [
        "old",
        "fresh",
        "renewed",
    ]
