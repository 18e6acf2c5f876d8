"""The sensor description shared by all sensor groups."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from homeassistant.components.sensor import SensorEntityDescription

from .csms import Charger
from .entity import OcppEntityDescription

type SensorValue = str | int | float | datetime | None
type ValueFn = Callable[[Charger, int], SensorValue]
type ExistsFn = Callable[[Charger, int], bool]


@dataclass(frozen=True, kw_only=True)
class OcppSensorDescription(SensorEntityDescription, OcppEntityDescription):
    """A sensor reading one value from the model."""

    value_fn: ValueFn
    currency: bool = False  # the unit is Home Assistant's currency
