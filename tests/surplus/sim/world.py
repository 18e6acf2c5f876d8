"""The 1 s world loop: PV, house, battery, meter, charger, car and a controller.

Each second t (in this order):

1. the charger applies the commands that are due;
2. the car steps toward the offered current (lag, 6 A minimum, pauses);
3. the home battery (if any) steps on the with-car grid, and
   grid = house + car - pv - battery (+ import, - export);
4. the meter samples/delivers (and the battery's own sensor, if it has one);
5. the controller gets a `Reading` for t and returns a `Decision`; a
   changed command is sent and takes effect after its delay (>= 1 s).

The counterfactual world without the car (its own battery in lockstep,
`grid_nocar_w`) depends only on the scenario and the seed, so it is
computed once per (scenario, seed) with the PV and house traces.

A controller is anything with `update(reading) -> Decision`. Two optional
hooks exist for the oracle: an `ideal = True` attribute (commands take
effect after exactly 1 s, i.e. at the very next second; the car follows
without lag and does not pause on a phase switch) and
`bind_truth(truth: Truth)`, called before the run with the true traces.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from custom_components.ocpp_central.surplus.model import (
    Decision,
    Reading,
    SurplusSettings,
)

from .battery import Battery, BatterySpec
from .charger import Charger, normalise
from .loads import LoadSpec, house_trace
from .meter import BatterySensor, GridMeter
from .pv import PvSpec, pv_trace
from .scenarios import Scenario
from .vehicle import Vehicle


class Controller(Protocol):
    """What the harness drives."""

    def update(self, reading: Reading) -> Decision:
        """Decide for the reading."""
        ...


ControllerFactory = Callable[[SurplusSettings], Controller]


@dataclass(frozen=True)
class Traces:
    """Everything that does not depend on the controller."""

    pv_w: list[float]
    house_w: list[float]
    battery_nocar_w: list[float]  # empty without a battery
    grid_nocar_w: list[float]
    battery_nocar_end_wh: float


@dataclass(frozen=True)
class Truth:
    """What the oracle may know."""

    start: int
    pv_w: list[float]
    house_w: list[float]
    vehicle: Vehicle
    settings: SurplusSettings


@lru_cache(maxsize=32)
def build_traces(
    pv: PvSpec,
    loads: LoadSpec,
    battery: BatterySpec | None,
    start: int,
    end: int,
    seed: int,
) -> Traces:
    """PV, house and the world without the car (cached; treat as read-only)."""
    pv_w = pv_trace(pv, start, end, random.Random(f"pv:{seed}"))
    house_w = house_trace(loads, start, end, random.Random(f"house:{seed}"))
    if battery is None:
        grid = [h - p for h, p in zip(house_w, pv_w, strict=True)]
        return Traces(pv_w, house_w, [], grid, 0.0)
    bat = Battery(battery)
    bat_w: list[float] = []
    grid = []
    for h, p in zip(house_w, pv_w, strict=True):
        net = h - p
        b = bat.step(net)
        bat_w.append(b)
        grid.append(net - b)
    return Traces(pv_w, house_w, bat_w, grid, bat.energy_wh)


def scenario_traces(scenario: Scenario, seed: int) -> Traces:
    """The cached traces of a scenario."""
    return build_traces(
        scenario.pv,
        scenario.loads,
        scenario.battery,
        scenario.start,
        scenario.end,
        seed,
    )


@dataclass
class SimResult:
    """Per-second record of one run (index i is time start + i)."""

    scenario: Scenario
    seed: int
    controller: str
    settings: SurplusSettings
    traces: Traces
    grid_w: list[float]
    car_w: list[float]
    battery_w: list[float]  # with the car; empty without a battery
    offered_a: list[float]  # applied offer (0 when disabled)
    phases: list[int]  # applied phases
    connected: list[bool]
    decided_a: list[float]  # decided current (0 if disabled), as sent
    decided_phases: list[int]  # decided phases
    grid_updated: list[float]  # Reading.grid_updated (nan before the first)
    battery_start_wh: float
    battery_end_wh: float
    messages: int
    message_times: list[int]
    phase_switches: int
    vehicle_max_w: float  # the car's maximum power (A * phases * V)
    ideal: bool  # the controller was the ideal oracle


def _connected_mask(scenario: Scenario) -> list[bool]:
    n = scenario.end - scenario.start
    if scenario.connected is None:
        return [True] * n
    t0 = scenario.start
    return [any(a <= t0 + i < b for a, b in scenario.connected) for i in range(n)]


def simulate(
    controller: Controller, scenario: Scenario, seed: int = 1, name: str = ""
) -> SimResult:
    """Run `controller` through `scenario` and record every second."""
    traces = scenario_traces(scenario, seed)
    settings = scenario.settings
    start, end = scenario.start, scenario.end
    n = end - start
    voltage = settings.voltage
    ideal = bool(getattr(controller, "ideal", False))
    max_phases = settings.max_phases
    charger = Charger(
        random.Random(f"charger:{seed}"),
        (1, 1) if ideal else scenario.command_delay,
        max_phases,
    )
    vehicle = Vehicle(
        scenario.vehicle,
        random.Random(f"vehicle:{seed}"),
        start,
        end,
        max_phases,
        ideal=ideal,
    )
    meter_rng = random.Random(f"meter:{seed}")
    meter = GridMeter(
        scenario.meter_interval,
        scenario.meter_latency,
        meter_rng.randrange(max(1, scenario.meter_interval)),
        scenario.meter_freeze,
    )
    battery = Battery(scenario.battery) if scenario.battery is not None else None
    sensor: BatterySensor | None = None
    if battery is not None and scenario.battery_sensor is not None:
        interval, latency = scenario.battery_sensor
        sensor = BatterySensor(interval, latency, meter_rng.randrange(interval))
    battery_start = battery.energy_wh if battery is not None else 0.0
    bind = getattr(controller, "bind_truth", None)
    if bind is not None:
        bind(Truth(start, traces.pv_w, traces.house_w, vehicle, settings))

    pv_w, house_w = traces.pv_w, traces.house_w
    connected = _connected_mask(scenario)
    mode = scenario.mode
    grid_rec: list[float] = []
    car_rec: list[float] = []
    bat_rec: list[float] = []
    offer_rec: list[float] = []
    phase_rec: list[int] = []
    dec_rec: list[float] = []
    dec_ph_rec: list[int] = []
    upd_rec: list[float] = []
    nan = float("nan")
    update = controller.update
    pending = charger.pending
    vstep = vehicle.step
    vphases = vehicle.spec.phases

    for i in range(n):
        t = start + i
        if pending and pending[0][0] <= t:
            charger.apply_due(t)
        offer = charger.current if charger.enabled else 0.0
        phases = charger.phases
        plugged = connected[i]
        amps = vstep(t, offer, phases, plugged)
        drawn = phases if phases < vphases else vphases
        car = amps * drawn * voltage
        net = house_w[i] + car - pv_w[i]
        bat: float | None = None
        soc: float | None = None
        grid = net
        if battery is not None:
            bat_now = battery.step(net)
            grid = net - bat_now
            bat_rec.append(bat_now)
            bat = bat_now
            soc = battery.soc
        grid_rec.append(grid)
        car_rec.append(car)
        offer_rec.append(offer)
        phase_rec.append(phases)
        if sensor is not None and bat is not None and soc is not None:
            sensor.step(t, bat, soc)
            meter.step(t, grid, None, None)
            bat, soc = sensor.power_w, sensor.soc
        else:
            meter.step(t, grid, bat, soc)
            bat, soc = meter.battery_w, meter.battery_soc
        if drawn >= 3:
            currents = (amps, amps, amps)
        elif drawn == 2:
            currents = (amps, amps, 0.0)
        else:
            currents = (amps, 0.0, 0.0)
        decision = update(
            Reading(
                now=float(t),
                mode=mode,
                grid_power_w=meter.value,
                grid_updated=meter.updated,
                battery_power_w=bat,
                battery_soc=soc,
                connected=plugged,
                charging=amps > 0.5,
                phase_currents_a=currents,
                active_phases=phases,
                offered_current_a=offer,
            )
        )
        command = normalise(decision.enabled, decision.current_a, decision.phases)
        if command != charger.last_sent:
            charger.send(t, command)
        dec_rec.append(command[1])
        dec_ph_rec.append(command[2])
        upd_rec.append(nan if meter.updated is None else meter.updated)

    return SimResult(
        scenario=scenario,
        seed=seed,
        controller=name or type(controller).__name__,
        settings=settings,
        traces=traces,
        grid_w=grid_rec,
        car_w=car_rec,
        battery_w=bat_rec,
        offered_a=offer_rec,
        phases=phase_rec,
        connected=connected,
        decided_a=dec_rec,
        decided_phases=dec_ph_rec,
        grid_updated=upd_rec,
        battery_start_wh=battery_start,
        battery_end_wh=battery.energy_wh if battery is not None else 0.0,
        messages=charger.messages,
        message_times=charger.message_times,
        phase_switches=charger.phase_switches,
        vehicle_max_w=min(scenario.vehicle.max_current, settings.max_current)
        * min(max_phases, vphases)
        * voltage,
        ideal=ideal,
    )


def fresh_settings(scenario: Scenario) -> SurplusSettings:
    """A private copy of the scenario's settings for one controller."""
    return copy.deepcopy(scenario.settings)
