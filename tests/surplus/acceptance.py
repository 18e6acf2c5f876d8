"""The issue's acceptance rules for our controller against the baseline.

`rules(results)` returns every rule by id ("winter:solar", "sum:import",
...) with whether it holds and a readable line; `failures(results)` lists the
broken ones. `RULE_IDS` names them all, so tests can parametrise over them.
"""

from __future__ import annotations

from .sim.metrics import Metrics
from .sim.scenarios import SCENARIOS

PER_SCENARIO = ("solar", "import", "starts", "phase_switches")
OVERALL = (
    "sum:import",
    "sum:starts",
    "sum:solar",
    "broken_clouds:starts_two_thirds",
    "broken_clouds:import_085",
    "clear_summer:tracking_rms",
    "fast_alternation:starts_per_hour",
)
RULE_IDS = (
    tuple(f"{name}:{rule}" for name in SCENARIOS for rule in PER_SCENARIO) + OVERALL
)

Rules = dict[str, tuple[bool, str]]


def _scenario_rules(name: str, ours: Metrics, base: Metrics, out: Rules) -> None:
    out[f"{name}:solar"] = (
        ours.solar_kwh >= 0.99 * base.solar_kwh - 0.05,
        f"{name}: solar {ours.solar_kwh:.2f} vs 0.99 x {base.solar_kwh:.2f} - 0.05",
    )
    out[f"{name}:import"] = (
        ours.car_import_kwh <= base.car_import_kwh + 0.02,
        f"{name}: import {ours.car_import_kwh:.2f} vs {base.car_import_kwh:.2f} + 0.02",
    )
    out[f"{name}:starts"] = (
        ours.starts <= base.starts + 1,
        f"{name}: starts {ours.starts} vs {base.starts} + 1",
    )
    out[f"{name}:phase_switches"] = (
        ours.phase_switches <= base.phase_switches + 1,
        f"{name}: phase switches {ours.phase_switches} vs {base.phase_switches} + 1",
    )


def rules(results: dict[str, dict[str, Metrics]]) -> Rules:
    """Every rule the results allow checking, by id: (holds, description)."""
    out: Rules = {}
    for name, row in results.items():
        _scenario_rules(name, row["ours"], row["baseline"], out)
    ours = [row["ours"] for row in results.values()]
    base = [row["baseline"] for row in results.values()]
    imp = sum(m.car_import_kwh for m in ours), sum(m.car_import_kwh for m in base)
    starts = sum(m.starts for m in ours), sum(m.starts for m in base)
    solar = sum(m.solar_kwh for m in ours), sum(m.solar_kwh for m in base)
    out["sum:import"] = (
        imp[0] <= 0.8 * imp[1],
        f"sum: import {imp[0]:.2f} vs 0.8 x {imp[1]:.2f}",
    )
    out["sum:starts"] = (
        starts[0] <= 0.8 * starts[1],
        f"sum: starts {starts[0]} vs 0.8 x {starts[1]}",
    )
    out["sum:solar"] = (
        solar[0] >= solar[1],
        f"sum: solar {solar[0]:.2f} vs {solar[1]:.2f}",
    )
    if "broken_clouds" in results:
        o, b = results["broken_clouds"]["ours"], results["broken_clouds"]["baseline"]
        out["broken_clouds:starts_two_thirds"] = (
            o.starts <= b.starts * 2 / 3,
            f"broken_clouds: starts {o.starts} vs 2/3 x {b.starts}",
        )
        out["broken_clouds:import_085"] = (
            o.car_import_kwh <= 0.85 * b.car_import_kwh,
            f"broken_clouds: import {o.car_import_kwh:.2f} vs 0.85 x {b.car_import_kwh:.2f}",
        )
    if "clear_summer" in results:
        rms = results["clear_summer"]["ours"].tracking_rms_w
        out["clear_summer:tracking_rms"] = (
            rms <= 250,
            f"clear_summer: tracking RMS {rms:.0f} W vs 250 W",
        )
    if "fast_alternation" in results:
        o = results["fast_alternation"]["ours"]
        out["fast_alternation:starts_per_hour"] = (
            o.starts <= 2 * o.hours,
            f"fast_alternation: {o.starts} starts in {o.hours:.1f} h",
        )
    return out


def failures(results: dict[str, dict[str, Metrics]]) -> list[str]:
    """Every broken rule, as a readable line (empty when all hold)."""
    return [line for holds, line in rules(results).values() if not holds]
