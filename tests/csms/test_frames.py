"""Every malformed frame gets the CALLERROR OCPP-J 1.6 names; nothing else breaks."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from custom_components.ocpp_central.csms import CentralSystem

from .conftest import url

STATUS = {"connectorId": 1, "errorCode": "NoError", "status": "Available"}


async def exchange(ws: ClientConnection, frame: str | bytes) -> Any:
    """Send a frame and return the answer, refusing the central system's own calls."""
    await ws.send(frame)
    async with asyncio.timeout(5):
        while True:
            answer = json.loads(await ws.recv())
            if answer[0] != 2:
                return answer
            await ws.send(json.dumps([4, answer[1], "NotImplemented", "", {}]))


async def boot(ws: ClientConnection) -> None:
    boot_payload = {"chargePointVendor": "V", "chargePointModel": "M"}
    answer = await exchange(
        ws, json.dumps([2, "boot", "BootNotification", boot_payload])
    )
    assert answer[2]["status"] == "Accepted"


async def heartbeat_works(ws: ClientConnection, message_id: str = "hb") -> None:
    answer = await exchange(ws, json.dumps([2, message_id, "Heartbeat", {}]))
    assert answer[0:2] == [3, message_id]
    assert "currentTime" in answer[2]


@pytest.mark.parametrize(
    ("frame", "expected_id", "expected_code"),
    [
        ("this is not json", "-1", "FormationViolation"),
        ('{"not": "an array"}', "-1", "FormationViolation"),
        ("[]", "-1", "FormationViolation"),
        ('[2, "f1", "Heartbeat"]', "f1", "FormationViolation"),
        ('[2, "f2", "Heartbeat", {}, "extra"]', "f2", "FormationViolation"),
        ('[2, 17, "Heartbeat", {}]', "-1", "FormationViolation"),
        (json.dumps([2, "x" * 37, "Heartbeat", {}]), "x" * 37, "FormationViolation"),
        ('[2, "f3", 42, {}]', "f3", "FormationViolation"),
        ('[2, "f4", "Heartbeat", [1, 2]]', "f4", "FormationViolation"),
        ('[9, "f5", "Heartbeat", {}]', "f5", "FormationViolation"),
        ('[2, "f6", "MakeCoffee", {}]', "f6", "NotImplemented"),
        ('[2, "f7", "RemoteStartTransaction", {"idTag": "A"}]', "f7", "NotSupported"),
        (
            json.dumps([2, "f8", "StatusNotification", {**STATUS, "connectorId": "1"}]),
            "f8",
            "TypeConstraintViolation",
        ),
        (
            json.dumps(
                [
                    2,
                    "f9",
                    "StatusNotification",
                    {"connectorId": 1, "status": "Available"},
                ]
            ),
            "f9",
            "ProtocolError",
        ),
        (
            json.dumps([2, "f10", "StatusNotification", {**STATUS, "colour": "red"}]),
            "f10",
            "FormationViolation",
        ),
        (
            json.dumps(
                [2, "f11", "StatusNotification", {**STATUS, "status": "Dancing"}]
            ),
            "f11",
            "PropertyConstraintViolation",
        ),
        (
            json.dumps(
                [
                    2,
                    "f12",
                    "BootNotification",
                    {"chargePointVendor": "V" * 21, "chargePointModel": "M"},
                ]
            ),
            "f12",
            "TypeConstraintViolation",
        ),
        (
            json.dumps([2, "f13", "StatusNotification", {**STATUS, "connectorId": -1}]),
            "f13",
            "PropertyConstraintViolation",
        ),
        ("[" * 100_000 + "]" * 100_000, "-1", "FormationViolation"),
        (b"\xff\xfe not utf-8", "-1", "FormationViolation"),
    ],
)
async def test_malformed_frame_gets_the_named_callerror_and_nothing_else_breaks(
    central: CentralSystem, frame: str | bytes, expected_id: str, expected_code: str
) -> None:
    async with (
        connect(url(central, "CP1"), subprotocols=["ocpp1.6"]) as ws,
        connect(url(central, "CP2"), subprotocols=["ocpp1.6"]) as bystander,
    ):
        await boot(ws)
        await heartbeat_works(bystander, "before")
        answer = await exchange(ws, frame)
        assert answer[0] == 4
        assert answer[1] == expected_id
        assert answer[2] == expected_code
        assert isinstance(answer[3], str)
        assert answer[4] == {}
        await heartbeat_works(ws)
        await heartbeat_works(bystander, "after")


async def test_null_payload_means_an_empty_object(central: CentralSystem) -> None:
    async with connect(url(central), subprotocols=["ocpp1.6"]) as ws:
        answer = await exchange(ws, '[2, "n1", "Heartbeat", null]')
        assert answer[0:2] == [3, "n1"]
        assert "currentTime" in answer[2]


async def test_stray_responses_are_dropped_without_an_answer(
    central: CentralSystem,
) -> None:
    async with connect(url(central), subprotocols=["ocpp1.6"]) as ws:
        for stray in (
            '[3, "nobody", {}]',
            '[4, "nobody", "GenericError", "", {}]',
            "[3, 5]",
        ):
            await ws.send(stray)
        # The next answer is the heartbeat's: nothing was sent for the strays.
        await heartbeat_works(ws)
        assert not central.sessions["CP1"].rpc._pending


async def test_frame_over_one_mebibyte_closes_only_that_connection(
    central: CentralSystem,
) -> None:
    async with (
        connect(url(central, "CP1"), subprotocols=["ocpp1.6"], max_size=None) as ws,
        connect(url(central, "CP2"), subprotocols=["ocpp1.6"]) as bystander,
    ):
        huge = json.dumps(
            [2, "big", "DataTransfer", {"vendorId": "V", "data": "x" * (1 << 20)}]
        )
        await ws.send(huge)
        with pytest.raises(ConnectionClosed):
            await ws.recv()
        assert ws.close_code == 1009
        await heartbeat_works(bystander)


async def test_a_handler_failure_is_an_internal_error_and_the_session_goes_on(
    central: CentralSystem, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with connect(url(central), subprotocols=["ocpp1.6"]) as ws:
        await boot(ws)
        adapter = central.sessions["CP1"].adapter

        def broken(payload: dict[str, Any]) -> Any:
            raise RuntimeError("bug")

        monkeypatch.setitem(adapter._handlers, "DataTransfer", broken)
        answer = await exchange(
            ws, json.dumps([2, "d1", "DataTransfer", {"vendorId": "V"}])
        )
        assert answer[:3] == [4, "d1", "InternalError"]
        await heartbeat_works(ws)
