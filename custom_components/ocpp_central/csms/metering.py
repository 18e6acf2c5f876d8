"""Meter readings: parsing sampled values into normalised readings.

OCPP 1.6 and 2.0.1 share measurand, phase, location and context names, so
the reading is version-neutral. Units are normalised: energy to Wh (varh),
power to W (var, VA), temperature to Celsius; unit-less measurands keep
their number.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

_LOGGER = logging.getLogger(__name__)

DEFAULT_MEASURAND = "Energy.Active.Import.Register"
# No charger measures beyond this (1 TWh, 1 TW, ...): a larger number is garbage.
PLAUSIBLE_LIMIT = 1e12
DEFAULT_LOCATION = "Outlet"
DEFAULT_CONTEXT = "Sample.Periodic"

# unit -> (normalised unit, conversion)
_UNITS: dict[str, tuple[str, float]] = {
    "Wh": ("Wh", 1),
    "kWh": ("Wh", 1000),
    "varh": ("varh", 1),
    "kvarh": ("varh", 1000),
    "W": ("W", 1),
    "kW": ("W", 1000),
    "VA": ("VA", 1),
    "kVA": ("VA", 1000),
    "var": ("var", 1),
    "kvar": ("var", 1000),
    "A": ("A", 1),
    "V": ("V", 1),
    "Celsius": ("Celsius", 1),
    "Celcius": ("Celsius", 1),  # the 1.6 schema's own spelling
    "Fahrenheit": ("Celsius", 1),  # converted in `_normalise`
    "K": ("Celsius", 1),  # converted in `_normalise`
    "Percent": ("Percent", 1),
    "Hertz": ("Hz", 1),
    "Hz": ("Hz", 1),
}
# The unit a measurand has when the charger names none.
_DEFAULT_UNITS = {
    "Energy.Active": "Wh",
    "Energy.Reactive": "varh",
    "Power.Active": "W",
    "Power.Offered": "W",
    "Power.Reactive": "var",
    "Current": "A",
    "Voltage": "V",
    "Temperature": "Celsius",
    "SoC": "Percent",
    "Frequency": "Hz",
}


@dataclass(slots=True)
class Reading:
    """One normalised meter reading.

    The model keeps one per quantity (`key`) and updates it in place when a
    newer value comes: a new object per sample would live until the next
    message and so reach the garbage collector's old generation, 24 of them
    per message, making full collections over Home Assistant's whole heap
    come more often.
    """

    measurand: str
    value: float
    unit: str | None
    phase: str | None
    location: str
    context: str
    timestamp: datetime

    @property
    def key(self) -> tuple[str, str | None, str]:
        """What a newer reading of the same quantity replaces."""
        return (self.measurand, self.phase, self.location)

    def take(self, newer: Reading) -> None:
        """Become `newer` (a reading of the same quantity)."""
        self.value = newer.value
        self.unit = newer.unit
        self.context = newer.context
        self.timestamp = newer.timestamp


class InvalidSample(ValueError):
    """A sampled value that cannot be used."""


def _default_unit(measurand: str) -> str | None:
    for prefix, unit in _DEFAULT_UNITS.items():
        if measurand.startswith(prefix):
            return unit
    return None


def _normalise(value: float, unit: str | None) -> tuple[float, str | None]:
    if unit is None:
        return value, None
    if unit not in _UNITS:
        raise InvalidSample(f"unknown unit {unit!r}")
    target, factor = _UNITS[unit]
    if unit == "K":
        return value - 273.15, target
    if unit == "Fahrenheit":
        return (value - 32) * 5 / 9, target
    return value * factor, target


def parse_sample(sample: dict[str, Any], timestamp: datetime) -> Reading:
    """Turn one sampledValue (camelCase keys) into a reading."""
    if sample.get("format") == "SignedData":
        raise InvalidSample("signed data is not a number")
    measurand = sample.get("measurand") or DEFAULT_MEASURAND
    try:
        number = float(sample["value"])
    except (KeyError, TypeError, ValueError) as err:
        raise InvalidSample(f"{sample.get('value')!r} is not a number") from err
    if not math.isfinite(number):
        raise InvalidSample(f"{sample.get('value')!r} is not a finite number")
    value, unit = _normalise(number, sample.get("unit") or _default_unit(measurand))
    if abs(value) > PLAUSIBLE_LIMIT:
        raise InvalidSample(f"{sample.get('value')!r} is out of any meter's range")
    if value < 0 and measurand.endswith(".Register"):
        raise InvalidSample(f"a register cannot be negative ({value})")
    return Reading(
        measurand=measurand,
        value=value,
        unit=unit,
        phase=sample.get("phase"),
        location=sample.get("location") or DEFAULT_LOCATION,
        context=sample.get("context") or DEFAULT_CONTEXT,
        timestamp=timestamp,
    )


def register_wh(value: object) -> float | None:
    """An energy register (Wh) sent as a JSON number, or None when absurd."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (OverflowError, TypeError, ValueError):
        return None
    if not math.isfinite(number) or not 0 <= number <= PLAUSIBLE_LIMIT:
        return None
    return number


def parse_samples(
    identity: str, samples: list[dict[str, Any]], timestamp: datetime
) -> list[Reading]:
    """Parse a meterValue's samples, logging and skipping the bad ones."""
    readings = []
    for sample in samples:
        try:
            readings.append(parse_sample(sample, timestamp))
        except InvalidSample as err:
            _LOGGER.warning(
                "%s: skipped a %s sample: %s",
                identity,
                sample.get("measurand") or DEFAULT_MEASURAND,
                err,
            )
    return readings
