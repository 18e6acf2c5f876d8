"""The call slot: control before housekeeping, and waiters that give up."""

from __future__ import annotations

import asyncio

import pytest

from custom_components.ocpp_central.csms.callslot import CallSlot, Priority


async def waiting(
    slot: CallSlot, priority: Priority, order: list[str], name: str
) -> asyncio.Task[None]:
    """A task that takes the slot, notes it, and keeps it."""

    async def take() -> None:
        await slot.acquire(priority)
        order.append(name)

    task = asyncio.create_task(take())
    await asyncio.sleep(0)  # let it queue
    return task


async def test_control_goes_before_housekeeping_that_came_first() -> None:
    slot, order = CallSlot(), list[str]()
    await slot.acquire()
    housekeeping = await waiting(slot, Priority.HOUSEKEEPING, order, "tags")
    control = await waiting(slot, Priority.CONTROL, order, "pause")
    slot.release()
    await control
    assert order == ["pause"]
    slot.release()
    await housekeeping
    assert order == ["pause", "tags"]
    slot.release()
    assert not slot.busy


async def test_a_waiter_that_gives_up_leaves_the_queue() -> None:
    slot, order = CallSlot(), list[str]()
    await slot.acquire()
    impatient = await waiting(slot, Priority.CONTROL, order, "impatient")
    patient = await waiting(slot, Priority.CONTROL, order, "patient")
    impatient.cancel()
    with pytest.raises(asyncio.CancelledError):
        await impatient
    slot.release()
    await patient
    assert order == ["patient"]


async def test_a_waiter_handed_the_slot_as_it_gives_up_passes_it_on() -> None:
    slot, order = CallSlot(), list[str]()
    await slot.acquire()
    first = await waiting(slot, Priority.CONTROL, order, "first")
    second = await waiting(slot, Priority.CONTROL, order, "second")
    slot.release()  # handed to `first`, which has not run yet...
    first.cancel()  # ...and gives up before it does
    with pytest.raises(asyncio.CancelledError):
        await first
    await second  # the slot went on instead of being lost
    assert order == ["second"]
    assert slot.busy
