"""Calls to a charger whose answer is a status, and housekeeping steps.

Shared by the protocol adapters: a status outside what the command accepts
becomes a typed error, and a housekeeping step that fails is one warning
line, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any

from .callslot import Priority
from .errors import ChargerError, ChargerNotSupported, ChargerRejected
from .protocol import Link

_LOGGER = logging.getLogger(__name__)

NOT_SUPPORTED = frozenset({"NotSupported", "NotImplemented"})
# Housekeeping gives up sooner than a command: it is tried again next time.
HOUSEKEEPING_TIMEOUT = 15.0


def timeout_for(priority: Priority) -> float | None:
    """The call timeout of a priority (None: the connection's default)."""
    return HOUSEKEEPING_TIMEOUT if priority is Priority.HOUSEKEEPING else None


async def status_call(
    link: Link,
    action: str,
    payload: dict[str, Any],
    ok: tuple[str, ...] = ("Accepted",),
    priority: Priority = Priority.CONTROL,
) -> str:
    """Send a CALL whose answer has a `status`; return it if it is `ok`.

    Raises `ChargerNotSupported` for NotSupported/NotImplemented and
    `ChargerRejected` for any other status.
    """
    answer = await link.call(action, payload, timeout_for(priority), priority)
    status = str(answer.get("status", ""))
    if status in NOT_SUPPORTED:
        raise ChargerNotSupported(status, action)
    if status not in ok:
        raise ChargerRejected(status, action)
    return status


async def housekeeping(link: Link, what: str, step: Awaitable[object]) -> bool:
    """Run one housekeeping step; a charger's failure is one warning line."""
    try:
        await step
    except ChargerError as err:
        _LOGGER.warning(
            "%s: could not %s after it connected: %s",
            link.identity,
            what,
            err or type(err).__name__,
        )
        return False
    return True
