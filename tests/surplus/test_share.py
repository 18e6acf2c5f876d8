"""Sharing one surplus by priority."""

from __future__ import annotations

from collections.abc import Iterable

from custom_components.ocpp_central.surplus.share import Claim, grid_view, ranked


def grid_views(grid_w: float, claims: Iterable[Claim]) -> dict[str, float]:
    ordered = ranked(claims)
    return {c.key: grid_view(grid_w, ordered, i) for i, c in enumerate(ordered)}


def test_a_single_connector_sees_the_grid() -> None:
    assert grid_views(-3000.0, [Claim("a", 0, 1500.0)]) == {"a": -3000.0}


def test_the_higher_priority_may_take_what_the_lower_draws() -> None:
    views = grid_views(
        -1000.0, [Claim("low", 1, 4000.0), Claim("high", 5, 2000.0, pending_w=1500.0)]
    )
    assert views["high"] == -5000.0  # the low one's 4 kW are its to take
    assert views["low"] == 500.0  # the high one's coming 1.5 kW are gone


def test_ties_are_broken_by_key_so_only_one_side_yields() -> None:
    views = grid_views(0.0, [Claim("b", 0, 1000.0), Claim("a", 0, 2000.0)])
    assert views == {"a": -1000.0, "b": 0.0}
