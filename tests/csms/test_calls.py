"""Calls to a charger: one at a time, a timeout, and prompt failure on a drop."""

from __future__ import annotations

import asyncio

import pytest

from custom_components.ocpp_central.csms import (
    CentralSystem,
    ChargerNotSupported,
    ChargerOffline,
    ChargerRejected,
    ChargerTimeout,
)
from tests.sim import NOANSWER, SimChargePoint, SimConfig

from .conftest import url


async def test_a_call_without_answer_times_out_and_the_next_call_works(
    central: CentralSystem,
) -> None:
    async with SimChargePoint(
        SimConfig(url(central), answers={"Reset": NOANSWER})
    ) as cp:
        await cp.boot()
        session = central.sessions["CP1"]
        with pytest.raises(ChargerTimeout):
            await session.call("Reset", {"type": "Soft"}, timeout=0.2)
        answer = await session.call("ClearCache", {})
        assert answer == {"status": "Accepted"}


async def test_calls_go_out_one_at_a_time(central: CentralSystem) -> None:
    async with SimChargePoint(SimConfig(url(central))) as cp:
        await cp.boot()
        await cp.wait_for_call("GetConfiguration")
        session = central.sessions["CP1"]
        answers = await asyncio.gather(
            *(session.call("ClearCache", {}) for _ in range(5))
        )
        assert answers == [{"status": "Accepted"}] * 5


async def test_a_dropped_connection_fails_the_waiting_call_at_once(
    central: CentralSystem,
) -> None:
    async with SimChargePoint(
        SimConfig(url(central), answers={"Reset": NOANSWER})
    ) as cp:
        await cp.boot()
        session = central.sessions["CP1"]
        pending = asyncio.create_task(
            session.call("Reset", {"type": "Hard"}, timeout=20)
        )
        await cp.wait_for_call("Reset")
        await cp.close()
        async with asyncio.timeout(5):
            with pytest.raises(ChargerOffline):
                await pending
        with pytest.raises(ChargerOffline):
            await session.call("ClearCache", {})


async def test_callerrors_become_typed_errors(central: CentralSystem) -> None:
    # An answer that fails the charger's own schema check becomes a CALLERROR.
    config = SimConfig(url(central), answers={"DataTransfer": "Bogus"})
    async with SimChargePoint(config) as cp:
        await cp.boot()
        session = central.sessions["CP1"]
        with pytest.raises(ChargerNotSupported):
            await session.call("SignCertificate", {"csr": "x"}, timeout=5)
        with pytest.raises(ChargerRejected) as rejected:
            await session.call("DataTransfer", {"vendorId": "x"})
        assert not isinstance(rejected.value, ChargerNotSupported)
