"""Every scenario on many seeds: the (scenario, seed) matrix.

`run_matrix(names, seeds)` runs our controller and the evcc-equivalent
baseline on every pair, plus the meter-fed oracle where a rule needs it (the
clear days' tracking rule) and, with `full=True`, both oracles everywhere.
Pairs run in `workers` processes (fork); results are keyed by
(scenario, seed) and hold one Metrics per controller name.

The seeds are split once and for all: settings are tuned on TUNING_SEEDS
only; HELD_OUT_SEEDS are for judging.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Mapping, Sequence

from .metrics import Metrics
from .run import CONTROLLERS, run, with_ratios
from .scenarios import SCENARIOS, get_scenario

TUNING_SEEDS = (1, 2, 3, 4, 5)
HELD_OUT_SEEDS = tuple(range(6, 16))
ALL_SEEDS = TUNING_SEEDS + HELD_OUT_SEEDS

Key = tuple[str, int]
Row = Mapping[str, Metrics]
Matrix = dict[Key, dict[str, Metrics]]


def controllers_for(name: str, full: bool) -> tuple[str, ...]:
    """The controllers a pair needs: ours, the baseline and the references."""
    if full:
        return ("ours", "baseline", "meter_oracle", "oracle")
    if get_scenario(name).clear_day:
        return ("ours", "baseline", "meter_oracle")
    return ("ours", "baseline")


def run_pair(name: str, seed: int, full: bool = False) -> dict[str, Metrics]:
    """One scenario on one seed, every controller it needs."""
    row = {c: run(CONTROLLERS[c], name, seed, c) for c in controllers_for(name, full)}
    if "oracle" in row:
        oracle = row["oracle"]
        row = {c: with_ratios(m, oracle) for c, m in row.items()}
    return row


def _job(job: tuple[str, int, bool]) -> tuple[Key, dict[str, Metrics]]:
    name, seed, full = job
    return (name, seed), run_pair(name, seed, full)


def run_matrix(
    names: Iterable[str] | None = None,
    seeds: Sequence[int] = ALL_SEEDS,
    *,
    full: bool = False,
    workers: int = 1,
) -> Matrix:
    """Every named scenario (default: all) on every seed."""
    chosen = list(SCENARIOS) if names is None else list(names)
    # the longest days first, so the workers finish together
    jobs = sorted(
        ((name, seed, full) for name in chosen for seed in seeds),
        key=lambda job: -get_scenario(job[0]).hours,
    )
    if workers <= 1:
        done = [_job(job) for job in jobs]
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            done = list(pool.imap_unordered(_job, jobs))
    order = {
        (name, seed): i
        for i, (name, seed) in enumerate(
            (name, seed) for name in chosen for seed in seeds
        )
    }
    return dict(sorted(done, key=lambda item: order[item[0]]))
