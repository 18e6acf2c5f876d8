"""What the central system asks of a 1.6 charger on its own, when the charger is odd."""

from __future__ import annotations

import logging

import pytest

from custom_components.ocpp_central.csms import CentralSystem, Settings
from tests.sim import SimChargePoint, SimConfig, default_configuration

from .conftest import url


@pytest.fixture
def settings() -> Settings:
    return Settings(host="127.0.0.1", port=0, auto_accept=True, call_timeout=2)


async def test_an_unreadable_number_of_connectors_adds_no_connectors(
    central: CentralSystem, caplog: pytest.LogCaptureFixture
) -> None:
    configuration = default_configuration()
    configuration["NumberOfConnectors"] = ("two", True)
    config = SimConfig(url(central), connectors=2, configuration=configuration)
    async with SimChargePoint(config) as cp:
        assert await cp.boot() == "Accepted"
        await cp.wait_for_call("GetLocalListVersion")
        charger = central.chargers["CP1"]
        assert charger.configuration["NumberOfConnectors"].value == "two"
        assert 2 not in charger.connectors
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_a_charger_without_remote_trigger_is_not_asked_for_its_state_on_reconnect(
    central: CentralSystem,
) -> None:
    configuration = default_configuration(connectors=1)
    configuration["SupportedFeatureProfiles"] = (
        "Core,LocalAuthListManagement,SmartCharging",
        True,
    )
    async with SimChargePoint(
        SimConfig(url(central), configuration=dict(configuration))
    ) as cp:
        assert await cp.boot() == "Accepted"
        await cp.wait_for_call("GetLocalListVersion")
    async with SimChargePoint(
        SimConfig(url(central), configuration=dict(configuration))
    ) as cp:  # back without a boot: the central system asks where it stands
        await cp.wait_for_call("GetLocalListVersion")
        assert [action for action, _ in cp.calls] == ["GetLocalListVersion"]
