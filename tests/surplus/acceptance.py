"""The acceptance rules (issues 5 and 15), per (scenario, seed) pair and summed.

Per pair, against the evcc-equivalent baseline on the same day:
- every scenario: solar >= 0.99 x evcc's - 0.05 kWh, import <= evcc's +
  0.02 kWh, starts <= evcc's + 1, phase switches <= evcc's + 1;
- broken_clouds: starts <= 2/3 and import <= 0.85 x evcc's;
- fast_alternation: at most 2 starts per hour;
- frozen_meter: the stale action (min or pause) is taken within one control
  step (10 s) of `stale_after`, and the current never rises meanwhile;
- battery_priority: the car draws nothing while the battery is below its
  priority SoC and charging (and that happens for over 10 minutes);
- clear days: tracking RMS <= 1.15 x the meter-fed oracle's on the same day;
- meter_1s: no more messages than the same day with the 5 s meter.
A pair passes when all of its rules hold; PAIR_SHARE of the pairs must pass.

Summed over a set of seeds (the held-out ones): import <= 0.8 x, starts <=
0.8 x and solar >= 1.0 x evcc's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .sim.matrix import Key, Matrix
from .sim.metrics import Metrics
from .sim.scenarios import get_scenario

PAIR_SHARE = 0.9
TRACKING_FACTOR = 1.15
STALE_STEP = 10.0  # s: one control step
PRIORITY_EXERCISED_S = 600

Rules = dict[str, tuple[bool, str]]


def _everywhere(row: Mapping[str, Metrics], out: Rules) -> None:
    o, b = row["ours"], row["baseline"]
    out["solar"] = (
        o.solar_kwh >= 0.99 * b.solar_kwh - 0.05,
        f"solar {o.solar_kwh:.2f} vs 0.99 x {b.solar_kwh:.2f} - 0.05",
    )
    out["import"] = (
        o.car_import_kwh <= b.car_import_kwh + 0.02,
        f"import {o.car_import_kwh:.3f} vs {b.car_import_kwh:.3f} + 0.02",
    )
    out["starts"] = (o.starts <= b.starts + 1, f"starts {o.starts} vs {b.starts} + 1")
    out["phase_switches"] = (
        o.phase_switches <= b.phase_switches + 1,
        f"phase switches {o.phase_switches} vs {b.phase_switches} + 1",
    )


def pair_rules(matrix: Matrix, key: Key) -> Rules:
    """Every rule of one (scenario, seed) pair: id -> (holds, readable line)."""
    name, seed = key
    row = matrix[key]
    o, b = row["ours"], row["baseline"]
    out: Rules = {}
    _everywhere(row, out)
    if name == "broken_clouds":
        out["starts_two_thirds"] = (
            o.starts <= b.starts * 2 / 3,
            f"starts {o.starts} vs 2/3 x {b.starts}",
        )
        out["import_085"] = (
            o.car_import_kwh <= 0.85 * b.car_import_kwh,
            f"import {o.car_import_kwh:.2f} vs 0.85 x {b.car_import_kwh:.2f}",
        )
    if name == "fast_alternation":
        out["starts_per_hour"] = (
            o.starts <= 2 * o.hours,
            f"{o.starts} starts in {o.hours:.1f} h",
        )
    if get_scenario(name).meter_freeze is not None:
        reaction = o.stale_reaction_s
        out["stale"] = (
            reaction is not None and reaction <= STALE_STEP and not o.stale_raised,
            f"stale action after {reaction} s, raised: {o.stale_raised}",
        )
    if o.priority_charging_s is not None:
        out["battery_priority"] = (
            o.priority_violation_s == 0
            and o.priority_charging_s > PRIORITY_EXERCISED_S,
            f"car drew in {o.priority_violation_s} of {o.priority_charging_s} s "
            "of priority charging",
        )
    if get_scenario(name).clear_day:
        fed = row["meter_oracle"].tracking_rms_w
        out["tracking"] = (
            o.tracking_rms_w <= TRACKING_FACTOR * fed,
            f"tracking RMS {o.tracking_rms_w:.0f} vs {TRACKING_FACTOR} x {fed:.0f} W",
        )
    five = matrix.get(("meter_5s", seed))
    if name == "meter_1s" and five is not None:
        out["meter_corrections"] = (
            o.messages <= five["ours"].messages,
            f"{o.messages} messages at 1 s vs {five['ours'].messages} at 5 s",
        )
    return out


def pair_failures(matrix: Matrix, key: Key) -> list[str]:
    """The broken rules of one pair, as `rule: line`."""
    return [
        f"{rule}: {line}"
        for rule, (holds, line) in pair_rules(matrix, key).items()
        if not holds
    ]


def passing(matrix: Matrix, keys: Iterable[Key] | None = None) -> tuple[int, int]:
    """(pairs whose rules all hold, pairs) among `keys` (default: all)."""
    chosen = list(matrix if keys is None else keys)
    return sum(not pair_failures(matrix, k) for k in chosen), len(chosen)


def aggregate(matrix: Matrix, seeds: Iterable[int]) -> Rules:
    """The summed rules over every scenario on `seeds`."""
    wanted = set(seeds)
    rows = [row for (_, seed), row in matrix.items() if seed in wanted]
    ours = [row["ours"] for row in rows]
    base = [row["baseline"] for row in rows]
    imp = sum(m.car_import_kwh for m in ours), sum(m.car_import_kwh for m in base)
    starts = sum(m.starts for m in ours), sum(m.starts for m in base)
    solar = sum(m.solar_kwh for m in ours), sum(m.solar_kwh for m in base)
    return {
        "sum:import": (
            imp[0] <= 0.8 * imp[1],
            f"import {imp[0]:.2f} vs 0.8 x {imp[1]:.2f} kWh ({imp[0] / imp[1]:.2f} x)",
        ),
        "sum:starts": (
            starts[0] <= 0.8 * starts[1],
            f"starts {starts[0]} vs 0.8 x {starts[1]} ({starts[0] / starts[1]:.2f} x)",
        ),
        "sum:solar": (
            solar[0] >= solar[1],
            f"solar {solar[0]:.1f} vs {solar[1]:.1f} kWh ({solar[0] / solar[1]:.3f} x)",
        ),
    }
