"""Display messages (2.0.1 O01-O06): set, list and clear what a station shows.

Listing is asked with GetDisplayMessages and answered in NotifyDisplayMessages
parts (tbc), collected here by request id.
"""

from __future__ import annotations

import asyncio
import itertools
from datetime import datetime
from typing import Any

from ..errors import ChargerNotSupported, ChargerRejected, ChargerTimeout
from ..outcalls import status_call
from ..protocol import Answer, Link
from ..timeutil import ocpp_timestamp

LIST_TIMEOUT = 30.0  # s for every part of the list to arrive
PRIORITIES = {
    "always_front": "AlwaysFront",
    "in_front": "InFront",
    "normal_cycle": "NormalCycle",
}


class DisplayMessages:
    """One station's display messages."""

    def __init__(self, link: Link) -> None:
        self.link = link
        self._request_ids = itertools.count(1)
        self._lists: dict[int, tuple[list[dict[str, Any]], asyncio.Future[None]]] = {}

    async def set_display_message(
        self,
        message_id: int,
        text: str,
        priority: str = "normal_cycle",
        language: str | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        transaction_id: str | None = None,
    ) -> str:
        """SetDisplayMessage (plain text); returns the station's status."""
        content: dict[str, Any] = {"format": "UTF8", "content": text}
        if language:
            content["language"] = language
        message: dict[str, Any] = {
            "id": message_id,
            "priority": PRIORITIES.get(priority, priority),
            "message": content,
        }
        if start is not None:
            message["startDateTime"] = ocpp_timestamp(start)
        if end is not None:
            message["endDateTime"] = ocpp_timestamp(end)
        if transaction_id:
            message["transactionId"] = transaction_id
        answer = await self.link.call("SetDisplayMessage", {"message": message})
        status = str(answer.get("status"))
        if status.startswith("NotSupported"):
            raise ChargerNotSupported(status, "SetDisplayMessage")
        if status != "Accepted":
            raise ChargerRejected(status, "SetDisplayMessage")
        return status

    async def get_display_messages(self) -> list[dict[str, Any]]:
        """Every message the station has configured (possibly none)."""
        request_id = next(self._request_ids)
        collected: list[dict[str, Any]] = []
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._lists[request_id] = (collected, done)
        try:
            answer = await self.link.call(
                "GetDisplayMessages", {"requestId": request_id}
            )
            if answer.get("status") != "Accepted":
                return []  # Unknown: nothing configured
            try:
                async with asyncio.timeout(LIST_TIMEOUT):
                    await asyncio.shield(done)
            except TimeoutError as err:
                raise ChargerTimeout(
                    f"{self.link.charger.identity}: the message list never completed"
                ) from err
            return collected
        finally:
            self._lists.pop(request_id, None)

    def notify(self, payload: dict[str, Any]) -> Answer:
        """One NotifyDisplayMessages part."""
        found = self._lists.get(int(payload["requestId"]))
        if found is not None:
            collected, done = found
            collected.extend(payload.get("messageInfo", []))
            if not payload.get("tbc") and not done.done():
                done.set_result(None)
        return {}, None

    async def clear_display_message(self, message_id: int) -> str:
        """ClearDisplayMessage."""
        return await status_call(self.link, "ClearDisplayMessage", {"id": message_id})
