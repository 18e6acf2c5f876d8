"""Strangers on the network: they get clear refusals, cost little, leave nothing."""

from __future__ import annotations

import asyncio
import base64
import gc
import logging
from typing import Any

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from custom_components.ocpp_central.csms import (
    CentralSystem,
    SecurityProfile,
    Settings,
    handshake,
)
from custom_components.ocpp_central.csms.auth import hash_password, verify_password
from custom_components.ocpp_central.csms.model import Charger
from tests.sim import SimChargePoint, SimConfig

from .conftest import url

PASSWORD = "00112233445566778899aabbccddeeff"  # hex, as we issue them


def basic_raw(username: bytes, password: bytes) -> dict[str, str]:
    token = base64.b64encode(username + b":" + password).decode()
    return {"Authorization": f"Basic {token}"}


def basic(username: str, password: str) -> dict[str, str]:
    return basic_raw(username.encode(), password.encode())


async def refusal(
    central: CentralSystem, path: str = "/CP1", **kwargs: Any
) -> tuple[int, bytes]:
    with pytest.raises(InvalidStatus) as refused:
        async with connect(
            f"ws://127.0.0.1:{central.port}{path}", subprotocols=["ocpp1.6"], **kwargs
        ):
            pass
    response = refused.value.response
    return response.status_code, response.body


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
        "CP1", accepted=True, password=hash_password(PASSWORD)
    )
    return central


async def http(central: CentralSystem, request: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", central.port)
    writer.write(request)
    await writer.drain()
    answer = await reader.read()
    writer.close()
    await writer.wait_closed()
    return answer


async def test_plain_http_requests_are_refused_and_leave_nothing_behind(
    central: CentralSystem,
) -> None:
    plain = b"GET /CP1 HTTP/1.1\r\nHost: x\r\n\r\n"
    broken = (
        b"GET /CP1 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
        b"Connection: Upgrade\r\n\r\n"  # no key, no version: not a handshake
    )
    for _ in range(26):
        assert (await http(central, plain)).startswith(b"HTTP/1.1 426")
        assert (await http(central, broken)).startswith(b"HTTP/1.1 4")
    gc.collect()
    assert len(central._admissions) == 0
    assert central.sessions == {} and central.chargers == {}


@pytest.mark.parametrize(
    "path",
    ["/%20CP1", "/CP1%20", "/CP%3A1", "/CP%E2%80%8B1", "/CP%C2%A01", "/%09CP1"],
    ids=["leading-space", "trailing-space", "colon", "zero-width", "nbsp", "tab"],
)
async def test_look_alike_identities_are_refused_with_400(
    central: CentralSystem, path: str
) -> None:
    assert (await refusal(central, path))[0] == 400
    assert central.chargers == {}


async def test_failed_logins_are_throttled_without_hashing_and_logged_sparingly(
    secured: CentralSystem,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.WARNING)
    hashes = 0

    def counting(password: str, stored: Any) -> bool:
        nonlocal hashes
        hashes += 1
        return verify_password(password, stored)

    monkeypatch.setattr(handshake, "verify_password", counting)
    wrong = basic("CP1", "not-the-password")
    statuses = [(await refusal(secured, additional_headers=wrong))[0] for _ in range(4)]
    assert statuses == [401] * 4
    hashed = hashes
    status, _ = await refusal(secured, additional_headers=wrong)
    assert status == 429
    # Even the right password waits out the backoff, at no hashing cost.
    assert (await refusal(secured, additional_headers=basic("CP1", PASSWORD)))[0] == 429
    assert hashes == hashed
    for _ in range(20):
        await refusal(secured, additional_headers=wrong)
    ours = [r for r in caplog.records if r.name.startswith("custom_components")]
    assert 1 <= len(ours) <= 6


async def test_one_address_cannot_guess_across_many_identities(
    secured: CentralSystem,
) -> None:
    for number in range(11):  # ten free failures per address, then backoff
        identity = f"CP{number + 2}"
        secured.chargers[identity] = Charger(
            identity, accepted=True, password=hash_password(PASSWORD)
        )
        status, _ = await refusal(
            secured, f"/{identity}", additional_headers=basic(identity, "guess")
        )
        assert status == 401
    status, _ = await refusal(secured, additional_headers=basic("CP1", "guess"))
    assert status == 429


async def test_a_refusal_reads_the_same_whether_the_identity_exists_or_not(
    secured: CentralSystem,
) -> None:
    known = await refusal(secured, additional_headers=basic("CP1", "wrong"))
    unknown = await refusal(secured, "/CPX", additional_headers=basic("CPY", "wrong"))
    nothing = await refusal(secured)
    assert known == unknown == nothing
    assert known[0] == 401


async def test_a_hex_key_sent_as_its_bytes_is_accepted(
    secured: CentralSystem,
) -> None:
    # Chargers following the security white paper hex-decode AuthorizationKey.
    headers = basic_raw(b"CP1", bytes.fromhex(PASSWORD))
    async with connect(
        url(secured), subprotocols=["ocpp1.6"], additional_headers=headers
    ) as ws:
        await ws.send('[2, "h", "Heartbeat", {}]')
        await ws.recv()
        assert secured.sessions["CP1"].authenticated


async def test_new_identities_from_one_address_are_limited(
    secured: CentralSystem,
) -> None:
    opened = [
        await connect(url(secured, f"NEW{number}"), subprotocols=["ocpp1.6"])
        for number in range(10)
    ]
    try:
        status, _ = await refusal(secured, "/NEW10")
        assert status == 429
        assert "NEW10" not in secured.chargers
    finally:
        for ws in opened:
            await ws.close()


async def test_a_password_set_through_configuration_is_kept_once_accepted(
    secured: CentralSystem,
) -> None:
    config = SimConfig(url(secured), password=PASSWORD)
    async with SimChargePoint(config) as cp:
        assert await cp.boot() == "Accepted"
        await cp.wait_for_call("GetConfiguration")
        control = secured.control
        status = await control.change_configuration(
            "CP1", "AuthorizationKey", "a-new-password-of-20"
        )
        assert status == "Accepted"
        stored = secured.chargers["CP1"].password
        assert stored is not None and verify_password("a-new-password-of-20", stored)
        # The charger reconnects with the new password (it does not boot).
        await cp.wait_closed()
        await cp.connect()
        await cp.wait_for_call("GetLocalListVersion")
        assert secured.sessions["CP1"].authenticated
        # Refused: the old password stays, so the charger is never locked out.
        cp.config.answers["ChangeConfiguration"] = "Rejected"
        with pytest.raises(Exception, match="Rejected"):
            await control.rotate_password("CP1")
        assert secured.chargers["CP1"].password is stored
