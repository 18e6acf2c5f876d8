"""A certificate authority made once per test session, restored per test."""

from __future__ import annotations

from typing import Any

import pytest

from custom_components.ocpp_central.csms.security import CertificateAuthority

HOSTS = ("ocpp.home.example", "127.0.0.1")


@pytest.fixture(scope="session")
def pristine_ca() -> dict[str, Any]:
    """Roots and server certificates, stored (RSA keys are slow to make)."""
    ca = CertificateAuthority.create("Test Operator")
    ca.issue_server_certificates(HOSTS)
    return ca.to_dict()


@pytest.fixture
def ca(pristine_ca: dict[str, Any]) -> CertificateAuthority:
    """A fresh copy for each test (tests issue and revoke)."""
    return CertificateAuthority.from_dict(pristine_ca)
