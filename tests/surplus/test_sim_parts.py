"""Unit tests of the harness parts: meter, vehicle, charger, metric helpers."""

from __future__ import annotations

import math
import random
from dataclasses import replace

import pytest

from tests.surplus.sim.charger import Charger, normalise
from tests.surplus.sim.loads import LoadSpec, house_trace
from tests.surplus.sim.meter import BatterySensor, GridMeter
from tests.surplus.sim.metrics import _periods, percentile
from tests.surplus.sim.vehicle import Vehicle, VehicleSpec

# -- the meter --------------------------------------------------------------


def test_meter_samples_and_latency() -> None:
    meter = GridMeter(interval=5, latency=2, phase=1, freeze=(30, 40))
    seen: list[tuple[float | None, float | None]] = []
    for t in range(0, 50):
        meter.step(t, float(t) * 10.0, None, None)
        seen.append((meter.value, meter.updated))
    assert seen[0] == (None, None)
    assert seen[2] == (None, None)  # sampled at 1, delivered at 3
    assert seen[3] == (10.0, 1.0)
    assert seen[7] == (10.0, 1.0)
    assert seen[8] == (60.0, 6.0)
    assert seen[28] == (260.0, 26.0)  # the last sample before the freeze
    assert seen[42] == (260.0, 26.0)  # frozen: 31 and 36 were not sampled
    assert seen[43] == (410.0, 41.0)


# -- the vehicle ------------------------------------------------------------


def make_vehicle(lag_s: float | None = None, offset: float = 1.0) -> Vehicle:
    spec = VehicleSpec(max_offset_a=offset)
    if lag_s is not None:
        spec = replace(spec, lag_min_s=lag_s, lag_max_s=lag_s)
    return Vehicle(spec, random.Random(1), 0, 3600, 3)


def test_vehicle_needs_6a_and_draws_below_offer() -> None:
    v = make_vehicle()
    for t in range(200):
        assert v.step(t, 5.9, 3, True) == 0.0
    for t in range(200, 400):
        v.step(t, 10.0, 3, True)
    assert 9.0 - 1e-9 <= v.current <= 10.0
    assert v.current == pytest.approx(10.0 - v.offset_at(399), abs=1e-3)
    for t in range(400, 410):
        v.step(t, 5.0, 3, True)
    assert v.current == 0.0  # stops within a few seconds


def test_vehicle_lag() -> None:
    v = make_vehicle(lag_s=8.0, offset=0.0)
    v.step(0, 16.0, 3, True)
    assert 0.0 < v.current < 3.0
    for t in range(1, 8):
        v.step(t, 16.0, 3, True)
    assert v.current == pytest.approx(16.0 * (1 - math.exp(-1.0)), rel=1e-6)
    for t in range(8, 120):
        v.step(t, 16.0, 3, True)
    assert v.current == pytest.approx(16.0, abs=0.01)


def test_vehicle_pauses_on_phase_switch() -> None:
    v = make_vehicle(offset=0.0)
    for t in range(100):
        v.step(t, 10.0, 3, True)
    assert v.step(100, 10.0, 1, True) == 0.0
    for t in range(101, 160):
        assert v.step(t, 10.0, 1, True) == 0.0
    assert v.step(160, 10.0, 1, True) > 0.0
    assert v.drawn_phases(3) == 3


# -- the charger and its messages ---------------------------------------------


def test_normalise() -> None:
    assert normalise(False, 12.0, 3) == (False, 0.0, 3)
    assert normalise(True, 10.04, 3) == (True, 10.0, 3)
    assert normalise(True, 10.06, 1) == (True, 10.1, 1)


def test_charger_counts_changed_commands_and_delays() -> None:
    c = Charger(random.Random(1), (1, 3), 3)
    assert not c.send(0, normalise(False, 8.0, 3))  # same as the initial state
    assert c.send(0, normalise(True, 8.0, 3))
    assert not c.send(1, normalise(True, 8.0, 3))
    assert c.send(1, normalise(True, 8.0, 1))  # a phase switch is a message
    assert c.messages == 2
    c.apply_due(0)
    assert not c.enabled
    for t in range(1, 10):
        c.apply_due(t)
        if c.phases == 1:
            break
    assert 1 <= t <= 4
    assert (c.enabled, c.current, c.phases) == (True, 8.0, 1)
    assert c.phase_switches == 1


# -- metric helpers -----------------------------------------------------------


def test_periods() -> None:
    on_off = (
        [False] * 5 + [True] * 10 + [False] * 3 + [True] * 4 + [False] * 7 + [True] * 2
    )
    assert _periods(on_off) == (3, 2, 4.0, 3.0)
    assert _periods([False, True, True]) == (1, 0, None, None)


def test_percentile() -> None:
    assert percentile([], 95) == 0.0
    assert percentile([float(i) for i in range(1, 101)], 95) == 95.0
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0


# -- the battery sensor on its own clock ----------------------------------------


def test_battery_sensor_reports_on_its_own_interval_and_latency() -> None:
    sensor = BatterySensor(interval=10, latency=3, phase=4)
    seen = []
    for t in range(40):
        sensor.step(t, float(t), 50.0 + t)
        seen.append(sensor.power_w)
    assert seen[6] is None  # sampled at 4, delivered at 7
    assert seen[7] == 4.0
    assert seen[16] == 4.0
    assert seen[17] == 14.0
    assert sensor.soc == 50.0 + 34


# -- house loads -----------------------------------------------------------------


def test_a_heat_pump_cycles_for_tens_of_minutes() -> None:
    spec = LoadSpec(
        base_w=0,
        noise_w=0,
        fridge_w=0,
        kettles=0,
        washer=False,
        oven=False,
        heat_pump_w=2000.0,
    )
    load = house_trace(spec, 0, 6 * 3600, random.Random(3))
    runs: list[tuple[bool, int]] = []
    for watts in load:
        on = watts > 1000
        if runs and runs[-1][0] == on:
            runs[-1] = (on, runs[-1][1] + 1)
        else:
            runs.append((on, 1))
    inner = runs[1:-1]  # the first and last are cut by the window
    assert inner
    assert all(12 * 60 <= n <= 30 * 60 for on, n in inner if on)
    assert all(15 * 60 <= n <= 40 * 60 for on, n in inner if not on)


def test_evening_cooking_happens_in_the_evening() -> None:
    spec = LoadSpec(
        base_w=0,
        noise_w=0,
        fridge_w=0,
        kettles=0,
        washer=False,
        oven=False,
        evening_cooking=True,
    )
    start = 15 * 3600
    load = house_trace(spec, start, 22 * 3600, random.Random(5))
    busy = [i for i, watts in enumerate(load) if watts > 0]
    assert busy
    assert 17 * 3600 <= start + busy[0] <= 18 * 3600 + 1800
    assert 45 * 60 <= busy[-1] - busy[0] + 1 <= 75 * 60
    assert all(1500 <= load[i] <= 3500 for i in busy)
