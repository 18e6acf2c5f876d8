"""Sensor descriptions for meter readings and sessions."""

from __future__ import annotations

from homeassistant.components.sensor import SensorDeviceClass, SensorStateClass
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfElectricCurrent,
    UnitOfElectricPotential,
    UnitOfEnergy,
    UnitOfFrequency,
    UnitOfPower,
    UnitOfTemperature,
    UnitOfTime,
)

from .csms import Charger, Connector
from .csms.metering import Reading
from .csms.model import PHASES
from .csms.transactions import Transaction
from .sensor_description import ExistsFn, OcppSensorDescription, SensorValue, ValueFn

VOLTAGE_PHASES = {"L1": ("L1-N", "L1"), "L2": ("L2-N", "L2"), "L3": ("L3-N", "L3")}


def _find(
    connector: Connector | None,
    measurand: str,
    phases: tuple[str | None, ...] = (None,),
) -> Reading | None:
    return connector.find(measurand, phases) if connector is not None else None


def _reading(measurand: str, phases: tuple[str | None, ...] = (None,)) -> ValueFn:
    def value(charger: Charger, connector_id: int) -> SensorValue:
        found = _find(charger.connectors.get(connector_id), measurand, phases)
        return round(found.value, 3) if found else None

    return value


def _has(measurand: str, phases: tuple[str | None, ...] = (None,)) -> ExistsFn:
    def exists(charger: Charger, connector_id: int) -> bool:
        return (
            _find(charger.connectors.get(connector_id), measurand, phases) is not None
        )

    return exists


def power_w(charger: Charger, connector_id: int) -> SensorValue:
    connector = charger.connectors.get(connector_id)
    power = connector.active_power_w() if connector is not None else None
    return round(power, 1) if power is not None else None


def _has_power(charger: Charger, connector_id: int) -> bool:
    return power_w(charger, connector_id) is not None


def _current(charger: Charger, connector_id: int) -> SensorValue:
    connector = charger.connectors.get(connector_id)
    values = [
        reading.value
        for phase in (None, *PHASES)
        if (reading := _find(connector, "Current.Import", (phase,))) is not None
    ]
    return round(max(values), 2) if values else None


def _energy(charger: Charger, connector_id: int) -> SensorValue:
    connector = charger.connectors.get(connector_id)
    if connector is None or connector.energy.register_wh is None:
        return None
    return round(connector.energy.total_wh, 1)


def _session(charger: Charger, connector_id: int) -> Transaction | None:
    """The connector's running session, else its last one."""
    connector = charger.connectors.get(connector_id)
    if connector is None:
        return None
    return connector.transaction or connector.last_session


def session_energy_wh(charger: Charger, connector_id: int) -> SensorValue:
    session = _session(charger, connector_id)
    return round(session.energy_wh, 1) if session else None


def _session_cost(charger: Charger, connector_id: int) -> SensorValue:
    session = _session(charger, connector_id)
    return round(session.cost, 2) if session and session.cost is not None else None


def _session_duration(charger: Charger, connector_id: int) -> SensorValue:
    session = _session(charger, connector_id)
    return round(session.duration().total_seconds()) if session else None


def _connector_value(charger: Charger, connector_id: int, name: str) -> SensorValue:
    """A plain value kept on the connector (what an ISO 15118 car asked for)."""
    connector = charger.connectors.get(connector_id)
    value: SensorValue = getattr(connector, name) if connector is not None else None
    return value


def _last_tag(charger: Charger, connector_id: int) -> SensorValue:
    tag = charger.last_tag
    return (tag.name or tag.id_tag) if tag else None


def _phase_current(phase: str) -> OcppSensorDescription:
    return OcppSensorDescription(
        key=f"current_{phase.lower()}",
        translation_key=f"current_{phase.lower()}",
        device_class=SensorDeviceClass.CURRENT,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfElectricCurrent.AMPERE,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        suggested_display_precision=1,
        value_fn=_reading("Current.Import", (phase,)),
        exists_fn=_has("Current.Import", (phase,)),
    )


def _phase_voltage(phase: str) -> OcppSensorDescription:
    return OcppSensorDescription(
        key=f"voltage_{phase.lower()}",
        translation_key=f"voltage_{phase.lower()}",
        device_class=SensorDeviceClass.VOLTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfElectricPotential.VOLT,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        suggested_display_precision=0,
        value_fn=_reading("Voltage", VOLTAGE_PHASES[phase]),
        exists_fn=_has("Voltage", VOLTAGE_PHASES[phase]),
    )


