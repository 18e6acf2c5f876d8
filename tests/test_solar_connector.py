"""What the solar controller reads from a connector, from any meter a charger has."""

from __future__ import annotations

from datetime import UTC, datetime

from custom_components.ocpp_central.csms import Connector, ConnectorStatus
from custom_components.ocpp_central.csms.metering import Reading as Meter
from custom_components.ocpp_central.solar_connector import (
    controller_reading,
    offered_current,
    phase_currents,
)
from custom_components.ocpp_central.surplus import Mode

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def meter(measurand: str, value: float, unit: str, phase: str | None = None) -> Meter:
    return Meter(measurand, value, unit, phase, "Outlet", "Sample.Periodic", NOW)


def connector(*meters: Meter) -> Connector:
    found = Connector(1, status=ConnectorStatus.CHARGING)
    for m in meters:
        found.readings[(m.measurand, m.phase, m.location)] = m
    return found


def test_per_phase_currents_win_and_phase_names_may_carry_a_neutral() -> None:
    c = connector(
        meter("Current.Import", 7.0, "A", "L1-N"),
        meter("Current.Import", 6.5, "A", "L2"),
        meter("Power.Active.Import", 9999.0, "W"),
    )
    assert phase_currents(c) == (7.0, 6.5, 0.0)


def test_a_total_current_or_the_power_stand_in_for_phase_currents() -> None:
    assert phase_currents(connector(meter("Current.Import", 10.0, "A"))) == (
        10.0,
        0.0,
        0.0,
    )
    amps = phase_currents(connector(meter("Power.Active.Import", 6900.0, "W")))
    assert [round(a, 1) for a in amps] == [10.0, 10.0, 10.0]
    assert phase_currents(connector()) == (0.0, 0.0, 0.0)


def test_the_offer_is_the_chargers_report_else_our_limit_in_force() -> None:
    c = connector(meter("Current.Offered", 12.0, "A"))
    assert offered_current(c) == 12.0
    plain = connector()
    plain.control.limit_a = 9.0
    assert offered_current(plain) == 0.0  # no session: nothing is offered
    plain.control.paused = True
    assert offered_current(plain) == 0.0
    reading = controller_reading(
        connector(meter("Current.Import", 8.0, "A", "L1")),
        100.0,
        Mode.SOLAR,
        (-500.0, 95.0),
        None,
        None,
    )
    assert (reading.active_phases, reading.connected, reading.charging) == (
        1,
        True,
        True,
    )
    assert (reading.grid_power_w, reading.grid_updated) == (-500.0, 95.0)
