"""A 1 s simulation harness for solar-surplus EV charging, with metrics.

    from tests.surplus.sim import SCENARIOS, run, run_all, format_table
    from tests.surplus.sim import BaselineController, OracleController, ours

    metrics = run(ours, "clear_summer", seed=1)
    print(format_table(run_all()))

See `metrics.py` for the definitions of every figure.
"""

from .baseline import BaselineController
from .metrics import Metrics, compute_metrics
from .oracle import (
    MeterFedOracleController,
    OracleController,
    StrictOracleController,
)
from .run import CONTROLLERS, default_controllers, format_table, ours, run, run_all
from .scenarios import EXTRA_SCENARIOS, SCENARIOS, Scenario, get_scenario
from .world import Controller, ControllerFactory, SimResult, Truth, simulate

__all__ = [
    "CONTROLLERS",
    "EXTRA_SCENARIOS",
    "SCENARIOS",
    "BaselineController",
    "Controller",
    "ControllerFactory",
    "MeterFedOracleController",
    "Metrics",
    "OracleController",
    "Scenario",
    "SimResult",
    "StrictOracleController",
    "Truth",
    "compute_metrics",
    "default_controllers",
    "format_table",
    "get_scenario",
    "ours",
    "run",
    "run_all",
    "simulate",
]
