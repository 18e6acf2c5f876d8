"""Run the demo charger (what scripts/develop runs) against a test's entry."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers.event import async_track_state_change_event
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.sim import SimConfig
from tests.sim.demo import DemoCar, DemoChargePoint

from .conftest import ws_url


@asynccontextmanager
async def demo_charger(
    entry: MockConfigEntry, car: DemoCar | None = None
) -> AsyncIterator[DemoChargePoint]:
    """The demo charger connected and running until the block ends."""
    cp = DemoChargePoint(SimConfig(ws_url(entry)), car=car, driver_delay=0)
    stop = asyncio.Event()
    running = asyncio.create_task(cp.run(stop=stop))
    try:
        yield cp
    finally:
        stop.set()
        await running
        await cp.close()


def number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


async def wait_until(
    hass: HomeAssistant,
    entity_id: str,
    holds: Callable[[str], bool],
    timeout: float = 15,
) -> str:
    """Wait, event-driven, until an entity's state satisfies `holds`."""
    current = hass.states.get(entity_id)
    if current is not None and holds(current.state):
        return current.state
    reached: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    @callback
    def changed(event: Event[EventStateChangedData]) -> None:
        new = event.data["new_state"]
        if new is not None and holds(new.state) and not reached.done():
            reached.set_result(new.state)

    unsubscribe = async_track_state_change_event(hass, [entity_id], changed)
    try:
        async with asyncio.timeout(timeout):
            return await reached
    finally:
        unsubscribe()


def above(threshold: float) -> Callable[[str], bool]:
    def holds(state: str) -> bool:
        value = number(state)
        return value is not None and value > threshold

    return holds
