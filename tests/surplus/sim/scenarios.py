"""The scenarios: deterministic traces plus meter, charger and car parameters.

Every scenario runs over a charging window [start, end) in seconds of the
day (8:00-18:00 = 36,000 s unless noted). The seed given to `run` draws the
PV clouds, the house-load events, the car's lag and offsets, the meter's
sampling phase and the command delays; the PV and house traces depend only
on the specs and the seed, so every controller sees the same day.

| name                 | PV                           | meter (interval/latency) | notes                          |
|----------------------|------------------------------|--------------------------|--------------------------------|
| clear_summer         | clear, 8 kW peak             | 10 s / 2 s               |                                |
| broken_clouds        | summer + broken clouds       | 2 s / 1 s                |                                |
| winter               | 3.2 kW peak, 8:15-16:30, light clouds | 60 s / 5 s     | 8:00-17:00, 1p/3p switching    |
| fast_alternation     | summer, 100%/40% every 30 s  | 1 s / 1 s                |                                |
| clear_summer_battery | clear summer                 | 5 s / 2 s                | 10 kWh / 5 kW battery at 30%   |
| frozen_meter         | clear, heavy clouds from 12:02 | 2 s / 1 s              | meter frozen 12:00-12:30       |
| slow_charger         | as broken_clouds             | 5 s / 2 s                | commands take effect after 60 s |
| arrive_leave (extra) | as broken_clouds             | 5 s / 2 s                | car away 10:30-12:00, 15:00-16:00 |
"""

from __future__ import annotations

from dataclasses import dataclass, field

from custom_components.ocpp_central.surplus.model import Mode, SurplusSettings

from .battery import BatterySpec
from .loads import LoadSpec
from .pv import AlternationSpec, CloudSpec, PvSpec
from .vehicle import VehicleSpec

HOUR = 3600


@dataclass(frozen=True)
class Scenario:
    """One simulated day."""

    name: str
    pv: PvSpec = field(default_factory=PvSpec)
    loads: LoadSpec = field(default_factory=LoadSpec)
    battery: BatterySpec | None = None
    vehicle: VehicleSpec = field(default_factory=VehicleSpec)
    start: int = 8 * HOUR
    end: int = 18 * HOUR
    meter_interval: int = 5  # s between grid samples (1..60)
    meter_latency: int = 2  # s from a sample to the controller
    meter_freeze: tuple[int, int] | None = None  # [a, b): no samples
    command_delay: tuple[int, int] = (1, 3)  # s, drawn per command
    connected: tuple[tuple[int, int], ...] | None = None  # None: whole window
    mode: Mode = Mode.SOLAR
    settings: SurplusSettings = field(default_factory=SurplusSettings)
    description: str = ""

    @property
    def hours(self) -> float:
        """Length of the window in hours."""
        return (self.end - self.start) / 3600.0


BROKEN = CloudSpec()

SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario(
            name="clear_summer",
            meter_interval=10,
            meter_latency=2,
            description="clear summer day",
        ),
        Scenario(
            name="broken_clouds",
            pv=PvSpec(clouds=BROKEN),
            meter_interval=2,
            meter_latency=1,
            description="summer day with broken clouds",
        ),
        Scenario(
            name="winter",
            pv=PvSpec(
                peak_w=3200.0,
                sunrise_h=8.25,
                sunset_h=16.5,
                exponent=1.5,
                clouds=CloudSpec(
                    mean_clear_s=600.0,
                    mean_cloud_s=300.0,
                    cloud_min=0.4,
                    cloud_max=0.75,
                    ramp_min_s=20.0,
                    ramp_max_s=90.0,
                ),
            ),
            end=17 * HOUR,
            meter_interval=60,
            meter_latency=5,
            settings=SurplusSettings(phase_switching=True),
            description="winter day, low PV, 1p/3p switching",
        ),
        Scenario(
            name="fast_alternation",
            pv=PvSpec(alternation=AlternationSpec()),
            meter_interval=1,
            meter_latency=1,
            description="PV alternates 100%/40% every 30 s",
        ),
        Scenario(
            name="clear_summer_battery",
            battery=BatterySpec(),
            meter_interval=5,
            meter_latency=2,
            description="clear summer day with a 10 kWh home battery",
        ),
        Scenario(
            name="frozen_meter",
            pv=PvSpec(
                clouds=CloudSpec(
                    mean_clear_s=120.0,
                    mean_cloud_s=600.0,
                    cloud_min=0.2,
                    cloud_max=0.4,
                    start_s=12 * HOUR + 120,
                )
            ),
            meter_interval=2,
            meter_latency=1,
            meter_freeze=(12 * HOUR, 12 * HOUR + 1800),
            description="meter frozen 12:00-12:30 while heavy clouds arrive",
        ),
        Scenario(
            name="slow_charger",
            pv=PvSpec(clouds=BROKEN),
            meter_interval=5,
            meter_latency=2,
            command_delay=(60, 60),
            description="broken clouds, commands take effect after 60 s",
        ),
    )
}

EXTRA_SCENARIOS: dict[str, Scenario] = {
    "arrive_leave": Scenario(
        name="arrive_leave",
        pv=PvSpec(clouds=BROKEN),
        connected=(
            (8 * HOUR, 10 * HOUR + 1800),
            (12 * HOUR, 15 * HOUR),
            (16 * HOUR, 18 * HOUR),
        ),
        description="broken clouds, the car leaves twice",
    ),
}


def get_scenario(name: str) -> Scenario:
    """A scenario by name (SCENARIOS or EXTRA_SCENARIOS)."""
    if name in SCENARIOS:
        return SCENARIOS[name]
    return EXTRA_SCENARIOS[name]
