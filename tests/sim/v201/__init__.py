"""Simulated OCPP 2.0.1 charging station for tests, demos and benchmarks.

    config = SimStationConfig(url="ws://127.0.0.1:9000/CS1", evses=(1, 1))
    async with SimChargingStation(config) as cs:
        assert await cs.boot() == "Accepted"
        await cs.plug_in(1)
        tx = await cs.start_transaction(1, "TAG1", meter_wh=1000)
        await cs.meter(1, 1500, power_w=7400)
        await cs.end_transaction(1, meter_wh=2000)

Run `python -m tests.sim --ocpp 2.0.1 --help` for the command line station.
"""

from .base import BootGateClosed, Evse, Transaction
from .config import SimStationConfig
from .device_model import DeviceModel, Key
from .messages import sampled_values
from .station import SimChargingStation

__all__ = [
    "BootGateClosed",
    "DeviceModel",
    "Evse",
    "Key",
    "SimChargingStation",
    "SimStationConfig",
    "Transaction",
    "sampled_values",
]
