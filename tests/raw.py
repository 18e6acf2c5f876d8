"""A raw OCPP-J 1.6 peer for tests that need frames a well-behaved client won't send."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

BOOT_PAYLOAD = {"chargePointVendor": "V", "chargePointModel": "M"}
type Answerer = Callable[[str, dict[str, Any]], list[Any] | None]


def call(message_id: str, action: str, payload: dict[str, Any]) -> str:
    return json.dumps([2, message_id, action, payload])


def refuse_all(action: str, payload: dict[str, Any]) -> list[Any] | None:
    """Answer every call from the central system with NotImplemented."""
    return [4, "NotImplemented", "", {}]


class RawCharger:
    """Sends frames as given; answers the central system's calls by a rule.

    A background reader answers every CALL at once and queues the answers to
    our own frames for `exchange`.
    """

    def __init__(self, ws: ClientConnection, answer: Answerer = refuse_all) -> None:
        self.ws = ws
        self.answer = answer
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._answers: asyncio.Queue[Any] = asyncio.Queue()
        self._called = asyncio.Condition()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for text in self.ws:
            frame = json.loads(text)
            if frame[0] != 2:
                self._answers.put_nowait(frame)
                continue
            self.calls.append((frame[2], frame[3]))
            async with self._called:
                self._called.notify_all()
            reply = self.answer(frame[2], frame[3])
            if reply is None:
                continue
            if reply and reply[0] == 4:
                await self.ws.send(json.dumps([4, frame[1], *reply[1:]]))
            else:
                await self.ws.send(json.dumps([3, frame[1], *reply]))

    async def exchange(self, frame: str | bytes, timeout: float = 5) -> Any:
        """Send a frame and return the answer to it."""
        await self.ws.send(frame)
        async with asyncio.timeout(timeout):
            return await self._answers.get()

    async def wait_for_call(self, action: str, count: int = 1) -> dict[str, Any]:
        """The payload of the `count`-th CALL of `action` (waits for it)."""
        async with asyncio.timeout(10), self._called:
            while len(found := [p for a, p in self.calls if a == action]) < count:
                await self._called.wait()
        return found[count - 1]

    async def stop(self) -> None:
        self._reader.cancel()
        await asyncio.gather(self._reader, return_exceptions=True)

    async def boot(self) -> Any:
        answer = await self.exchange(call("boot", "BootNotification", BOOT_PAYLOAD))
        return answer[2]["status"]


@asynccontextmanager
async def raw_charger(
    url: str, answer: Answerer = refuse_all, **kwargs: Any
) -> AsyncIterator[RawCharger]:
    """A raw 1.6 charger connected to `url` (the charger's full websocket URL)."""
    async with connect(url, subprotocols=["ocpp1.6"], **kwargs) as ws:
        charger = RawCharger(ws, answer)
        try:
            yield charger
        finally:
            await charger.stop()
