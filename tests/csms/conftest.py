"""Fixtures for the central system core, with no Home Assistant."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest

from custom_components.ocpp_central.csms import CentralSystem, Change, Settings


@dataclass
class Recorder:
    """A listener that records what the central system tells it."""

    changes: list[tuple[str, Change, int | None]] = field(default_factory=list)
    passwords: dict[str, str] = field(default_factory=dict)
    persisted: int = 0
    saved: int = 0
    refused_protocols: list[tuple[str, list[str]]] = field(default_factory=list)
    _event: asyncio.Event = field(default_factory=asyncio.Event)

    def charger_changed(
        self, identity: str, change: Change, connector: int | None
    ) -> None:
        self.changes.append((identity, change, connector))
        self._wake()

    def password_issued(self, identity: str, password: str) -> None:
        self.passwords[identity] = password
        self._wake()

    def persist(self, urgent: bool = False) -> None:
        self.persisted += 1

    async def save(self) -> None:
        self.saved += 1

    def unsupported_protocol(self, identity: str, offered: list[str]) -> None:
        self.refused_protocols.append((identity, offered))

    def _wake(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait_for(
        self, identity: str, change: Change, count: int = 1, timeout: float = 10
    ) -> None:
        async with asyncio.timeout(timeout):
            while (
                sum(1 for i, c, _ in self.changes if (i, c) == (identity, change))
                < count
            ):
                await self._event.wait()


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def settings() -> Settings:
    return Settings(host="127.0.0.1", port=0, auto_accept=True, liveness_timeout=0.5)


@pytest.fixture
async def central(
    settings: Settings, recorder: Recorder
) -> AsyncIterator[CentralSystem]:
    system = CentralSystem(settings, recorder)
    await system.start()
    yield system
    await system.stop()


def url(system: CentralSystem, identity: str = "CP1", scheme: str = "ws") -> str:
    return f"{scheme}://127.0.0.1:{system.port}/ocpp/{identity}"


class LineWatch(logging.Handler):
    """Sets `seen` once a log line containing `text` is emitted."""

    def __init__(self, text: str) -> None:
        super().__init__(logging.INFO)
        self.text = text
        self.seen = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.text in record.getMessage():
            self.seen.set()
