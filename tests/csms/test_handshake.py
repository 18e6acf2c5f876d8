"""Who may connect: identity, subprotocol, passwords and duplicate connections."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from urllib.parse import unquote

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from custom_components.ocpp_central.csms import (
    CentralSystem,
    Change,
    SecurityProfile,
    Settings,
)
from custom_components.ocpp_central.csms.auth import hash_password
from custom_components.ocpp_central.csms.model import Charger

from .conftest import LineWatch, Recorder, url

BOOT = json.dumps(
    [2, "b", "BootNotification", {"chargePointVendor": "V", "chargePointModel": "M"}]
)


def basic(username: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


async def status_of(central: CentralSystem, path: str, **kwargs: object) -> int:
    with pytest.raises(InvalidStatus) as refused:
        async with connect(
            f"ws://127.0.0.1:{central.port}{path}", subprotocols=["ocpp1.6"], **kwargs
        ):  # type: ignore[arg-type]
            pass
    return refused.value.response.status_code


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/ocpp/",
        "/" + "A" * 49,
        "/CP%0A1",
        "/CP%2F1",
        "/ocpp/..",
        "/CP%2E%2E1",
        "/%FF",
    ],
)
async def test_bad_identity_is_refused_with_400(
    central: CentralSystem, path: str
) -> None:
    assert await status_of(central, path) == 400


@pytest.mark.parametrize("path", ["/CP%201", "/ocpp/v16/CP-1", "/" + "A" * 48])
async def test_identity_is_the_last_percent_decoded_segment(
    central: CentralSystem, path: str
) -> None:
    async with connect(
        f"ws://127.0.0.1:{central.port}{path}", subprotocols=["ocpp1.6"]
    ) as ws:
        await ws.send('[2, "h", "Heartbeat", {}]')
        await ws.recv()
        assert unquote(path.rsplit("/", 1)[-1]) in central.sessions


async def test_subprotocol_follows_the_chargers_preference_among_ours(
    central: CentralSystem,
) -> None:
    async with connect(url(central), subprotocols=["ocpp2.1", "ocpp1.6"]) as ws:
        assert ws.subprotocol == "ocpp1.6"
    async with connect(
        url(central, "CP2"), subprotocols=["ocpp1.6", "ocpp2.0.1"]
    ) as ws:
        assert ws.subprotocol == "ocpp1.6"
    async with connect(
        url(central, "CP3"), subprotocols=["ocpp2.0.1", "ocpp1.6"]
    ) as ws:
        assert ws.subprotocol == "ocpp2.0.1"


async def test_charger_offering_no_supported_protocol_is_closed_and_logged(
    central: CentralSystem, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    async with connect(url(central), subprotocols=["ocpp2.1", "ocpp0.9"]) as ws:
        assert ws.subprotocol is None
        with pytest.raises(ConnectionClosed):
            await ws.recv()
        assert ws.close_code == 1002
    assert "ocpp2.1, ocpp0.9" in caplog.text
    assert "CP1" not in central.sessions
    assert recorder.refused_protocols == [("CP1", ["ocpp2.1", "ocpp0.9"])]


@pytest.fixture
def settings() -> Settings:
    return Settings(
        host="127.0.0.1",
        port=0,
        security_profile=SecurityProfile.BASIC_AUTH,
        liveness_timeout=0.5,
    )


@pytest.fixture
async def secured(central: CentralSystem) -> CentralSystem:
    central.chargers["CP1"] = Charger(
        "CP1", accepted=True, password=hash_password("s3cret-password!")
    )
    return central


@pytest.mark.parametrize(
    "headers",
    [
        {},
        basic("CP1", "wrong-password"),
        basic("CP2", "s3cret-password!"),
        {"Authorization": "Basic !!notbase64"},
        {"Authorization": "Bearer s3cret-password!"},
    ],
    ids=[
        "no-password",
        "wrong-password",
        "username-not-identity",
        "garbage",
        "not-basic",
    ],
)
async def test_profile_1_refuses_bad_credentials_with_401(
    secured: CentralSystem, headers: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert await status_of(secured, "/CP1", additional_headers=headers) == 401
    ours = [
        r.getMessage() for r in caplog.records if r.name.startswith("custom_components")
    ]
    assert ours and not any("s3cret-password!" in line for line in ours)
    assert "CP1" not in secured.sessions


async def test_profile_1_admits_the_right_password(secured: CentralSystem) -> None:
    async with connect(
        url(secured),
        subprotocols=["ocpp1.6"],
        additional_headers=basic("CP1", "s3cret-password!"),
    ) as ws:
        await ws.send(BOOT)
        answer = json.loads(await ws.recv())
        assert answer[2]["status"] == "Accepted"
        assert secured.sessions["CP1"].authenticated


async def test_authenticated_newcomer_replaces_the_old_connection(
    secured: CentralSystem,
) -> None:
    creds = basic("CP1", "s3cret-password!")
    async with connect(
        url(secured), subprotocols=["ocpp1.6"], additional_headers=creds
    ) as old:
        await old.send('[2, "h", "Heartbeat", {}]')
        await old.recv()
        first = secured.sessions["CP1"]
        async with connect(
            url(secured), subprotocols=["ocpp1.6"], additional_headers=creds
        ) as new:
            await new.send('[2, "h", "Heartbeat", {}]')
            await new.recv()
            await old.wait_closed()
            assert old.close_code == 1000
            assert secured.sessions["CP1"] is not first
            assert (
                len([s for s in secured.sessions.values() if s.identity == "CP1"]) == 1
            )


async def test_a_reconnect_is_served_while_the_old_link_is_still_closing(
    secured: CentralSystem,
) -> None:
    # A charger lost its network and reconnects: its old connection never
    # answers our close. The new one must be served at once, not after the
    # close times out (10 s), and calls must go to the new one.
    creds = basic("CP1", "s3cret-password!")
    async with connect(
        url(secured), subprotocols=["ocpp1.6"], additional_headers=creds
    ) as old:
        await old.send('[2, "h", "Heartbeat", {}]')
        await old.recv()
        old.transport.pause_reading()  # half-open: our close frame goes unread
        async with connect(
            url(secured), subprotocols=["ocpp1.6"], additional_headers=creds
        ) as new:
            await new.send('[2, "h", "Heartbeat", {}]')
            # Answered while the old link still waits for its closing handshake.
            answer = await asyncio.wait_for(new.recv(), 5)
            assert json.loads(answer)[1] == "h"
            assert secured.sessions["CP1"].websocket.remote_address == (
                new.local_address
            )
            assert old.state.name == "OPEN"  # our close frame is still unread
        old.transport.resume_reading()


async def test_unauthenticated_newcomer_never_displaces_a_live_session(
    secured: CentralSystem,
) -> None:
    creds = basic("CP1", "s3cret-password!")
    async with connect(
        url(secured), subprotocols=["ocpp1.6"], additional_headers=creds
    ) as old:
        await old.send('[2, "h", "Heartbeat", {}]')
        await old.recv()
        # Profile 0 style: nobody is authenticated, so the live one stays.
        secured.settings.security_profile = SecurityProfile.NONE
        async with connect(url(secured), subprotocols=["ocpp1.6"]) as intruder:
            with pytest.raises(ConnectionClosed):
                await intruder.recv()
            assert intruder.close_code == 1008
        await old.send('[2, "h2", "Heartbeat", {}]')
        assert json.loads(await old.recv())[1] == "h2"


async def test_unauthenticated_newcomer_replaces_a_dead_session(
    central: CentralSystem,
) -> None:
    async with connect(
        url(central), subprotocols=["ocpp1.6"], close_timeout=0.1
    ) as old:
        await old.send('[2, "h", "Heartbeat", {}]')
        await old.recv()
        old.transport.pause_reading()  # a half-open connection: pings go unanswered
        async with connect(url(central), subprotocols=["ocpp1.6"]) as new:
            await new.send('[2, "h", "Heartbeat", {}]')
            assert json.loads(await asyncio.wait_for(new.recv(), 5))[1] == "h"
            assert central.sessions["CP1"].websocket is not old


async def test_a_session_answers_pings_while_connected_and_is_dead_once_closed(
    central: CentralSystem, recorder: Recorder
) -> None:
    async with connect(url(central), subprotocols=["ocpp1.6"]) as ws:
        await ws.send('[2, "h", "Heartbeat", {}]')
        await ws.recv()
        session = central.sessions["CP1"]
        assert await session.is_alive()
    await recorder.wait_for("CP1", Change.DISCONNECTED)
    assert session.rpc.closed
    assert not await session.is_alive()


async def test_newcomers_queued_behind_a_liveness_check_are_let_in_one_at_a_time(
    central: CentralSystem,
) -> None:
    # A charger that drops its link again and again: every newcomer must
    # wait while the one before it checks whether the old link still lives,
    # or two of them take the charger at once and one is served unseen.
    central.settings.liveness_timeout = 1.5  # the window the fourth comes in
    dead = LineWatch("the old connection is dead; replaced")
    logging.getLogger("custom_components.ocpp_central.csms.system").addHandler(dead)
    hello = '[2, "h", "Heartbeat", {}]'
    try:
        async with connect(url(central), subprotocols=["ocpp1.6"]) as first:
            await first.send(hello)
            await first.recv()
            first.transport.pause_reading()  # its pings go unanswered
            async with connect(url(central), subprotocols=["ocpp1.6"]) as second:
                second.transport.pause_reading()  # dead as well, once served
                # The second checks the first (dead); the third waits for it.
                third = await connect(url(central), subprotocols=["ocpp1.6"])
                await asyncio.wait_for(dead.seen.wait(), 5)
                # The third now checks the second; a fourth comes meanwhile.
                async with connect(url(central), subprotocols=["ocpp1.6"]) as fourth:
                    await third.send(hello)
                    assert json.loads(await asyncio.wait_for(third.recv(), 5))[1] == "h"
                    with pytest.raises(ConnectionClosed):
                        await asyncio.wait_for(fourth.recv(), 5)
                    assert fourth.close_code == 1008  # the third one lives
                    session = central.sessions["CP1"]
                    assert session.websocket.remote_address == third.local_address
                await third.close()
                second.transport.resume_reading()
            first.transport.resume_reading()
    finally:
        logging.getLogger("custom_components.ocpp_central.csms.system").removeHandler(
            dead
        )


async def test_a_port_probe_is_not_logged_as_an_error(
    central: CentralSystem, caplog: pytest.LogCaptureFixture
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", central.port)
    writer.write(b"HELLO\r\n\r\n")
    await writer.drain()
    await reader.read()  # the server closes the connection
    writer.close()
    await writer.wait_closed()
    async with connect(url(central), subprotocols=["ocpp1.6"]) as ws:
        await ws.send('[2, "h", "Heartbeat", {}]')
        await ws.recv()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_websockets_errors_other_than_a_failed_handshake_still_reach_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A bug of ours inside a connection must not be hidden with the probes.
    websockets = logging.getLogger("custom_components.ocpp_central.csms.system")
    websockets = websockets.getChild("websockets")
    websockets.error("opening handshake failed")
    websockets.error("connection handler failed")
    logged = [r.getMessage() for r in caplog.records if r.name == websockets.name]
    assert logged == ["connection handler failed"]
