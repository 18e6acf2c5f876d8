"""Sampled values: every unit, phase, context and location; bad values skipped."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from custom_components.ocpp_central.csms.energy import EnergyTotal
from custom_components.ocpp_central.csms.metering import (
    InvalidSample,
    parse_sample,
    parse_samples,
)

T = datetime(2026, 5, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("sample", "value", "unit"),
    [
        ({"value": "1234.5"}, 1234.5, "Wh"),
        ({"value": "1.5", "unit": "kWh"}, 1500, "Wh"),
        (
            {
                "value": "2",
                "unit": "kvarh",
                "measurand": "Energy.Reactive.Import.Register",
            },
            2000,
            "varh",
        ),
        ({"value": "7.4", "unit": "kW", "measurand": "Power.Active.Import"}, 7400, "W"),
        ({"value": "300", "measurand": "Power.Active.Import"}, 300, "W"),
        ({"value": "1", "unit": "kVA", "measurand": "Power.Active.Import"}, 1000, "VA"),
        (
            {"value": "5", "unit": "kvar", "measurand": "Power.Reactive.Import"},
            5000,
            "var",
        ),
        (
            {"value": "16", "unit": "A", "measurand": "Current.Import", "phase": "L2"},
            16,
            "A",
        ),
        (
            {"value": "231", "unit": "V", "measurand": "Voltage", "phase": "L1-N"},
            231,
            "V",
        ),
        (
            {"value": "400", "unit": "V", "measurand": "Voltage", "phase": "L1-L2"},
            400,
            "V",
        ),
        ({"value": "35", "unit": "Celsius", "measurand": "Temperature"}, 35, "Celsius"),
        ({"value": "308.15", "unit": "K", "measurand": "Temperature"}, 35, "Celsius"),
        (
            {"value": "95", "unit": "Fahrenheit", "measurand": "Temperature"},
            35,
            "Celsius",
        ),
        (
            {"value": "80", "unit": "Percent", "measurand": "SoC", "location": "EV"},
            80,
            "Percent",
        ),
        ({"value": "50.01", "measurand": "Frequency"}, 50.01, "Hz"),
        ({"value": "49.9", "measurand": "Frequency", "unit": "Hertz"}, 49.9, "Hz"),
        ({"value": "21", "unit": "Celcius", "measurand": "Temperature"}, 21, "Celsius"),
        ({"value": "0.98", "measurand": "Power.Factor"}, 0.98, None),
        (
            {"value": "-3.5", "unit": "kW", "measurand": "Power.Active.Export"},
            -3500,
            "W",
        ),
    ],
)
def test_units_are_normalised(
    sample: dict[str, str], value: float, unit: str | None
) -> None:
    reading = parse_sample(sample, T)
    assert reading.value == pytest.approx(value)
    assert reading.unit == unit


def test_defaults_and_descriptors_are_kept() -> None:
    reading = parse_sample({"value": "1"}, T)
    assert (reading.measurand, reading.phase, reading.location, reading.context) == (
        "Energy.Active.Import.Register",
        None,
        "Outlet",
        "Sample.Periodic",
    )
    full = parse_sample(
        {
            "value": "1",
            "measurand": "Current.Import",
            "phase": "N",
            "location": "Inlet",
            "context": "Transaction.Begin",
            "unit": "A",
        },
        T,
    )
    assert full.key == ("Current.Import", "N", "Inlet")
    assert full.context == "Transaction.Begin"
    assert full.timestamp == T


@pytest.mark.parametrize(
    "sample",
    [
        {"value": "twelve"},
        {"value": "NaN"},
        {"value": "inf"},
        {"value": "1", "unit": "furlongs"},
        {"value": "abc", "format": "SignedData"},
        {},
    ],
)
def test_bad_samples_are_refused(sample: dict[str, str]) -> None:
    with pytest.raises(InvalidSample):
        parse_sample(sample, T)


def test_a_bad_sample_is_skipped_and_the_rest_kept(
    caplog: pytest.LogCaptureFixture,
) -> None:
    readings = parse_samples(
        "CP1",
        [{"value": "oops", "measurand": "Voltage"}, {"value": "10", "unit": "kWh"}],
        T,
    )
    assert [r.value for r in readings] == [10_000]
    assert "CP1: skipped a Voltage sample" in caplog.text


def test_energy_total_follows_increases_and_survives_resets_and_glitches() -> None:
    total = EnergyTotal()
    assert total.update(1000) == 0  # the first value is the baseline
    assert total.update(1500) == 500
    assert total.update(0) == 500  # a drop is held, not counted
    assert total.update(1600) == 600  # ... it was a glitch: back on the old scale
    assert total.update(10) == 600  # a real reset: held ...
    assert total.update(110) == 700  # ... confirmed by the next value, counted from 10
    assert total.update(150) == 740
    restored = EnergyTotal.from_dict(total.as_dict())
    assert restored.update(200) == 790
