"""Unit tests for the transaction book's bookkeeping (pure logic, no charger)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from custom_components.ocpp_central.csms.transactions import (
    ORPHANS_KEPT,
    Transaction,
    TransactionBook,
)


def transaction(meter_start_wh: float | None = None) -> Transaction:
    return Transaction(
        id="T-1",
        identity="CS1",
        connector=1,
        id_tag="",
        meter_start_wh=meter_start_wh,
        started=datetime(2026, 1, 1, 10, tzinfo=UTC),
        meter_last_wh=meter_start_wh or 0.0,
    )


def test_events_arriving_in_reverse_order_fill_the_gap_from_above() -> None:
    tx = transaction(0.0)
    for number in (0, 3, 2):
        assert tx.saw(number)
    assert tx.seen == [[0, 0], [2, 3]]
    assert tx.missing == [1]
    assert tx.saw(1)
    assert tx.seen == [[0, 3]] and tx.missing == []
    assert not tx.saw(2)  # a repeat


def test_a_transaction_without_a_start_register_has_delivered_nothing_yet() -> None:
    tx = transaction(None)
    tx.advance(1500.0, price=0.3)
    assert tx.energy_wh == 0.0
    assert tx.cost is None  # nothing is priced before the start is known


def test_orphans_survive_a_restart_and_are_told_apart_from_new_ones() -> None:
    book = TransactionBook()
    book.note_orphan("CS1", "StopTransaction", 42)
    book.note_orphan("CS2", "MeterValues", None)
    restored = TransactionBook()
    restored.load(book.records())
    assert [(o.identity, o.action, o.transaction_id) for o in restored.orphans] == [
        ("CS1", "StopTransaction", 42),
        ("CS2", "MeterValues", None),
    ]
    assert [o.received for o in restored.orphans] == [o.received for o in book.orphans]


def test_orphans_are_logged_once_each_and_the_memory_of_logged_ones_is_bounded(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    book = TransactionBook()
    book.note_orphan("CS1", "StopTransaction", 0)
    book.note_orphan("CS1", "StopTransaction", 0)
    assert len(caplog.records) == 1
    for number in range(1, 10 * ORPHANS_KEPT + 1):
        book.note_orphan("CS1", "StopTransaction", number)
    assert len(book.orphans) == ORPHANS_KEPT
    caplog.clear()
    # The memory was full and started over: the first one is logged anew.
    book.note_orphan("CS1", "StopTransaction", 0)
    assert len(caplog.records) == 1
