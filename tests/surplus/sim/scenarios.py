"""The scenarios: deterministic traces plus meter, charger and car parameters.

Every scenario runs over a charging window [start, end) in seconds of the
day (8:00-18:00 = 36,000 s unless noted). The seed given to `run` draws the
PV clouds, the house-load events, the car's lag and offsets, the meter's
sampling phase and the command delays; the PV and house traces depend only
on the specs and the seed, so every controller sees the same day.

| name                 | PV                           | meter (interval/latency) | notes                          |
|----------------------|------------------------------|--------------------------|--------------------------------|
| clear_summer         | clear, 8 kW peak             | 10 s / 2 s               | a clear day                    |
| broken_clouds        | summer + broken clouds       | 2 s / 1 s                |                                |
| winter               | 3.2 kW peak, 8:15-16:30, light clouds | 60 s / 5 s     | 8:00-17:00, 1p/3p switching    |
| fast_alternation     | summer, 100%/40% every 30 s  | 1 s / 1 s                |                                |
| clear_summer_battery | clear summer                 | 5 s / 2 s                | 10 kWh / 5 kW battery at 30%   |
| battery_priority     | clear summer                 | 5 s / 2 s                | the same, battery first to 80% |
| frozen_meter         | clear, heavy clouds from 12:02 | 2 s / 1 s              | meter frozen 12:00-12:30       |
| slow_charger         | as broken_clouds             | 5 s / 2 s                | commands take effect after 60 s |
| battery_cloudy       | broken clouds                | 5 s / 2 s                | battery, its sensor 10 s / 4 s on its own clock |
| rare_clouds          | long clear spells (40 min), rare deep clouds | 5 s / 2 s |                          |
| short_clouds         | clouds of ~25 s every ~50 s  | 2 s / 1 s                |                                |
| marginal_3p          | 5.3 kW peak, light clouds    | 5 s / 2 s                | fixed 3 phases, just above 4.1 kW at noon |
| marginal_1p          | 2.3 kW peak, light clouds    | 5 s / 2 s                | a 1-phase charger, just above 1.4 kW |
| heat_pump            | 6.5 kW peak, 6:30-20:00      | 10 s / 2 s               | a 2.2 kW heat pump cycling 12-30 min on, 15-40 off |
| evening_late         | clear summer                 | 5 s / 2 s                | plugged in at 16:30, cooking 17:00-19:30, until dusk |
| lazy_car             | clouds every ~15 min         | 5 s / 2 s                | the car takes at most 11 A, up to 2 A below the offer |
| whole_day            | clear, 5:00-22:00            | 10 s / 2 s               | a clear day with dawn and dusk |
| switching            | 7 kW peak, slow clouds       | 5 s / 2 s                | 1p/3p switching in summer      |
| meter_1s ... meter_60s | broken clouds, one day     | 1, 5, 10, 30, 60 s / 1-2 s | the same day at five meter periods |
| arrive_leave (extra) | as broken_clouds             | 5 s / 2 s                | car away 10:30-12:00, 15:00-16:00 |

`family` groups scenarios in reports (the five meter periods are one family);
`clear_day` marks the days the tracking rule is judged on.
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
    # (interval, latency) s of a battery sensor that reports on its own
    # timing; None: the battery's values come with the grid sample
    battery_sensor: tuple[int, int] | None = None
    command_delay: tuple[int, int] = (1, 3)  # s, drawn per command
    connected: tuple[tuple[int, int], ...] | None = None  # None: whole window
    mode: Mode = Mode.SOLAR
    settings: SurplusSettings = field(default_factory=SurplusSettings)
    description: str = ""
    family: str = ""  # scenarios reported together ("" = the name)
    clear_day: bool = False  # the tracking rule applies

    @property
    def group(self) -> str:
        """The family this scenario is reported in."""
        return self.family or self.name

    @property
    def hours(self) -> float:
        """Length of the window in hours."""
        return (self.end - self.start) / 3600.0


BROKEN = CloudSpec()
LIGHT = CloudSpec(
    mean_clear_s=900.0,
    mean_cloud_s=240.0,
    cloud_min=0.55,
    cloud_max=0.85,
    ramp_min_s=20.0,
    ramp_max_s=90.0,
)
MIXED = CloudSpec(mean_clear_s=400.0, mean_cloud_s=150.0)


def _meter_day(interval: int) -> Scenario:
    """The same broken-cloud day read by a meter every `interval` seconds."""
    return Scenario(
        name=f"meter_{interval}s",
        pv=PvSpec(clouds=MIXED),
        meter_interval=interval,
        meter_latency=1 if interval == 1 else 2,
        family="meter_period",
        description=f"broken clouds, a {interval} s grid meter",
    )


ORIGINAL = (
    Scenario(
        name="clear_summer",
        meter_interval=10,
        meter_latency=2,
        clear_day=True,
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

HARDER = (
    Scenario(
        name="battery_priority",
        battery=BatterySpec(),
        meter_interval=5,
        meter_latency=2,
        settings=SurplusSettings(battery_priority_soc=80.0),
        description="clear day, the battery charges first up to 80 %",
    ),
    Scenario(
        name="battery_cloudy",
        pv=PvSpec(clouds=BROKEN),
        battery=BatterySpec(),
        battery_sensor=(10, 4),
        meter_interval=5,
        meter_latency=2,
        description="broken clouds, a home battery whose sensor reports apart",
    ),
    Scenario(
        name="rare_clouds",
        pv=PvSpec(
            clouds=CloudSpec(
                mean_clear_s=2400.0, mean_cloud_s=240.0, cloud_min=0.15, cloud_max=0.45
            )
        ),
        meter_interval=5,
        meter_latency=2,
        description="long clear spells, rare deep clouds",
    ),
    Scenario(
        name="short_clouds",
        pv=PvSpec(
            clouds=CloudSpec(
                mean_clear_s=50.0, mean_cloud_s=25.0, ramp_min_s=2.0, ramp_max_s=8.0
            )
        ),
        meter_interval=2,
        meter_latency=1,
        description="frequent short clouds",
    ),
    Scenario(
        name="marginal_3p",
        pv=PvSpec(peak_w=5300.0, clouds=LIGHT),
        meter_interval=5,
        meter_latency=2,
        description="fixed 3 phases, surplus a little above the minimum at noon",
    ),
    Scenario(
        name="marginal_1p",
        pv=PvSpec(peak_w=2300.0, clouds=LIGHT),
        meter_interval=5,
        meter_latency=2,
        settings=SurplusSettings(max_phases=1),
        description="a 1-phase charger, surplus a little above the minimum",
    ),
    Scenario(
        name="heat_pump",
        pv=PvSpec(peak_w=6500.0, sunrise_h=6.5, sunset_h=20.0, clouds=LIGHT),
        loads=LoadSpec(heat_pump_w=2200.0, oven=False),
        meter_interval=10,
        meter_latency=2,
        description="a heat pump cycling for tens of minutes",
    ),
    Scenario(
        name="evening_late",
        loads=LoadSpec(oven=False, evening_cooking=True),
        start=15 * HOUR,
        end=22 * HOUR,
        connected=((16 * HOUR + 1800, 22 * HOUR),),
        meter_interval=5,
        meter_latency=2,
        description="plugged in at 16:30, evening cooking, until dusk",
    ),
    Scenario(
        name="lazy_car",
        pv=PvSpec(
            clouds=CloudSpec(mean_clear_s=900.0, mean_cloud_s=180.0, cloud_max=0.6)
        ),
        vehicle=VehicleSpec(max_current=11.0, max_offset_a=2.0),
        meter_interval=5,
        meter_latency=2,
        description="a car that takes at most 11 A and up to 2 A below the offer",
    ),
    Scenario(
        name="whole_day",
        start=5 * HOUR,
        end=22 * HOUR,
        meter_interval=10,
        meter_latency=2,
        clear_day=True,
        description="a clear day from dawn to dusk",
    ),
    Scenario(
        name="switching",
        pv=PvSpec(
            peak_w=7000.0,
            clouds=CloudSpec(
                mean_clear_s=600.0, mean_cloud_s=300.0, cloud_min=0.3, cloud_max=0.6
            ),
        ),
        meter_interval=5,
        meter_latency=2,
        settings=SurplusSettings(phase_switching=True),
        description="slow clouds, a charger that switches 1/3 phases",
    ),
    *(_meter_day(interval) for interval in (1, 5, 10, 30, 60)),
)

SCENARIOS: dict[str, Scenario] = {s.name: s for s in (*ORIGINAL, *HARDER)}
ORIGINAL_NAMES = tuple(s.name for s in ORIGINAL)

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
