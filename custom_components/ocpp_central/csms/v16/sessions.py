"""OCPP 1.6 messages about charging: Authorize, Start/StopTransaction, MeterValues."""

from __future__ import annotations

from typing import Any

from ..authorization import AuthStatus
from ..charging import MAX_CONNECTOR_ID, Charging
from ..metering import register_wh
from ..model import Charger
from ..protocol import Answer
from ..rpc import CallError, ErrorCode


def _id_tag_info(status: AuthStatus) -> dict[str, Any]:
    return {"status": status.value}


def _samples(meter_values: list[dict[str, Any]]) -> list[tuple[str | None, list[Any]]]:
    return [(mv.get("timestamp"), mv.get("sampledValue", [])) for mv in meter_values]


def connector_id(payload: dict[str, Any], lowest: int = 0) -> int:
    """The payload's connectorId, refused when no charger could have it."""
    found = int(payload["connectorId"])
    if not lowest <= found <= MAX_CONNECTOR_ID:
        raise CallError(
            ErrorCode.PROPERTY_CONSTRAINT_VIOLATION,
            f"connectorId must be {lowest} to {MAX_CONNECTOR_ID}",
        )
    return found


def authorize(charging: Charging, charger: Charger, payload: dict[str, Any]) -> Answer:
    """Answer from the tag list; fire the tag event."""
    status = charging.authorize(charger, payload["idTag"], None)
    return {"idTagInfo": _id_tag_info(status)}, None


def start_transaction(
    charging: Charging, charger: Charger, payload: dict[str, Any]
) -> Answer:
    """Open a session with a fresh id (the same id for a repeated start)."""
    meter_start = register_wh(payload["meterStart"])
    if meter_start is None:
        raise CallError(
            ErrorCode.PROPERTY_CONSTRAINT_VIOLATION,
            "meterStart is not a plausible meter value",
        )
    transaction_id, status = charging.start(
        charger,
        connector_id(payload, lowest=1),
        payload["idTag"],
        meter_start,
        payload.get("timestamp"),
        payload.get("reservationId"),
    )
    return {"transactionId": transaction_id, "idTagInfo": _id_tag_info(status)}, None


def stop_transaction(
    charging: Charging, charger: Charger, payload: dict[str, Any]
) -> Answer:
    """Close a session; unknown and repeated stops get a normal answer."""
    status = charging.stop(
        charger,
        payload["transactionId"],
        register_wh(payload["meterStop"]),
        payload.get("timestamp"),
        payload.get("reason"),
        payload.get("idTag"),
        _samples(payload.get("transactionData", [])),
    )
    return ({"idTagInfo": _id_tag_info(status)} if status else {}), None


def meter_values(
    charging: Charging, charger: Charger, payload: dict[str, Any]
) -> Answer:
    """Apply readings, in or outside a transaction."""
    charging.meter(
        charger,
        connector_id(payload),
        payload.get("transactionId"),
        _samples(payload["meterValue"]),
    )
    return {}, None