METER_SENSORS: tuple[OcppSensorDescription, ...] = (
    OcppSensorDescription(
        key="power",
        translation_key="power",
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_unit_of_measurement=UnitOfPower.KILO_WATT,
        suggested_display_precision=2,
        value_fn=power_w,
        exists_fn=_has_power,
    ),
    OcppSensorDescription(
        key="energy",
        translation_key="energy",
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfEnergy.WATT_HOUR,
        suggested_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=2,
        value_fn=_energy,
        exists_fn=lambda charger, cid: _energy(charger, cid) is not None,
    ),
    OcppSensorDescription(
        key="session_energy",
        translation_key="session_energy",
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfEnergy.WATT_HOUR,
        suggested_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=2,
        value_fn=session_energy_wh,
        exists_fn=lambda charger, cid: _session(charger, cid) is not None,
    ),
    OcppSensorDescription(
        key="session_cost",
        translation_key="session_cost",
        device_class=SensorDeviceClass.MONETARY,
        suggested_display_precision=2,
        value_fn=_session_cost,
        exists_fn=lambda charger, cid: _session_cost(charger, cid) is not None,
        currency=True,
    ),
    OcppSensorDescription(
        key="session_duration",
        translation_key="session_duration",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        suggested_unit_of_measurement=UnitOfTime.MINUTES,
        suggested_display_precision=0,
        value_fn=_session_duration,
        exists_fn=lambda charger, cid: _session(charger, cid) is not None,
    ),
    OcppSensorDescription(
        key="current",
        translation_key="current",
        device_class=SensorDeviceClass.CURRENT,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfElectricCurrent.AMPERE,
        suggested_display_precision=1,
        value_fn=_current,
        exists_fn=lambda charger, cid: _current(charger, cid) is not None,
    ),
    *(_phase_current(phase) for phase in PHASES),
    *(_phase_voltage(phase) for phase in PHASES),
    OcppSensorDescription(
        key="current_offered",
        translation_key="current_offered",
        device_class=SensorDeviceClass.CURRENT,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfElectricCurrent.AMPERE,
        suggested_display_precision=1,
        value_fn=_reading("Current.Offered"),
        exists_fn=_has("Current.Offered"),
    ),
    OcppSensorDescription(
        key="power_offered",
        translation_key="power_offered",
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_unit_of_measurement=UnitOfPower.KILO_WATT,
        suggested_display_precision=2,
        value_fn=_reading("Power.Offered"),
        exists_fn=_has("Power.Offered"),
    ),
    OcppSensorDescription(
        key="soc",
        translation_key="soc",
        device_class=SensorDeviceClass.BATTERY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
        value_fn=_reading("SoC"),
        exists_fn=_has("SoC"),
    ),
    OcppSensorDescription(
        key="temperature",
        translation_key="temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=1,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=_reading("Temperature"),
        exists_fn=_has("Temperature"),
    ),
    OcppSensorDescription(
        key="frequency",
        translation_key="frequency",
        device_class=SensorDeviceClass.FREQUENCY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfFrequency.HERTZ,
        suggested_display_precision=1,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=_reading("Frequency"),
        exists_fn=_has("Frequency"),
    ),
    OcppSensorDescription(
        key="ev_departure",
        translation_key="ev_departure",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda charger, cid: _connector_value(charger, cid, "ev_departure"),
        exists_fn=lambda charger, cid: _connector_value(charger, cid, "ev_departure")
        is not None,
    ),
    OcppSensorDescription(
        key="ev_energy_needed",
        translation_key="ev_energy_needed",
        device_class=SensorDeviceClass.ENERGY,
        native_unit_of_measurement=UnitOfEnergy.WATT_HOUR,
        suggested_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=1,
        value_fn=lambda charger, cid: _connector_value(charger, cid, "ev_energy_wh"),
        exists_fn=lambda charger, cid: _connector_value(charger, cid, "ev_energy_wh")
        is not None,
    ),
    OcppSensorDescription(
        key="firmware_status",
        translation_key="firmware_status",
        charger_level=True,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda charger, _: charger.firmware_status,
        exists_fn=lambda charger, _: charger.firmware_status is not None,
    ),
    OcppSensorDescription(
        key="diagnostics_status",
        translation_key="diagnostics_status",
        charger_level=True,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda charger, _: charger.diagnostics_status,
        exists_fn=lambda charger, _: charger.diagnostics_status is not None,
    ),
    OcppSensorDescription(
        key="last_tag",
        translation_key="last_tag",
        charger_level=True,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=_last_tag,
        exists_fn=lambda charger, _: charger.last_tag is not None,
    ),
)
