"""The issue's acceptance rules for our controller against the baseline."""

from __future__ import annotations

from .sim.metrics import Metrics

SCENARIO_RULES = (
    "clear_summer",
    "broken_clouds",
    "winter",
    "fast_alternation",
    "clear_summer_battery",
    "frozen_meter",
    "slow_charger",
)


def failures(results: dict[str, dict[str, Metrics]]) -> list[str]:
    """Every broken rule, as a readable line (empty when all hold)."""
    broken: list[str] = []
    total = {
        "ours_import": 0.0,
        "base_import": 0.0,
        "ours_starts": 0,
        "base_starts": 0,
        "ours_solar": 0.0,
        "base_solar": 0.0,
    }
    for name, row in results.items():
        ours, base = row["ours"], row["baseline"]
        if ours.solar_kwh < 0.99 * base.solar_kwh - 0.05:
            broken.append(
                f"{name}: solar {ours.solar_kwh:.2f} < 0.99 x {base.solar_kwh:.2f} - 0.05"
            )
        if ours.car_import_kwh > base.car_import_kwh + 0.02:
            broken.append(
                f"{name}: import {ours.car_import_kwh:.2f} > {base.car_import_kwh:.2f} + 0.02"
            )
        if ours.starts > base.starts + 1:
            broken.append(f"{name}: starts {ours.starts} > {base.starts} + 1")
        if ours.phase_switches > base.phase_switches + 1:
            broken.append(
                f"{name}: phase switches {ours.phase_switches} > {base.phase_switches} + 1"
            )
        total["ours_import"] += ours.car_import_kwh
        total["base_import"] += base.car_import_kwh
        total["ours_starts"] += ours.starts
        total["base_starts"] += base.starts
        total["ours_solar"] += ours.solar_kwh
        total["base_solar"] += base.solar_kwh
    if total["ours_import"] > 0.8 * total["base_import"]:
        broken.append(
            f"sum: import {total['ours_import']:.2f} > 0.8 x {total['base_import']:.2f}"
        )
    if total["ours_starts"] > 0.8 * total["base_starts"]:
        broken.append(
            f"sum: starts {total['ours_starts']} > 0.8 x {total['base_starts']}"
        )
    if total["ours_solar"] < total["base_solar"]:
        broken.append(
            f"sum: solar {total['ours_solar']:.2f} < {total['base_solar']:.2f}"
        )
    if "broken_clouds" in results:
        ours, base = (
            results["broken_clouds"]["ours"],
            results["broken_clouds"]["baseline"],
        )
        if ours.starts > base.starts * 2 / 3:
            broken.append(f"broken_clouds: starts {ours.starts} > 2/3 x {base.starts}")
        if ours.car_import_kwh > 0.85 * base.car_import_kwh:
            broken.append(
                f"broken_clouds: import {ours.car_import_kwh:.2f} > 0.85 x {base.car_import_kwh:.2f}"
            )
    if (
        "clear_summer" in results
        and results["clear_summer"]["ours"].tracking_rms_w > 250
    ):
        broken.append(
            f"clear_summer: tracking RMS {results['clear_summer']['ours'].tracking_rms_w:.0f} W > 250"
        )
    if "fast_alternation" in results:
        ours = results["fast_alternation"]["ours"]
        if ours.starts > 2 * ours.hours:
            broken.append(
                f"fast_alternation: {ours.starts} starts in {ours.hours:.1f} h"
            )
    return broken
