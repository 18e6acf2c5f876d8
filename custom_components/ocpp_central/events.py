"""Home Assistant events for tags and sessions."""

from __future__ import annotations

from typing import Any, Final

from .csms import Charger
from .csms.model import DeviceEvent
from .csms.transactions import Transaction

EVENT_TAG_SCANNED: Final = "ocpp_central_tag_scanned"
EVENT_SESSION_STARTED: Final = "ocpp_central_session_started"
EVENT_SESSION_STOPPED: Final = "ocpp_central_session_stopped"
EVENT_DEVICE_EVENT: Final = "ocpp_central_device_event"

# Device trigger type -> event type.
TRIGGER_EVENTS: Final = {
    "tag_presented": EVENT_TAG_SCANNED,
    "session_started": EVENT_SESSION_STARTED,
    "session_stopped": EVENT_SESSION_STOPPED,
}


def tag_event(device_id: str, charger: Charger) -> dict[str, Any]:
    """The data of a tag_scanned event."""
    tag = charger.last_tag
    assert tag is not None
    return {
        "device_id": device_id,
        "charger": charger.identity,
        "connector": tag.connector,
        "tag_id": tag.id_tag,
        "tag_name": tag.name,
        "status": tag.status.value,
    }


def device_event(
    device_id: str, charger: Charger, event: DeviceEvent
) -> dict[str, Any]:
    """The data of a device_event event (a charger reported on one of its parts)."""
    return {
        "device_id": device_id,
        "charger": charger.identity,
        "component": event.component,
        "variable": event.variable,
        "value": event.value,
        "trigger": event.trigger,
        "problem": event.problem,
        "tech_code": event.tech_code,
        "tech_info": event.tech_info,
        "time": event.time.isoformat(),
    }


def session_record(session: Transaction, tag_name: str) -> dict[str, Any]:
    """A session as events, history and the get_sessions service show it."""
    return {
        "charger": session.identity,
        "connector": session.connector,
        "transaction_id": session.id,
        "tag_id": session.id_tag,
        "tag_name": tag_name,
        "start": session.started.isoformat(),
        "stop": session.stopped.isoformat() if session.stopped else None,
        "energy_wh": round(session.energy_wh, 1),
        "duration_s": round(session.duration().total_seconds()),
        "peak_power_w": round(session.peak_power_w, 1),
        "stop_reason": session.stop_reason,
        "cost": round(session.cost, 2) if session.cost is not None else None,
    }
