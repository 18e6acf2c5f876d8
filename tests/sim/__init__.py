"""Simulated OCPP chargers for tests, demos and load benchmarks.

1.6J charge point:

    async with SimChargePoint(SimConfig(url="ws://127.0.0.1:9000/CP1")) as cp:
        assert await cp.boot() == "Accepted"
        payload = await cp.wait_for_call("GetConfiguration")

2.0.1 charging station: tests.sim.v201 (SimChargingStation, SimStationConfig).
Either version behind one API: tests.sim.station (make_station, Station) and
the pytest fixtures in tests.sim.fixtures.

Run `python -m tests.sim --help` for the command line charger
(`--ocpp 2.0.1` for a 2.0.1 station).
"""

from .chargepoint import SimChargePoint
from .config import NOANSWER, SimConfig, default_configuration

__all__ = ["NOANSWER", "SimChargePoint", "SimConfig", "default_configuration"]
