"""Simulated OCPP 1.6J charge point for tests, demos and load benchmarks.

    async with SimChargePoint(SimConfig(url="ws://127.0.0.1:9000/CP1")) as cp:
        assert await cp.boot() == "Accepted"
        payload = await cp.wait_for_call("GetConfiguration")

Run `python -m tests.sim --help` for the command line charger.
"""

from .chargepoint import SimChargePoint
from .config import NOANSWER, SimConfig, default_configuration

__all__ = ["NOANSWER", "SimChargePoint", "SimConfig", "default_configuration"]
