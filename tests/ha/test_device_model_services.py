"""2.0.1 variables by name: instances, EVSEs and connectors, bad names, reports."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ocpp_central.csms.v201.device_model import (
    address,
    component_variable,
)
from tests.sim.v201 import SimChargingStation, SimStationConfig

from .conftest import entry_data, ws_url
from .test_v201 import device_id, ready, service


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(auto_accept=True)


@pytest.mark.parametrize(
    "key",
    [
        "OCPPCommCtrlr/HeartbeatInterval",
        "DeviceDataCtrlr/ItemsPerMessage[GetVariables]",
        "EVSE#1/Power",
        "Connector#1.1/ConnectorType",
        "TariffCostCtrlr[Main]#2.1/Enabled[Cost]",
    ],
)
def test_a_variable_name_and_its_address_are_one_another(key: str) -> None:
    found = component_variable(key)
    assert address(found["component"], found["variable"]) == key


async def test_variables_of_an_evse_a_connector_and_an_instance_are_read_by_name(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargingStation(SimStationConfig(ws_url(entry, "CS1"))) as cs:
        await ready(cs)
        found = await service(
            hass,
            "get_variables",
            True,
            device_id=device_id(hass, "CS1"),
            variables=[
                "EVSE#1/SupplyPhases",
                "Connector#1.1/ConnectorType",
                "DeviceDataCtrlr/ItemsPerMessage[GetVariables]",
            ],
        )
        values = {v["name"]: (v["status"], v.get("value")) for v in found["variables"]}
        assert values["EVSE#1/SupplyPhases"] == ("Accepted", "3")
        assert values["Connector#1.1/ConnectorType"] == ("Accepted", "cType2")
        status, items = values["DeviceDataCtrlr/ItemsPerMessage[GetVariables]"]
        assert status == "Accepted" and items is not None and items.isdigit()


@pytest.mark.parametrize("key", ["HeartbeatInterval", "/HeartbeatInterval", "EVSE/"])
def test_a_name_without_component_and_variable_is_no_address(key: str) -> None:
    with pytest.raises(ValueError, match="is not Component/Variable"):
        component_variable(key)


@pytest.mark.parametrize("name", ["EVSE#one/Power", "EVSE#1.x/Power"])
async def test_a_variable_name_that_says_no_evse_is_refused_before_sending(
    hass: HomeAssistant, entry: MockConfigEntry, name: str
) -> None:
    async with SimChargingStation(SimStationConfig(ws_url(entry, "CS1"))) as cs:
        await ready(cs)
        sent = len(cs.calls)
        with pytest.raises(ServiceValidationError) as bad:
            await service(
                hass,
                "set_variables",
                True,
                device_id=device_id(hass, "CS1"),
                variables={name: "60"},
            )
        assert bad.value.translation_key == "invalid_value"
        assert len(cs.calls) == sent


async def test_a_refused_or_empty_report_is_said_plainly(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    answers = {"GetBaseReport": "NotSupported"}
    config = SimStationConfig(ws_url(entry, "CS1"), answers=answers)
    async with SimChargingStation(config) as cs:
        assert await cs.boot() == "Accepted"
        await cs.wait_for_call("GetBaseReport")
        station = device_id(hass, "CS1")
        with pytest.raises(HomeAssistantError) as refused:
            await service(
                hass, "get_base_report", True, device_id=station, report="summary"
            )
        assert refused.value.translation_key == "charger_rejected"
        answers["GetBaseReport"] = "EmptyResultSet"
        empty = await service(
            hass, "get_base_report", True, device_id=station, report="summary"
        )
        assert empty == {"variables": []}


async def test_a_report_nobody_asked_for_still_teaches_its_values(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with SimChargingStation(SimStationConfig(ws_url(entry, "CS1"))) as cs:
        await ready(cs)
        item = {
            "component": {"name": "OCPPCommCtrlr"},
            "variable": {"name": "HeartbeatInterval"},
            "variable_attribute": [
                {"type": "Target", "value": "900"},  # not what is in force
                {"type": "Actual", "value": "240"},
            ],
        }
        await cs.notify_report(4711, [item])
        charger = entry.runtime_data.system.chargers["CS1"]
        assert charger.configuration["OCPPCommCtrlr/HeartbeatInterval"].value == "240"
