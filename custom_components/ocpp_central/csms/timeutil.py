"""Timestamps as OCPP writes them."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """The current time, timezone-aware."""
    return datetime.now(UTC)


def ocpp_timestamp(moment: datetime | None = None) -> str:
    """Format as RFC 3339 UTC with milliseconds, e.g. 2026-01-01T12:00:00.000Z."""
    moment = (moment or utc_now()).astimezone(UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_timestamp(text: str | None) -> datetime | None:
    """Parse an RFC 3339 timestamp; None when absent or unreadable."""
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed
