"""What chargers do every day is answered, contained and logged in one line."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime
from typing import Any

import pytest

from custom_components.ocpp_central.csms import (
    CentralSystem,
    Change,
    ChargerBadAnswer,
    ChargerTimeout,
    Settings,
)
from tests.raw import call, raw_charger

from .conftest import Recorder, url


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def ours(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno == level and r.name.startswith("custom_components")
    ]


@pytest.fixture
def settings() -> Settings:
    return Settings(
        host="127.0.0.1",
        port=0,
        auto_accept=True,
        liveness_timeout=0.5,
        max_frame_bytes=4096,
        ping_interval=0.2,
        ping_timeout=0.3,
    )


async def _reset(ws: Any) -> None:
    ws.transport.abort()


async def _oversized(ws: Any) -> None:
    await ws.send(call("big", "DataTransfer", {"vendorId": "V", "data": "x" * 8000}))


async def _bad_utf8(ws: Any) -> None:
    await ws.send(b'[2,"u","Heartbeat",{"x":"\xff\xfe"}]', text=True)


async def _stops_answering_pings(ws: Any) -> None:
    ws.transport.pause_reading()


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        (_reset, "connection lost"),
        (_oversized, "too large"),
        (_bad_utf8, "UTF-8"),
        (_stops_answering_pings, "keepalive"),
    ],
    ids=["tcp-reset", "oversized-1009", "bad-utf8-1007", "keepalive-timeout"],
)
async def test_a_dropped_link_is_one_info_line_and_never_a_traceback(
    central: CentralSystem,
    recorder: Recorder,
    caplog: pytest.LogCaptureFixture,
    fault: Any,
    said: str,
) -> None:
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="custom_components.ocpp_central")
    async with raw_charger(url(central)) as cp:
        assert await cp.boot() == "Accepted"
        await cp.wait_for_call("GetConfiguration")
        await fault(cp.ws)
        # A dead peer gets the close handshake's 10 s before the socket goes.
        await recorder.wait_for("CP1", Change.DISCONNECTED, timeout=20)
    assert errors(caplog) == []
    gone = [line for line in ours(caplog, logging.INFO) if "disconnected" in line]
    assert len(gone) == 1 and said in gone[0], gone


async def test_garbage_frames_are_each_answered_but_warned_about_a_few_times(
    central: CentralSystem, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    async with raw_charger(url(central)) as cp:
        await cp.boot()
        for number in range(300):
            answer = await cp.exchange(f"garbage {number}")
            assert answer[0] == 4 and answer[2] == "FormationViolation"
        answer = await cp.exchange(call("hb", "Heartbeat", {}))
        assert answer[0] == 3
    warned = [line for line in ours(caplog, logging.WARNING) if "malformed" in line]
    assert 1 <= len(warned) <= 5


async def test_a_call_sent_again_with_its_message_id_is_handled_once(
    central: CentralSystem, recorder: Recorder
) -> None:
    async with raw_charger(url(central)) as cp:
        await cp.boot()
        frame = call("auth-1", "Authorize", {"idTag": "TAG1"})
        first = await cp.exchange(frame)
        again = await cp.exchange(frame)
        assert again == first and first[0] == 3
        tags = [c for c in recorder.changes if c[1] is Change.TAG]
        assert len(tags) == 1
        # The same id with another payload is a new message (some chargers
        # reuse ids): it is handled.
        other = await cp.exchange(call("auth-1", "Authorize", {"idTag": "TAG2"}))
        assert other[0] == 3
        assert len([c for c in recorder.changes if c[1] is Change.TAG]) == 2


HUGE = 10**400


async def test_numbers_no_meter_can_hold_get_a_constraint_error_not_a_crash(
    central: CentralSystem, caplog: pytest.LogCaptureFixture
) -> None:
    async with raw_charger(url(central)) as cp:
        await cp.boot()
        status = {"connectorId": HUGE, "errorCode": "NoError", "status": "Available"}
        start = {
            "connectorId": 1,
            "idTag": "T",
            "meterStart": HUGE,
            "timestamp": "2026-01-01T10:00:00Z",
        }
        below_zero = {**start, "meterStart": -1}
        for frame in (
            call("s", "StatusNotification", status),
            call("t", "StartTransaction", start),
            call("n", "StartTransaction", below_zero),
        ):
            answer = await cp.exchange(json.dumps(json.loads(frame)))
            assert answer[0] == 4 and answer[2] == "PropertyConstraintViolation"
    assert "InternalError" not in caplog.text
    assert errors(caplog) == []


@pytest.mark.parametrize("meter_stop", [HUGE, -1], ids=["too-large", "negative"])
async def test_an_unreadable_meter_stop_still_gets_its_answer_and_is_flagged(
    central: CentralSystem, meter_stop: int
) -> None:
    async with raw_charger(url(central)) as cp:
        await cp.boot()
        started = await cp.exchange(
            call(
                "t",
                "StartTransaction",
                {
                    "connectorId": 1,
                    "idTag": "T",
                    "meterStart": 1000,
                    "timestamp": "2026-01-01T10:00:00Z",
                },
            )
        )
        tx = started[2]["transactionId"]
        stop = {
            "transactionId": tx,
            "meterStop": meter_stop,
            "timestamp": "2026-01-01T11:00:00Z",
        }
        answer = await cp.exchange(call("p", "StopTransaction", stop))
        assert answer[0] == 3  # a normal answer: the charger stops retrying
    closed = central.chargers["CP1"].connectors[1].last_session
    assert closed is not None and closed.id == tx
    assert closed.flags == ["meter_stop_invalid"]
    assert closed.energy_wh == 0


async def test_a_meter_stop_below_the_start_keeps_the_energy_read_and_is_flagged(
    central: CentralSystem, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with raw_charger(url(central)) as cp:
        await cp.boot()
        started = await cp.exchange(
            call(
                "t",
                "StartTransaction",
                {
                    "connectorId": 1,
                    "idTag": "T",
                    "meterStart": 5000,
                    "timestamp": "2026-01-01T10:00:00Z",
                },
            )
        )
        tx = started[2]["transactionId"]
        reading = {
            "timestamp": "2026-01-01T10:30:00Z",
            "sampledValue": [
                {"value": "5400", "measurand": "Energy.Active.Import.Register"}
            ],
        }
        meter = {"connectorId": 1, "transactionId": tx, "meterValue": [reading]}
        assert (await cp.exchange(call("m", "MeterValues", meter)))[0] == 3
        stop = {
            "transactionId": tx,
            "meterStop": 200,  # the meter was reset or replaced meanwhile
            "timestamp": "2026-01-01T11:00:00Z",
        }
        answer = await cp.exchange(call("p", "StopTransaction", stop))
        assert answer[0] == 3
    closed = central.chargers["CP1"].connectors[1].last_session
    assert closed is not None and closed.id == tx
    assert closed.flags == ["meter_stop_below_start"]
    assert closed.energy_wh == 400
    assert any("below its start" in line for line in ours(caplog, logging.WARNING))
    assert errors(caplog) == []


async def test_an_answer_missing_what_we_need_is_a_typed_error(
    central: CentralSystem, caplog: pytest.LogCaptureFixture
) -> None:
    def answer(action: str, payload: dict[str, Any]) -> list[Any] | None:
        if action == "Reset":
            return [{}]  # no status
        if action == "ClearCache":
            return [{"status": "Accepted", "extra": 1}]  # harmless extra field
        return [4, "NotImplemented", "", {}]

    async with raw_charger(url(central), answer=answer) as cp:
        await cp.boot()
        with pytest.raises(ChargerBadAnswer):
            await central.control.reset("CP1")
        assert await central.control.installer("CP1").clear_cache() == "Accepted"
    assert errors(caplog) == []


async def test_a_command_the_charger_cannot_read_fails_within_its_timeout(
    central: CentralSystem, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    central.settings.ping_interval = None
    async with raw_charger(url(central)) as cp:
        await cp.boot()
        await cp.wait_for_call("GetConfiguration")
        cp.ws.transport.pause_reading()  # the charger stops reading
        session = central.sessions["CP1"]
        big = {"vendorId": "V", "data": "x" * 8_000_000}
        async with asyncio.timeout(10):
            with pytest.raises(ChargerTimeout):
                await session.call("DataTransfer", big, timeout=1)
        await recorder.wait_for("CP1", Change.DISCONNECTED)
    assert any("stopped reading" in line for line in ours(caplog, logging.WARNING))
    assert errors(caplog) == []


async def test_debug_logging_never_breaks_a_command_and_hides_credentials(
    central: CentralSystem, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="custom_components.ocpp_central")

    def answer(action: str, payload: dict[str, Any]) -> list[Any] | None:
        if action == "GetConfiguration":
            keys = [{"key": "AuthorizationKey", "readonly": False, "value": "pw"}]
            return [{"configurationKey": keys, "unknownKey": ["Nope"]}]
        if action == "UpdateFirmware":
            return [{}]
        return [4, "NotImplemented", "", {}]

    async with raw_charger(url(central), answer=answer) as cp:
        await cp.boot()
        found = await central.control.get_configuration(
            "CP1", ["AuthorizationKey", "Nope"]
        )
        assert found["unknown_keys"] == ["Nope"]
        await central.control.installer("CP1").update_firmware(
            "ftp://user:hunter2@files.example/fw.bin", datetime.now(UTC), None, None
        )
        recent = " ".join(text for _, text in central.sessions["CP1"].rpc.recent_frames)
    assert "hunter2" not in caplog.text and '"pw"' not in caplog.text
    assert "files.example/fw.bin" in caplog.text
    assert "hunter2" in recent  # kept raw in memory; redacted when shown
