"""The station's device model: components, variables, attributes, and their rules.

Keys follow OCPP 2.0.1: a component (name, instance, EVSE id, connector id)
holds variables (name, instance), each with up to four attributes (Actual,
Target, MinSet, MaxSet) that share one mutability and characteristics.
Payload dicts are snake_case, as the ocpp library hands them over.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

ATTRIBUTES = ("Actual", "Target", "MinSet", "MaxSet")
# SummaryInventory: availability and condition of station, EVSEs, connectors.
SUMMARY_COMPONENTS = {"ChargingStation", "EVSE", "Connector"}
SUMMARY_VARIABLES = {"AvailabilityState", "Available", "Problem"}


class Key(NamedTuple):
    component: str
    variable: str
    evse: int | None = None
    connector: int | None = None
    instance: str | None = None  # the component's
    variable_instance: str | None = None


@dataclass
class Variable:
    """One variable with its attributes' values and its characteristics."""

    key: Key
    values: dict[str, str]  # attribute type -> value
    mutability: str = "ReadWrite"
    data_type: str = "string"
    unit: str | None = None
    values_list: str | None = None
    min_limit: float | None = None
    max_limit: float | None = None
    persistent: bool = True
    constant: bool = False

    def check(self, value: str) -> bool:
        """Whether `value` fits the data type, list and limits."""
        options = [v.strip() for v in (self.values_list or "").split(",") if v]
        try:
            if self.data_type == "integer":
                number: float = int(value)
            elif self.data_type == "decimal":
                number = float(value)
            elif self.data_type == "string":
                number = len(value)
            elif self.data_type == "boolean":
                return value in ("true", "false")
            elif self.data_type == "OptionList":
                return value in options
            elif self.data_type in ("MemberList", "SequenceList"):
                items = [v.strip() for v in value.split(",") if v.strip()]
                return not options or all(i in options for i in items)
            else:
                return True
        except ValueError:
            return False
        if self.min_limit is not None and number < self.min_limit:
            return False
        return self.max_limit is None or number <= self.max_limit

    def report(self) -> dict[str, Any]:
        """This variable as a NotifyReport reportData entry (snake_case)."""
        attributes = []
        for kind, value in self.values.items():
            attribute: dict[str, Any] = {
                "type": kind,
                "mutability": self.mutability,
                "persistent": self.persistent,
                "constant": self.constant,
            }
            if self.mutability != "WriteOnly":
                attribute["value"] = value
            attributes.append(attribute)
        characteristics: dict[str, Any] = {
            "data_type": self.data_type,
            "supports_monitoring": False,
        }
        for name in ("unit", "values_list", "min_limit", "max_limit"):
            if getattr(self, name) is not None:
                characteristics[name] = getattr(self, name)
        return {
            "component": component_dict(self.key),
            "variable": variable_dict(self.key),
            "variable_attribute": attributes,
            "variable_characteristics": characteristics,
        }


def component_dict(key: Key) -> dict[str, Any]:
    found: dict[str, Any] = {"name": key.component}
    if key.instance is not None:
        found["instance"] = key.instance
    if key.evse is not None:
        found["evse"] = {"id": key.evse}
        if key.connector is not None:
            found["evse"]["connector_id"] = key.connector
    return found


def variable_dict(key: Key) -> dict[str, Any]:
    found: dict[str, Any] = {"name": key.variable}
    if key.variable_instance is not None:
        found["instance"] = key.variable_instance
    return found


def key_of(component: Mapping[str, Any], variable: Mapping[str, Any]) -> Key:
    """The Key a GetVariableData/SetVariableData entry names."""
    evse = component.get("evse") or {}
    return Key(
        component=component["name"],
        variable=variable["name"],
        evse=evse.get("id"),
        connector=evse.get("connector_id"),
        instance=component.get("instance"),
        variable_instance=variable.get("instance"),
    )


@dataclass
class DeviceModel:
    """All variables of one station."""

    variables: dict[Key, Variable] = field(default_factory=dict)

    def add(
        self,
        component: str,
        variable: str,
        value: str | None = None,
        *,
        evse: int | None = None,
        connector: int | None = None,
        instance: str | None = None,
        variable_instance: str | None = None,
        attributes: Mapping[str, str] | None = None,
        **traits: Any,
    ) -> Variable:
        """Declare a variable; `value` is its Actual, `attributes` any others."""
        key = Key(component, variable, evse, connector, instance, variable_instance)
        values = dict(attributes or {})
        if value is not None:
            values["Actual"] = value
        found = Variable(key, values, **traits)
        self.variables[key] = found
        return found

    def __iter__(self) -> Iterator[Variable]:
        return iter(self.variables.values())

    def find(self, key: Key) -> tuple[str, Variable | None]:
        """("Accepted", variable) or (UnknownComponent/UnknownVariable, None)."""
        if key in self.variables:
            return "Accepted", self.variables[key]
        same_component = any(
            (k.component, k.instance, k.evse, k.connector)
            == (key.component, key.instance, key.evse, key.connector)
            for k in self.variables
        )
        return ("UnknownVariable" if same_component else "UnknownComponent"), None

    def value(self, component: str, variable: str, **where: Any) -> str | None:
        """The Actual value of a variable, None when it does not exist."""
        found = self.variables.get(Key(component, variable, **where))
        return None if found is None else found.values.get("Actual")

    def int_value(self, component: str, variable: str, default: int) -> int:
        raw = self.value(component, variable)
        return int(raw) if raw is not None and raw.lstrip("-").isdigit() else default

    def get(self, key: Key, attribute: str = "Actual") -> tuple[str, str | None]:
        """(attributeStatus, value) for a GetVariables entry."""
        status, found = self.find(key)
        if found is None:
            return status, None
        if attribute not in found.values:
            return "NotSupportedAttributeType", None
        if found.mutability == "WriteOnly":
            return "Rejected", None
        return "Accepted", found.values[attribute]

    def set(self, key: Key, value: str, attribute: str = "Actual") -> str:
        """Set a value; return the attributeStatus (the value is kept on Accepted)."""
        status, found = self.find(key)
        if found is None:
            return status
        if attribute not in found.values:
            return "NotSupportedAttributeType"
        if found.mutability == "ReadOnly" or found.constant:
            return "Rejected"
        if not found.check(value):
            return "Rejected"
        found.values[attribute] = value
        return "Accepted"

    def report(self, base: str) -> list[dict[str, Any]]:
        """reportData entries for a GetBaseReport `base`."""
        if base == "FullInventory":
            chosen = list(self)
        elif base == "ConfigurationInventory":
            chosen = [v for v in self if v.mutability != "ReadOnly"]
        else:  # SummaryInventory
            chosen = [
                v
                for v in self
                if v.key.component in SUMMARY_COMPONENTS
                and v.key.variable in SUMMARY_VARIABLES
            ]
        return [v.report() for v in chosen]
