"""IdTokens and meter values: 2.0.1 shapes to and from the neutral model."""

from __future__ import annotations

from typing import Any

from ..authorization import AuthStatus, Tag

# Tokens the central system itself makes or that need no authorization.
NOT_CHECKED = frozenset({"Central", "NoAuthorization"})
# What a tag of our list is when a charger needs a type (RFID cards).
DEFAULT_TYPE = "ISO14443"
# The tag Home Assistant starts sessions with is a central token.
CENTRAL = "Central"

type Samples = list[tuple[str | None, list[dict[str, Any]]]]


def id_token(value: str, kind: str = DEFAULT_TYPE) -> dict[str, str]:
    """An IdTokenType."""
    return {"idToken": value, "type": kind}


def id_token_info(status: AuthStatus, tag: Tag | None = None) -> dict[str, Any]:
    """An IdTokenInfoType for an answer."""
    info: dict[str, Any] = {"status": status.value}
    if tag is not None and tag.expiry is not None:
        info["cacheExpiryDateTime"] = tag.expiry.isoformat()
    return info


def samples(meter_values: list[dict[str, Any]]) -> Samples:
    """2.0.1 meterValue[] as the neutral (timestamp, sampledValue[]) pairs.

    Values are numbers with a power-of-ten multiplier; the neutral parser
    takes a value and a unit, as 1.6 sends them.
    """
    found: Samples = []
    for meter_value in meter_values:
        converted = []
        for sampled in meter_value.get("sampledValue", []):
            unit = sampled.get("unitOfMeasure") or {}
            sample: dict[str, Any] = {
                "value": _scaled(sampled.get("value"), unit.get("multiplier", 0)),
                "measurand": sampled.get("measurand"),
                "phase": sampled.get("phase"),
                "location": sampled.get("location"),
                "context": sampled.get("context"),
            }
            if unit.get("unit"):
                sample["unit"] = unit["unit"]
            converted.append(sample)
        found.append((meter_value.get("timestamp"), converted))
    return found


def _scaled(value: Any, multiplier: Any) -> Any:
    if not isinstance(value, int | float) or not isinstance(multiplier, int):
        return value  # the neutral parser refuses it with a clear reason
    if multiplier == 0:
        return value
    try:
        return value * 10.0**multiplier
    except OverflowError:
        return float("inf")


def register_at(samples_: Samples, context: str) -> float | None:
    """The energy register (Wh) sampled in a given context, if any."""
    for _, sampled in samples_:
        for sample in sampled:
            if sample.get("context") != context:
                continue
            measurand = sample.get("measurand") or "Energy.Active.Import.Register"
            if measurand != "Energy.Active.Import.Register" or sample.get("phase"):
                continue
            unit = sample.get("unit") or "Wh"
            value = sample.get("value")
            if not isinstance(value, int | float):
                return None
            return float(value) * (1000.0 if unit == "kWh" else 1.0)
    return None
