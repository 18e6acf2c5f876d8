"""The benchmark report: every scenario family on every seed.

    python -m tests.surplus.report [--seeds 1-15] [--scenarios a,b]
                                   [--workers 2] [--failures]

Per family: how many (scenario, seed) pairs pass all their rules, and the
median and worst seed of solar energy (all four controllers), grid import
and starts (ours and evcc's). Then the aggregate rules on the held-out and
the tuning seeds, and the total pass count. `scripts/bench_surplus` runs it.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Sequence

from .acceptance import PAIR_SHARE, aggregate, pair_failures, passing
from .sim.matrix import ALL_SEEDS, HELD_OUT_SEEDS, TUNING_SEEDS, Key, Matrix, run_matrix
from .sim.metrics import Metrics
from .sim.scenarios import get_scenario

NAMES = {
    "ours": "ours",
    "baseline": "evcc",
    "meter_oracle": "meter-fed",
    "oracle": "oracle",
}


def families(matrix: Matrix) -> dict[str, list[Key]]:
    """The pairs of each family, in scenario order."""
    out: dict[str, list[Key]] = defaultdict(list)
    for key in matrix:
        out[get_scenario(key[0]).group].append(key)
    return out


def _spread(
    values: Sequence[float], worst: Callable[[Sequence[float]], float], digits: int
) -> str:
    if not values:
        return "-"
    return f"{statistics.median(values):.{digits}f}/{worst(values):.{digits}f}"


def _column(
    matrix: Matrix, keys: list[Key], controller: str, get: Callable[[Metrics], float]
) -> list[float]:
    return [get(matrix[k][controller]) for k in keys if controller in matrix[k]]


def family_table(matrix: Matrix) -> str:
    """One line per family: pass count, medians and worst seeds."""
    head = (
        f"{'family':<20} {'pass':>7}  "
        + " ".join(f"{'solar ' + NAMES[c]:>16}" for c in NAMES)
        + f" {'import ours':>13} {'import evcc':>13}"
        + f" {'starts ours':>11} {'starts evcc':>11}"
    )
    lines = [head, "(median/worst seed; solar and import in kWh)"]
    for family, keys in families(matrix).items():
        ok, total = passing(matrix, keys)
        cells = [f"{family:<20}", f"{ok:>3}/{total:<3}"]
        for c in NAMES:
            solar = _column(matrix, keys, c, lambda m: m.solar_kwh)
            cells.append(f"{_spread(solar, min, 1):>16}")
        for c in ("ours", "baseline"):
            imp = _column(matrix, keys, c, lambda m: m.car_import_kwh)
            cells.append(f"{_spread(imp, max, 2):>13}")
        for c in ("ours", "baseline"):
            starts = _column(matrix, keys, c, lambda m: float(m.starts))
            cells.append(f"{_spread(starts, max, 0):>11}")
        lines.append(" ".join(cells))
    return "\n".join(lines)


def summary(matrix: Matrix, show_failures: bool = False) -> str:
    """The family table, the aggregates and the pass counts."""
    lines = [family_table(matrix), ""]
    seeds = {seed for _, seed in matrix}
    for label, group in (("held-out", HELD_OUT_SEEDS), ("tuning", TUNING_SEEDS)):
        chosen = sorted(seeds & set(group))
        if not chosen:
            continue
        keys = [k for k in matrix if k[1] in chosen]
        ok, total = passing(matrix, keys)
        lines.append(
            f"{label} seeds {chosen[0]}-{chosen[-1]}: {ok}/{total} pairs pass "
            f"({100 * ok / total:.0f} %, need {100 * PAIR_SHARE:.0f} %)"
        )
        for rule, (holds, line) in aggregate(matrix, chosen).items():
            lines.append(f"  {rule:<11} {'ok  ' if holds else 'FAIL'} {line}")
    ok, total = passing(matrix)
    lines.append(f"all pairs: {ok}/{total} pass ({100 * ok / total:.0f} %)")
    if show_failures:
        lines.append("")
        for key in matrix:
            for failure in pair_failures(matrix, key):
                lines.append(f"{key[0]} seed {key[1]}: {failure}")
    return "\n".join(lines)


def _seeds(text: str) -> tuple[int, ...]:
    if "-" in text:
        low, high = text.split("-")
        return tuple(range(int(low), int(high) + 1))
    return tuple(int(part) for part in text.split(","))


def main(argv: list[str] | None = None) -> None:
    """Command line: run the matrix and print the report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", default=f"{ALL_SEEDS[0]}-{ALL_SEEDS[-1]}")
    parser.add_argument("--scenarios", default="", help="comma list (default: all)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="skip the oracles")
    parser.add_argument("--failures", action="store_true", help="list failed rules")
    args = parser.parse_args(argv)
    names = args.scenarios.split(",") if args.scenarios else None
    began = time.perf_counter()
    matrix = run_matrix(
        names, _seeds(args.seeds), full=not args.quick, workers=args.workers
    )
    print(summary(matrix, args.failures))
    print(f"\n{len(matrix)} pairs in {time.perf_counter() - began:.0f} s wall")


if __name__ == "__main__":
    main()
