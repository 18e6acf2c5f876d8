"""Run controllers through scenarios and print the comparison table.

    python -m tests.surplus.sim.run [--controllers ours,baseline,oracle]
                                     [--scenarios clear_summer,...] [--seed 1]

`run(factory, scenario, seed)` -> Metrics; `run_all(...)` -> results by
scenario then controller, with the ratios to the oracle filled in;
`format_table(results)` -> text.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterable, Mapping
from dataclasses import replace

from custom_components.ocpp_central.surplus.model import SurplusSettings

from .baseline import BaselineController
from .metrics import Metrics, compute_metrics
from .oracle import (
    MeterFedOracleController,
    OracleController,
    StrictOracleController,
)
from .scenarios import SCENARIOS, Scenario, get_scenario
from .world import (
    Controller,
    ControllerFactory,
    fresh_settings,
    scenario_traces,
    simulate,
)

ORDER = ("ours", "baseline", "oracle", "meter_oracle", "strict_oracle")


def ours(settings: SurplusSettings) -> Controller:
    """Our SurplusController (imported lazily: it may not exist yet)."""
    from custom_components.ocpp_central.surplus.controller import (  # noqa: PLC0415
        SurplusController,
    )

    controller: Controller = SurplusController(settings)
    return controller


def ours_available() -> bool:
    """Whether the controller module can be imported."""
    try:
        ours(SurplusSettings())
    except ImportError:
        return False
    return True


CONTROLLERS: dict[str, ControllerFactory] = {
    "ours": ours,
    "baseline": BaselineController,
    "oracle": OracleController,
    "strict_oracle": StrictOracleController,
    "meter_oracle": MeterFedOracleController,
}
DEFAULT = ("ours", "baseline", "oracle", "meter_oracle")


def _scenario(scenario: Scenario | str) -> Scenario:
    return get_scenario(scenario) if isinstance(scenario, str) else scenario


def run(
    controller_factory: ControllerFactory,
    scenario: Scenario | str,
    seed: int = 1,
    name: str | None = None,
) -> Metrics:
    """Build a controller with the scenario's settings, run it, measure it."""
    sc = _scenario(scenario)
    controller = controller_factory(fresh_settings(sc))
    label: str = name or str(
        getattr(controller_factory, "__name__", type(controller).__name__)
    )
    return compute_metrics(simulate(controller, sc, seed, label))


def with_ratios(metrics: Metrics, oracle: Metrics) -> Metrics:
    """`metrics` with energy_ratio and solar_ratio against `oracle` set."""
    energy = metrics.energy_kwh / oracle.energy_kwh if oracle.energy_kwh > 0 else None
    solar = metrics.solar_kwh / oracle.solar_kwh if oracle.solar_kwh > 0 else None
    return replace(metrics, energy_ratio=energy, solar_ratio=solar)


def default_controllers() -> dict[str, ControllerFactory]:
    """ours (when importable), baseline, oracle and the meter-fed oracle."""
    names = DEFAULT if ours_available() else DEFAULT[1:]
    return {name: CONTROLLERS[name] for name in names}


def run_all(
    controllers: Mapping[str, ControllerFactory] | None = None,
    scenarios: Iterable[Scenario | str] | None = None,
    seed: int = 1,
    timings: dict[str, float] | None = None,
) -> dict[str, dict[str, Metrics]]:
    """Every controller on every scenario: results[scenario][controller].

    The oracle always runs (for the ratios) and is part of the results.
    `timings`, when given, collects the wall time per controller (s), and
    under "traces" the time to build the PV/house/no-car traces.
    """
    chosen = dict(default_controllers() if controllers is None else controllers)
    chosen.setdefault("oracle", OracleController)
    results: dict[str, dict[str, Metrics]] = {}
    for item in SCENARIOS.values() if scenarios is None else scenarios:
        sc = _scenario(item)
        began = time.perf_counter()
        scenario_traces(sc, seed)  # built once, shared by every controller
        if timings is not None:
            timings["traces"] = timings.get("traces", 0.0) + time.perf_counter() - began
        row: dict[str, Metrics] = {}
        for name, factory in chosen.items():
            began = time.perf_counter()
            row[name] = run(factory, sc, seed, name)
            if timings is not None:
                timings[name] = timings.get(name, 0.0) + time.perf_counter() - began
        oracle = row["oracle"]
        results[sc.name] = {name: with_ratios(m, oracle) for name, m in row.items()}
    return results


def _num(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


COLUMNS = (
    ("scenario", 20),
    ("ctrl", 13),
    ("kWh", 6),
    ("solar", 6),
    ("ratio", 5),
    ("import", 6),
    ("batt", 5),
    ("wasted", 6),
    ("starts", 6),
    ("min_on", 6),
    ("min_off", 7),
    ("ph_sw", 5),
    ("rms_W", 6),
    ("p95_W", 6),
    ("msg/h", 6),
    ("stale_s", 7),
    ("rose", 4),
)


def _row(m: Metrics) -> list[str]:
    rose = "-" if m.stale_raised is None else ("yes" if m.stale_raised else "no")
    return [
        m.scenario,
        m.controller,
        _num(m.energy_kwh, 2),
        _num(m.solar_kwh, 2),
        _num(m.solar_ratio, 2),
        _num(m.car_import_kwh, 2),
        _num(m.battery_deficit_kwh, 1),
        _num(m.export_wasted_kwh, 2),
        str(m.starts),
        _num(m.shortest_on_s, 0),
        _num(m.shortest_off_s, 0),
        str(m.phase_switches),
        _num(m.tracking_rms_w, 0),
        _num(m.tracking_p95_w, 0),
        _num(m.messages_per_hour, 1),
        _num(m.stale_reaction_s, 0),
        rose,
    ]


def format_table(results: Mapping[str, Mapping[str, Metrics]]) -> str:
    """One row per scenario and controller (ours, baseline, oracle first)."""
    lines = [" ".join(f"{title:>{width}}" for title, width in COLUMNS)]
    for row in results.values():
        names = [n for n in ORDER if n in row] + [n for n in row if n not in ORDER]
        for name in names:
            cells = _row(row[name])
            lines.append(
                " ".join(
                    f"{cell:>{width}}"
                    for cell, (_, width) in zip(cells, COLUMNS, strict=True)
                )
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line: print the table and the wall time per controller."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--controllers", default="", help="comma list (default: all)")
    parser.add_argument("--scenarios", default="", help="comma list (default: all)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    controllers = (
        {n: CONTROLLERS[n] for n in args.controllers.split(",")}
        if args.controllers
        else None
    )
    scenarios = args.scenarios.split(",") if args.scenarios else None
    timings: dict[str, float] = {}
    results = run_all(controllers, scenarios, args.seed, timings)
    print(format_table(results))
    print()
    for name, seconds in timings.items():
        print(f"{name}: {seconds:.2f} s wall for {len(results)} scenarios")


if __name__ == "__main__":
    main()
