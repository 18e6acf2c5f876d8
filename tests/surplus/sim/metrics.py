"""Metrics of one run (`compute_metrics`) and their exact definitions.

All sums run over the seconds of the window (dt = 1 s); energies in kWh.

energy_kwh
    Energy delivered to the car: sum(car_w) / 3.6e6.
car_import_kwh
    Grid import caused by the car: sum(max(0, grid_w) - max(0, grid_nocar_w)),
    where grid_nocar_w is the same second in the world without the car
    (with its own home battery in lockstep). Net over the window; without a
    battery every term is >= 0.
battery_deficit_kwh
    Home-battery energy the car took: stored energy at the end of the window
    without the car minus with the car (lossless battery); 0 without one.
solar_kwh
    The judged energy: energy - car_import - battery_deficit. Without a
    battery this is "energy delivered minus the grid import the car caused";
    with one it also refuses to reward draining the home battery. By energy
    conservation it equals export_nocar - export_with: the solar energy the
    car used that would otherwise have been exported.
energy_ratio, solar_ratio
    energy_kwh and solar_kwh divided by the oracle's (set by `run_all`).
export_wasted_kwh
    Export while the car could have taken it: over the seconds with the car
    connected and the mode not off, sum(min(export, headroom)), where
    export = max(0, -grid_w) and headroom = car max power - car power; while
    the car draws nothing, only seconds whose export reaches the minimum
    start power (min_current * V * (1 if phase switching else max_phases))
    count (below that it could not have started without importing).
starts, stops
    Transitions of "on" = the charger's applied offer >= min_current
    (enabled). Phase-switch pauses of the car do not count.
shortest_on_s, shortest_off_s
    Shortest completed on period (ended by a stop) and shortest off period
    between a stop and the next start; None when there is none.
phase_switches
    Changes of the charger's applied phases.
tracking_rms_w, tracking_p95_w
    e = grid_w - target, target = -residual_power, over the seconds the car
    draws power, except seconds when the offer is at the maximum (the lower
    of max_current and the car's) and the grid is below the target (more
    surplus than the car can take). RMS of e
    and the 95th percentile (nearest rank) of |e|; 0 without samples.
messages, messages_per_hour
    SetChargingProfile messages (changed commands, see charger.py), and per
    hour of the window.
stale_reaction_s, stale_applied_s, stale_raised
    Scenarios with a meter freeze only (None otherwise, and for the oracle).
    deadline = grid_updated of the last sample before the freeze +
    stale_after; the stale period runs from the deadline until a fresh value
    arrives. stale_reaction_s = first second of the stale period at which
    the decision is the min current or less (pause) - or the applied offer
    already is - minus the deadline (0 if so at the deadline);
    stale_applied_s = the same for the charger's applied offer alone
    (includes the command delay); None if it never happens.
    stale_raised: the decided power (current * phases) rose from one second
    to the next during the stale period (a controller must never raise on a
    stale value; HOLD keeps the current, MIN/PAUSE drop it).
priority_charging_s, priority_violation_s
    With a home battery and battery_priority_soc > 0 only (None otherwise):
    seconds in which the battery charged while its SoC was more than 1 %
    below battery_priority_soc, and how many of those the car drew power in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from custom_components.ocpp_central.surplus.model import Mode

from .world import SimResult

J_PER_KWH = 3.6e6


@dataclass(frozen=True)
class Metrics:
    """The figures of one controller on one scenario."""

    scenario: str
    controller: str
    seed: int
    hours: float
    energy_kwh: float
    car_import_kwh: float
    battery_deficit_kwh: float
    solar_kwh: float
    export_wasted_kwh: float
    starts: int
    stops: int
    shortest_on_s: float | None
    shortest_off_s: float | None
    phase_switches: int
    tracking_rms_w: float
    tracking_p95_w: float
    tracking_samples: int
    messages: int
    messages_per_hour: float
    stale_reaction_s: float | None
    stale_applied_s: float | None
    stale_raised: bool | None
    priority_charging_s: int | None = None
    priority_violation_s: int | None = None
    energy_ratio: float | None = None
    solar_ratio: float | None = None


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of `values`; 0 when empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100.0 * len(ordered)))
    return ordered[rank - 1]


def _periods(on: list[bool]) -> tuple[int, int, float | None, float | None]:
    starts = stops = 0
    shortest_on: float | None = None
    shortest_off: float | None = None
    last_change: int | None = None
    previous = False
    for i, state in enumerate(on):
        if state == previous:
            continue
        if state:
            starts += 1
            if last_change is not None:  # an off period after a stop
                length = float(i - last_change)
                shortest_off = (
                    length if shortest_off is None else min(shortest_off, length)
                )
        else:
            stops += 1
            if last_change is not None:
                length = float(i - last_change)
                shortest_on = (
                    length if shortest_on is None else min(shortest_on, length)
                )
        last_change = i
        previous = state
    return starts, stops, shortest_on, shortest_off


def _stale(r: SimResult) -> tuple[float | None, float | None, bool | None]:
    freeze = r.scenario.meter_freeze
    if freeze is None or r.ideal:
        return None, None, None
    start = r.scenario.start
    n = len(r.grid_w)
    probe = min(n - 1, freeze[0] - start + r.scenario.meter_latency)
    last = r.grid_updated[probe]
    if math.isnan(last):
        return None, None, None
    first = math.ceil(last + r.settings.stale_after) - start
    if not 0 <= first < n:
        return None, None, None
    end = first
    while end < n and r.grid_updated[end] <= last:
        end += 1
    floor = r.settings.min_current + 1e-9
    decided: float | None = None
    applied: float | None = None
    raised = False
    dec_a, dec_ph, offered = r.decided_a, r.decided_phases, r.offered_a
    for i in range(first, end):
        if applied is None and offered[i] <= floor:
            applied = float(i - first)
        if decided is None and (dec_a[i] <= floor or offered[i] <= floor):
            decided = float(i - first)
        if i > first and dec_a[i] * dec_ph[i] > dec_a[i - 1] * dec_ph[i - 1] + 1e-9:
            raised = True
    return decided, applied, raised


def _priority(r: SimResult) -> tuple[int | None, int | None]:
    spec, s = r.scenario.battery, r.settings
    if spec is None or s.battery_priority_soc <= 0:
        return None, None
    energy = r.battery_start_wh
    below = s.battery_priority_soc - 1.0
    charging = violations = 0
    for battery_w, car_w in zip(r.battery_w, r.car_w, strict=True):
        if 100.0 * energy / spec.capacity_wh < below and battery_w < 0:
            charging += 1
            violations += car_w > 0.0
        energy -= battery_w / 3600.0
    return charging, violations


def compute_metrics(r: SimResult) -> Metrics:
    """All metrics of one run (see the module docstring)."""
    sc, s = r.scenario, r.settings
    grid, car = r.grid_w, r.car_w
    nocar = r.traces.grid_nocar_w
    energy = sum(car) / J_PER_KWH
    imp = sum(g for g in grid if g > 0) - sum(g for g in nocar if g > 0)
    car_import = imp / J_PER_KWH
    deficit = 0.0
    if sc.battery is not None:
        deficit = (r.traces.battery_nocar_end_wh - r.battery_end_wh) / 1000.0
    solar = energy - car_import - deficit

    wasted = 0.0
    if Mode(sc.mode) != Mode.OFF:
        start_phases = 1 if s.phase_switching else s.max_phases
        start_power = s.min_current * s.voltage * start_phases
        top = r.vehicle_max_w
        for g, c, plugged in zip(grid, car, r.connected, strict=True):
            if g >= 0.0 or not plugged:
                continue
            export = -g
            if c <= 0.0 and export < start_power:
                continue
            wasted += min(export, max(0.0, top - c))
    wasted /= J_PER_KWH

    on = [o >= s.min_current - 1e-6 for o in r.offered_a]
    starts, stops, shortest_on, shortest_off = _periods(on)

    target = -s.residual_power
    at_max = min(s.max_current, sc.vehicle.max_current) - 0.05
    errors = [
        g - target
        for g, c, o in zip(grid, car, r.offered_a, strict=True)
        if c > 0.0 and not (o >= at_max and g < target)
    ]
    rms = math.sqrt(sum(e * e for e in errors) / len(errors)) if errors else 0.0
    p95 = percentile([abs(e) for e in errors], 95.0)
    reaction, applied, raised = _stale(r)
    priority_charging, priority_violation = _priority(r)
    return Metrics(
        scenario=sc.name,
        controller=r.controller,
        seed=r.seed,
        hours=sc.hours,
        energy_kwh=energy,
        car_import_kwh=car_import,
        battery_deficit_kwh=deficit,
        solar_kwh=solar,
        export_wasted_kwh=wasted,
        starts=starts,
        stops=stops,
        shortest_on_s=shortest_on,
        shortest_off_s=shortest_off,
        phase_switches=r.phase_switches,
        tracking_rms_w=rms,
        tracking_p95_w=p95,
        tracking_samples=len(errors),
        messages=r.messages,
        messages_per_hour=r.messages / sc.hours,
        stale_reaction_s=reaction,
        stale_applied_s=applied,
        stale_raised=raised,
        priority_charging_s=priority_charging,
        priority_violation_s=priority_violation,
    )
