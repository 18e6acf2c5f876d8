"""Self-test of the command line charger (python -m tests.sim)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.sim.__main__ import charger_urls

from .fake_central import TIMEOUT, FakeCentral
from .fake_csms201 import FakeCsms

REPO = Path(__file__).resolve().parents[2]


def test_charger_urls() -> None:
    url = "ws://h:1/ocpp/CP%201"
    assert charger_urls(url, 1) == [url]
    assert charger_urls(url, 2) == [
        "ws://h:1/ocpp/CP%201-1",
        "ws://h:1/ocpp/CP%201-2",
    ]


@pytest.mark.asyncio
async def test_cli_runs_chargers_until_ctrl_c() -> None:
    async with FakeCentral() as central:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.sim",
            "--url",
            central.url("CLI"),
            "--count",
            "2",
            cwd=REPO,
            stdout=asyncio.subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        assert proc.stdout is not None
        try:
            async with asyncio.timeout(TIMEOUT * 2):
                lines = {(await proc.stdout.readline()).decode() for _ in range(2)}
                assert {line.split(":")[0] for line in lines} == {"CLI-1", "CLI-2"}
                sessions = [await central.next_session() for _ in range(2)]
                assert {s.path for s in sessions} == {"/CLI-1", "/CLI-2"}
                proc.send_signal(signal.SIGINT)
                assert await proc.wait() == 0
                for session in sessions:
                    await session.ws.wait_closed()
                    assert session.ws.close_code == 1000
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()


@pytest.mark.asyncio
async def test_cli_runs_a_2_0_1_station_that_charges() -> None:
    async with FakeCsms() as csms:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.sim",
            "--ocpp",
            "2.0.1",
            "--url",
            csms.url("CLI201"),
            "--evses",
            "1,2",
            "--session",
            "CARD9",
            cwd=REPO,
            stdout=asyncio.subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        assert proc.stdout is not None
        try:
            async with asyncio.timeout(TIMEOUT * 2):
                line = (await proc.stdout.readline()).decode()
                assert line.startswith("CLI201: accepted")
                session = await csms.next_session()
                assert session.ws.subprotocol == "ocpp2.0.1"
                started = await session.expect("TransactionEvent")
                assert started["idToken"]["idToken"] == "CARD9"
                statuses: set[tuple[int, int]] = set()
                while len(statuses) < 3:  # the session's Occupied may come first
                    status = await session.expect("StatusNotification")
                    statuses.add((status["evseId"], status["connectorId"]))
                assert statuses == {(1, 1), (2, 1), (2, 2)}
                proc.send_signal(signal.SIGINT)
                assert await proc.wait() == 0
                await session.ws.wait_closed()
                assert session.ws.close_code == 1000
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
