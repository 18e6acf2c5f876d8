"""Self-test of the 2.0.1 station's device model: Get/SetVariables and reports."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from ocpp.exceptions import OCPPError
from ocpp.v201 import call

from tests.sim.v201 import Key, SimChargingStation, SimStationConfig

from .fake_central import TIMEOUT, basic_auth
from .fake_csms201 import CsmsSession, FakeCsms


def var(component: str, name: str, **extra: Any) -> dict[str, Any]:
    """A component/variable entry; extra fields (variable=..., evse=...) override."""
    found: dict[str, Any] = {"component": {"name": component}}
    found["variable"] = {"name": name}
    if "evse" in extra:
        found["component"]["evse"] = extra.pop("evse")
    return {**found, **extra}


async def booted(
    csms: FakeCsms, identity: str, **options: Any
) -> tuple[SimChargingStation, CsmsSession]:
    cs = SimChargingStation(SimStationConfig(csms.url(identity), **options))
    await cs.connect()
    session = await csms.next_session()
    assert await cs.boot() == "Accepted"
    return cs, session


async def test_get_variables_answers_each_entry_with_its_status() -> None:
    async with FakeCsms() as csms:
        cs, session = await booted(csms, "DM1", evses=(1, 1))
        try:
            result = await session.request(
                call.GetVariables(
                    get_variable_data=[
                        var("OCPPCommCtrlr", "HeartbeatInterval"),
                        var("SecurityCtrlr", "BasicAuthPassword"),
                        var("NoSuchCtrlr", "X"),
                        var("SampledDataCtrlr", "Nope"),
                        var(
                            "SampledDataCtrlr",
                            "TxUpdatedInterval",
                            attribute_type="MaxSet",
                        ),
                        var("EVSE", "AvailabilityState", evse={"id": 2}),
                        var(
                            "DeviceDataCtrlr",
                            "ItemsPerMessage",
                            variable={
                                "name": "ItemsPerMessage",
                                "instance": "GetVariables",
                            },
                        ),
                    ]
                )
            )
        finally:
            await cs.close()
    answers = [
        (r["attribute_status"], r["attribute_type"], r.get("attribute_value"))
        for r in result.get_variable_result
    ]
    assert answers == [
        ("Accepted", "Actual", "300"),
        ("Rejected", "Actual", None),  # write-only
        ("UnknownComponent", "Actual", None),
        ("UnknownVariable", "Actual", None),
        ("NotSupportedAttributeType", "MaxSet", None),
        ("Accepted", "Actual", "Available"),
        ("Accepted", "Actual", "20"),
    ]
    assert result.get_variable_result[5]["component"] == {
        "name": "EVSE",
        "evse": {"id": 2},
    }


async def test_set_variables_checks_values_and_changes_the_station() -> None:
    async with FakeCsms() as csms:
        cs, session = await booted(csms, "DM2", keep_connection_on_new_password=True)
        try:
            result = await session.request(
                call.SetVariables(
                    set_variable_data=[
                        var("OCPPCommCtrlr", "HeartbeatInterval", attribute_value="60"),
                        var(
                            "OCPPCommCtrlr", "HeartbeatInterval", attribute_value="soon"
                        ),
                        var("SecurityCtrlr", "SecurityProfile", attribute_value="3"),
                        var(
                            "SampledDataCtrlr",
                            "TxUpdatedMeasurands",
                            attribute_value="Energy.Active.Import.Register,SoC",
                        ),
                        var(
                            "SampledDataCtrlr",
                            "TxUpdatedMeasurands",
                            attribute_value="Bogus",
                        ),
                        var(
                            "SecurityCtrlr",
                            "BasicAuthPassword",
                            attribute_value="short",
                        ),
                        var("AlignedDataCtrlr", "Interval", attribute_value="60"),
                        var("NoSuchCtrlr", "X", attribute_value="1"),
                    ]
                )
            )
        finally:
            await cs.close()
    assert [r["attribute_status"] for r in result.set_variable_result] == [
        "Accepted",
        "Rejected",  # not an integer
        "Rejected",  # read-only
        "Accepted",
        "Rejected",  # not a supported measurand
        "Rejected",  # shorter than 16
        "Accepted",
        "UnknownComponent",
    ]
    assert all(r["attribute_type"] == "Actual" for r in result.set_variable_result)
    assert cs.heartbeat_interval == 60
    assert cs.device_model.value("SampledDataCtrlr", "TxUpdatedMeasurands") == (
        "Energy.Active.Import.Register,SoC"
    )
    assert cs.device_model.value("AlignedDataCtrlr", "Interval") == "60"


async def test_a_station_can_refuse_some_or_all_variables() -> None:
    async with FakeCsms() as csms:
        refuse = {("OCPPCommCtrlr", "HeartbeatInterval")}
        cs, session = await booted(csms, "DM3", refuse_variables=refuse)
        try:
            data = [
                var("OCPPCommCtrlr", "HeartbeatInterval", attribute_value="60"),
                var("AlignedDataCtrlr", "Interval", attribute_value="60"),
            ]
            result = await session.request(call.SetVariables(set_variable_data=data))
            statuses = [r["attribute_status"] for r in result.set_variable_result]
            assert statuses == ["Rejected", "Accepted"]
            cs.config.refuse_variables = {"*"}
            cs.config.refuse_status = "RebootRequired"
            result = await session.request(call.SetVariables(set_variable_data=data))
            statuses = [r["attribute_status"] for r in result.set_variable_result]
            assert statuses == ["RebootRequired", "RebootRequired"]
            assert cs.heartbeat_interval == 300
        finally:
            await cs.close()


async def test_too_many_items_get_an_occurrence_constraint_error() -> None:
    async with FakeCsms() as csms:
        cs, session = await booted(csms, "DM4")
        try:
            data = [var("OCPPCommCtrlr", "HeartbeatInterval")] * 21
            with pytest.raises(OCPPError) as error:
                await session.request(call.GetVariables(get_variable_data=data))
            # OCPP-J 2.0.1 keeps 1.6's spelling of this code.
            assert error.value.code == "OccurenceConstraintViolation"
        finally:
            await cs.close()


@pytest.mark.parametrize(
    ("base", "part_size", "check"),
    [
        ("FullInventory", 7, lambda data: len(data) > 80),
        ("ConfigurationInventory", 50, lambda data: len(data) > 30),
        ("SummaryInventory", 5, lambda data: len(data) == 11),
    ],
)
async def test_get_base_report_is_split_into_numbered_parts(
    base: str, part_size: int, check: Any
) -> None:
    async with FakeCsms() as csms:
        cs, session = await booted(
            csms, "DM5", evses=(1, 1), report_part_size=part_size
        )
        try:
            result = await session.request(
                call.GetBaseReport(request_id=3, report_base=base)
            )
            assert result.status == "Accepted"
            parts = [await session.expect("NotifyReport")]
            while parts[-1].get("tbc"):
                parts.append(await session.expect("NotifyReport"))
        finally:
            await cs.close()
    assert [p["seqNo"] for p in parts] == list(range(len(parts)))
    assert {p["requestId"] for p in parts} == {3}
    assert all(len(p["reportData"]) == part_size for p in parts[:-1])
    data = [d for p in parts for d in p["reportData"]]
    assert check(data)
    assert len(data) == len(cs.device_model.report(base))
    mutability = {a["mutability"] for d in data for a in d["variableAttribute"]}
    if base == "ConfigurationInventory":
        assert "ReadOnly" not in mutability
    password = [d for d in data if d["variable"]["name"] == "BasicAuthPassword"]
    for entry in password:  # write-only: reported, never its value
        assert "value" not in entry["variableAttribute"][0]


async def test_get_report_filters_by_component_and_criteria() -> None:
    async with FakeCsms() as csms:
        cs, session = await booted(csms, "DM6")
        try:
            wanted = [{"component": {"name": "SampledDataCtrlr"}}]
            result = await session.request(
                call.GetReport(request_id=4, component_variable=wanted)
            )
            assert result.status == "Accepted"
            report = await session.expect("NotifyReport")
            names = {d["component"]["name"] for d in report["reportData"]}
            assert names == {"SampledDataCtrlr"}
            nothing = [{"component": {"name": "Nope"}}]
            result = await session.request(
                call.GetReport(request_id=5, component_variable=nothing)
            )
            assert result.status == "EmptyResultSet"
        finally:
            await cs.close()


async def test_a_new_password_reconnects_with_it_and_is_reported() -> None:
    async with FakeCsms(password="first-password-16") as csms:
        config = SimStationConfig(csms.url("DM7"), password="first-password-16")
        cs = SimChargingStation(config)
        await cs.connect()
        first = await csms.next_session()
        try:
            assert await cs.boot() == "Accepted"
            csms.password = "second-password-16chars"
            new = var(
                "SecurityCtrlr", "BasicAuthPassword", attribute_value=csms.password
            )
            result = await first.request(call.SetVariables(set_variable_data=[new]))
            assert result.set_variable_result[0]["attribute_status"] == "Accepted"
            second = await csms.next_session()
            assert second.auth == basic_auth("DM7", "second-password-16chars")
            event = await second.expect("SecurityEventNotification")
            assert event["type"] == "ReconfigurationOfSecurityParameters"
            assert config.password == "second-password-16chars"
            assert cs.device_model.get(Key("SecurityCtrlr", "BasicAuthPassword")) == (
                "Rejected",
                None,
            )
        finally:
            await cs.close()


async def test_tx_updated_interval_sets_how_often_run_meters() -> None:
    async with FakeCsms() as csms:
        cs = SimChargingStation(
            SimStationConfig(csms.url("DM8"), tx_updated_interval=0)
        )
        stop = asyncio.Event()
        runner = asyncio.create_task(cs.run(stop=stop))
        try:
            session = await csms.next_session()
            await session.expect("StatusNotification")
            await cs.start_transaction(1, "TAG", meter_wh=100)
            await session.expect("TransactionEvent")
            interval = var("SampledDataCtrlr", "TxUpdatedInterval", attribute_value="1")
            await session.request(call.SetVariables(set_variable_data=[interval]))
            periodic = await session.expect("TransactionEvent")
            assert periodic["triggerReason"] == "MeterValuePeriodic"
            again = await session.expect("TransactionEvent")
            assert again["seqNo"] == periodic["seqNo"] + 1
        finally:
            stop.set()
            async with asyncio.timeout(TIMEOUT):
                await runner
            await cs.close()
