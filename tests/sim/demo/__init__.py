"""The demo charger: a simulated charger with a car that charges on its own.

See charger.py; `python -m tests.sim.demo --help` runs it.
"""

from .car import DemoCar, Limits, Profile
from .charger import DEMO_VENDOR_ID, PLUG_IN, UNPLUG, DemoChargePoint

__all__ = [
    "DEMO_VENDOR_ID",
    "PLUG_IN",
    "UNPLUG",
    "DemoCar",
    "DemoChargePoint",
    "Limits",
    "Profile",
]
