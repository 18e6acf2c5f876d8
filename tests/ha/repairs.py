"""Reading repair issues and walking their fix flows the way the frontend does."""

from __future__ import annotations

import asyncio
from typing import Any

from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.ocpp_central.const import DOMAIN
from custom_components.ocpp_central.issues import issue_id


def issue(
    hass: HomeAssistant, kind: str, entry: MockConfigEntry, *parts: str | int
) -> ir.IssueEntry | None:
    """The active issue of this kind for the entry (and charger), if raised."""
    found = ir.async_get(hass).async_get_issue(
        DOMAIN, issue_id(kind, entry.entry_id, *parts)
    )
    return found if found is not None and found.active else None


async def wait_for_issue(
    hass: HomeAssistant,
    kind: str,
    entry: MockConfigEntry,
    *parts: str | int,
    timeout: float = 10,
) -> ir.IssueEntry:
    """Wait, event-driven, until the issue is raised."""
    raised = asyncio.Event()

    @callback
    def updated(event: Event[Any]) -> None:
        if issue(hass, kind, entry, *parts) is not None:
            raised.set()

    unsubscribe = hass.bus.async_listen(
        ir.EVENT_REPAIRS_ISSUE_REGISTRY_UPDATED, updated
    )
    try:
        if issue(hass, kind, entry, *parts) is None:
            async with asyncio.timeout(timeout):
                await raised.wait()
    finally:
        unsubscribe()
    found = issue(hass, kind, entry, *parts)
    assert found is not None
    return found


def our_issues(hass: HomeAssistant) -> list[str]:
    """The ids of every active issue of the integration."""
    return sorted(
        issue_id
        for (domain, issue_id), entry in ir.async_get(hass).issues.items()
        if domain == DOMAIN and entry.active
    )


async def start_fix(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, found: ir.IssueEntry
) -> tuple[Any, dict[str, Any]]:
    """Open an issue's fix flow over the HTTP API; (client, first step).

    Needs the `repairs` fixture (set up before the first HTTP client).
    """
    client = await hass_client()
    response = await client.post(
        "/api/repairs/issues/fix",
        json={"handler": DOMAIN, "issue_id": found.issue_id},
    )
    assert response.status == 200, await response.text()
    return client, await response.json()


async def submit_fix(client: Any, flow_id: str, data: dict[str, Any]) -> Any:
    """Submit one step of a fix flow."""
    response = await client.post(f"/api/repairs/issues/fix/{flow_id}", json=data)
    assert response.status == 200, await response.text()
    return await response.json()
