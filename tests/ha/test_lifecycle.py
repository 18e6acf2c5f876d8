"""The entry's stores are found on disk by their name."""

from __future__ import annotations

from pathlib import Path

from custom_components.ocpp_central.lifecycle import _stored_names


def test_stores_are_found_by_the_entry_prefix_only(tmp_path: Path) -> None:
    for name in ("ocpp_central.A.chargers", "ocpp_central.A.x", "ocpp_central.B.x"):
        (tmp_path / name).write_text("{}")
    found = sorted(_stored_names(str(tmp_path), "ocpp_central.A."))
    assert found == ["ocpp_central.A.chargers", "ocpp_central.A.x"]
    assert _stored_names(str(tmp_path / "missing"), "ocpp_central.A.") == []
