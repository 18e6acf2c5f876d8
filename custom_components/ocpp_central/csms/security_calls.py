"""Log uploads and signed firmware, as 1.6's security extension and 2.0.1 word them.

Both versions send the same request and read the same answer; only the
message names differ, so each version passes its own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .errors import ChargerRejected
from .outcalls import status_call
from .protocol import Link
from .timeutil import ocpp_timestamp


async def get_log(
    link: Link,
    action: str,
    log_type: str,
    request_id: int,
    location: str,
    start: datetime | None,
    stop: datetime | None,
) -> str | None:
    """Ask for a log upload; the file name the charger will upload, if any."""
    log: dict[str, Any] = {"remoteLocation": location}
    if start is not None:
        log["oldestTimestamp"] = ocpp_timestamp(start)
    if stop is not None:
        log["latestTimestamp"] = ocpp_timestamp(stop)
    answer = await link.call(
        action, {"logType": log_type, "requestId": request_id, "log": log}
    )
    if answer.get("status") not in ("Accepted", "AcceptedCanceled"):
        raise ChargerRejected(str(answer.get("status")), action)
    name = answer.get("filename")
    return str(name) if name else None


async def update_firmware_signed(
    link: Link,
    action: str,
    request_id: int,
    location: str,
    retrieve: datetime,
    signature: str,
    signing_certificate: str,
    retries: int | None,
    retry_interval_s: int | None,
) -> str:
    """Ask for a signed firmware update; the charger's status."""
    payload: dict[str, Any] = {
        "requestId": request_id,
        "firmware": {
            "location": location,
            "retrieveDateTime": ocpp_timestamp(retrieve),
            "signingCertificate": signing_certificate,
            "signature": signature,
        },
    }
    if retries is not None:
        payload["retries"] = retries
    if retry_interval_s is not None:
        payload["retryInterval"] = retry_interval_s
    return await status_call(link, action, payload, ok=("Accepted", "AcceptedCanceled"))
