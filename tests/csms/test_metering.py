"""Sampled values: every unit, phase, context and location; bad values skipped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
        {"value": "2e12"},  # Wh: more than any meter counts
        {"value": "-1", "measurand": "Energy.Active.Export.Register"},
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


def at(seconds: float) -> datetime:
    return T + timedelta(seconds=seconds)


def test_a_register_that_restarts_per_transaction_loses_nothing() -> None:
    # Seen with a third-party simulator: each transaction counts from 0.
    total = EnergyTotal()
    total.update(0, at(0))
    total.update(30.24, at(60))  # the first session ends at 30.24 Wh
    total.update(0, at(120))  # the next one starts at 0 ...
    total.update(20.8, at(180))  # ... its readings stay near the old top
    total.update(28.01, at(240))
    assert total.update(58.66, at(300)) == pytest.approx(30.24 + 58.66)


def test_a_short_session_then_a_reading_past_the_old_top_counts_from_zero() -> None:
    total = EnergyTotal()
    total.update(0, at(0))
    total.update(30, at(60))
    total.update(0, at(120))  # meterStart of the next transaction
    assert total.update(45, at(180)) == 75
    assert total.update(60, at(240)) == 90


def test_a_zero_glitch_on_a_large_register_counts_only_the_increase() -> None:
    # A charger that sends meterStart 0 but absolute readings: 45 MWh cannot
    # have been delivered in a minute, so the old scale is back.
    total = EnergyTotal()
    total.update(45_000_000, at(0))
    total.update(0, at(60))
    assert total.update(45_000_500, at(120)) == 500
    total.update(0, at(180))
    assert total.update(45_000_495, at(240)) == 500  # rounding below the top


def test_a_pending_reset_survives_a_restart() -> None:
    total = EnergyTotal()
    total.update(0, at(0))
    total.update(122, at(60))
    total.update(0, at(120))  # the new transaction starts; then a restart
    restored = EnergyTotal.from_dict(total.as_dict())
    assert restored.update(50.54, at(180)) == pytest.approx(172.54)
    assert restored.update(102.46, at(240)) == pytest.approx(224.46)


def test_a_new_session_reading_just_below_the_old_top_is_counted_from_zero() -> None:
    # The SAP simulator's register per transaction: 30.24 Wh, then meterStart 0
    # and readings 20.8 (within rounding of the old top), 28.01, 58.66.
    total = EnergyTotal()
    total.update(0, at(0))
    total.update(30.24, at(60))
    total.update(0, at(120))
    for minute, value in enumerate((20.8, 28.01, 58.66), start=3):
        total.update(value, at(60 * minute))
    assert round(total.total_wh, 2) == 88.9
