"""Self-test of the 2.0.1 station: connecting, booting and the boot gate."""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path

import pytest
from ocpp.exceptions import SecurityError
from ocpp.v201 import call
from websockets.exceptions import InvalidHandshake, InvalidStatus

from tests.sim.v201 import BootGateClosed, SimChargingStation, SimStationConfig
from tests.tls import client_context, make_certificate

from .fake_central import TIMEOUT, basic_auth
from .fake_csms201 import FakeCsms


def station(url: str, **options: object) -> SimChargingStation:
    return SimChargingStation(SimStationConfig(url, **options))  # type: ignore[arg-type]


async def test_boot_notification_carries_the_station_and_the_reason() -> None:
    async with FakeCsms() as csms:
        options = {"iccid": "8931", "imsi": "2620", "boot_reason": "Watchdog"}
        async with station(csms.url("CS%201"), **options) as cs:
            session = await csms.next_session()
            assert (cs.id, session.path) == ("CS 1", "/CS%201")
            assert session.ws.subprotocol == "ocpp2.0.1"
            assert await cs.boot() == "Accepted"
            assert await session.expect("BootNotification") == {
                "reason": "Watchdog",
                "chargingStation": {
                    "model": "SimModel201",
                    "vendorName": "SimVendor",
                    "serialNumber": "SIM-201-0001",
                    "firmwareVersion": "2.0.1-sim",
                    "modem": {"iccid": "8931", "imsi": "2620"},
                },
            }
            assert (cs.boot_status, cs.heartbeat_interval) == ("Accepted", 300)


async def test_the_offer_list_picks_the_subprotocol_and_a_foreign_one_is_refused() -> (
    None
):
    async with FakeCsms(subprotocols=("ocpp2.1", "ocpp2.0.1")) as csms:
        offers = ("ocpp2.0.1", "ocpp1.6")
        async with station(csms.url("CS2"), subprotocols=offers):
            session = await csms.next_session()
            assert session.ws.subprotocol == "ocpp2.0.1"
        with pytest.raises(InvalidHandshake):
            await station(csms.url("CS2"), subprotocols=("ocpp0.1",)).connect()


async def test_basic_auth_and_tls_carry_the_2_0_1_password(tmp_path: Path) -> None:
    certfile, keyfile = make_certificate(tmp_path)
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(certfile, keyfile)
    async with FakeCsms(password="0123456789abcdef", ssl=server) as csms:
        url = csms.url("CS3")
        assert url.startswith("wss://")
        tls = client_context(certfile)
        with pytest.raises(InvalidStatus):
            await station(url, ssl=tls, password="wrong-password-16").connect()
        async with station(url, ssl=tls, password="0123456789abcdef") as cs:
            session = await csms.next_session()
            assert session.auth == basic_auth("CS3", "0123456789abcdef")
            assert await cs.boot() == "Accepted"


async def test_pending_gates_requests_until_accepted_and_queues_transactions() -> None:
    async with FakeCsms() as csms:
        csms.boot_answers = [("Pending", 300)]
        async with station(csms.url("CS4")) as cs:
            session = await csms.next_session()
            assert await cs.boot() == "Pending"
            assert (await session.expect("BootNotification"))["reason"] == "PowerUp"
            with pytest.raises(BootGateClosed):
                await cs.heartbeat()
            with pytest.raises(BootGateClosed):
                await cs.authorize("TAG")
            # The car comes anyway: status kept, the transaction queued.
            await cs.plug_in(1)
            tx = await cs.start_transaction(1, "TAG", meter_wh=10)
            assert [q.payload.transaction_info["transaction_id"] for q in cs.queue] == [
                tx
            ]
            assert cs.evses[1].unreported == {1}

            # While Pending the station answers the CSMS, and may send reports.
            result = await session.request(
                call.GetBaseReport(request_id=7, report_base="SummaryInventory")
            )
            assert result.status == "Accepted"
            assert (await session.expect("NotifyReport"))["requestId"] == 7

            # A triggered BootNotification is sent at once; Accepted opens the gate.
            result = await session.request(
                call.TriggerMessage(requested_message="BootNotification")
            )
            assert result.status == "Accepted"
            assert (await session.expect("BootNotification"))["reason"] == "Triggered"
            event = await session.expect("TransactionEvent")
            assert (event["eventType"], event["seqNo"]) == ("Started", 0)
            assert "offline" not in event  # it happened while connected
            status = await session.expect("StatusNotification")
            assert status["connectorStatus"] == "Occupied"
            assert session.refused == []
            assert cs.queue == [] and cs.evses[1].unreported == set()
            # Accepted: a second triggered boot makes no sense.
            result = await session.request(
                call.TriggerMessage(requested_message="BootNotification")
            )
            assert result.status == "Rejected"


async def test_a_station_ignoring_the_gate_gets_security_errors() -> None:
    async with FakeCsms() as csms:
        csms.boot_answers = [("Rejected", 300)]
        async with station(csms.url("CS5"), ignore_boot_gate=True) as cs:
            session = await csms.next_session()
            assert await cs.boot() == "Rejected"
            with pytest.raises(SecurityError):
                await cs.heartbeat()
            with pytest.raises(SecurityError):
                await cs.status(1, 1, "Available")
            assert session.refused == ["Heartbeat", "StatusNotification"]


async def test_run_retries_after_the_pending_interval_and_reports_connectors() -> None:
    async with FakeCsms() as csms:
        csms.boot_answers = [("Pending", 1), ("Rejected", 1)]
        cs = station(csms.url("CS6"), evses=(1, 2))
        stop = asyncio.Event()
        accepted: list[str | None] = []
        runner = asyncio.create_task(
            cs.run(stop=stop, on_accepted=lambda c: accepted.append(c.boot_status))
        )
        try:
            session = await csms.next_session()
            for _ in range(3):
                await session.expect("BootNotification")
            states = [await session.expect("StatusNotification") for _ in range(3)]
            assert [(s["evseId"], s["connectorId"]) for s in states] == [
                (1, 1),
                (2, 1),
                (2, 2),
            ]
            assert accepted == ["Accepted"]
            assert session.actions[:3] == ["BootNotification"] * 3
        finally:
            stop.set()
            async with asyncio.timeout(TIMEOUT):
                await runner
            await cs.close()
