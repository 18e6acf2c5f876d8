"""OCPP-J framing: parse incoming frames and build outgoing ones.

Every malformed frame maps to the CALLERROR the OCPP-J specification names,
with the message id echoed when it can be read, so that a bad frame never
ends a session.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

CALL = 2
CALLRESULT = 3
CALLERROR = 4
MAX_MESSAGE_ID_LENGTH = 36
# The id used in a CALLERROR when the offending frame's id cannot be read.
UNKNOWN_ID = "-1"


class ErrorCode:
    """CALLERROR codes (OCPP-J 1.6 spelling; 2.0.1 renames a few)."""

    NOT_IMPLEMENTED = "NotImplemented"
    NOT_SUPPORTED = "NotSupported"
    INTERNAL_ERROR = "InternalError"
    PROTOCOL_ERROR = "ProtocolError"
    SECURITY_ERROR = "SecurityError"
    FORMATION_VIOLATION = "FormationViolation"
    PROPERTY_CONSTRAINT_VIOLATION = "PropertyConstraintViolation"
    OCCURENCE_CONSTRAINT_VIOLATION = "OccurenceConstraintViolation"
    TYPE_CONSTRAINT_VIOLATION = "TypeConstraintViolation"
    GENERIC_ERROR = "GenericError"
    # 2.0.1 names what 1.6 folds into FormationViolation (see the adapters).
    RPC_FRAMEWORK_ERROR = "RpcFrameworkError"
    MESSAGE_TYPE_NOT_SUPPORTED = "MessageTypeNotSupported"


class CallError(Exception):
    """An error to answer with a CALLERROR frame."""

    def __init__(
        self, code: str, description: str, message_id: str = UNKNOWN_ID
    ) -> None:
        super().__init__(f"{code}: {description}")
        self.code = code
        self.description = description
        self.message_id = message_id


@dataclass(slots=True)
class Call:
    """A request: [2, id, action, payload]."""

    message_id: str
    action: str
    payload: dict[str, Any]


@dataclass(slots=True)
class CallResult:
    """A response: [3, id, payload]."""

    message_id: str
    payload: Any


@dataclass(slots=True)
class CallErrorFrame:
    """An error response: [4, id, code, description, details]."""

    message_id: str
    code: str
    description: str
    details: Any


Frame = Call | CallResult | CallErrorFrame


def _framework(description: str) -> CallError:
    # Not an RPC frame at all: no message id can be read.
    return CallError(ErrorCode.RPC_FRAMEWORK_ERROR, description)


def _formation(description: str, message_id: str = UNKNOWN_ID) -> CallError:
    return CallError(ErrorCode.FORMATION_VIOLATION, description, message_id)


def _readable_id(frame: list[Any]) -> str:
    if len(frame) > 1 and isinstance(frame[1], str):
        return frame[1]
    return UNKNOWN_ID


def parse_frame(text: str | bytes) -> Frame:
    """Parse one websocket message into a frame or raise `CallError`.

    Responses that are malformed also raise; the caller drops those instead
    of answering them, since a CALLRESULT is never answered.
    """
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        # ValueError covers JSONDecodeError and bad UTF-8 in binary frames;
        # RecursionError is deeply nested JSON, refused rather than crashing.
        raise _framework("the message is not valid JSON") from None
    if not isinstance(data, list) or not data:
        raise _framework("an OCPP-J message must be a non-empty JSON array")
    message_type = data[0]
    message_id = _readable_id(data)
    if len(data) < 2 or not isinstance(data[1], str):
        raise _framework("the message id must be a string")
    if len(data[1]) > MAX_MESSAGE_ID_LENGTH:
        raise _formation(
            f"the message id is longer than {MAX_MESSAGE_ID_LENGTH} characters",
            message_id,
        )
    if message_type == CALL:
        if len(data) != 4:
            raise _formation("a CALL must have exactly 4 elements", message_id)
        action, payload = data[2], data[3]
        if not isinstance(action, str):
            raise _formation("the action must be a string", message_id)
        if payload is None:
            payload = {}
        if not isinstance(payload, dict):
            raise _formation("the payload must be a JSON object", message_id)
        return Call(data[1], action, payload)
    if message_type == CALLRESULT:
        if len(data) != 3:
            raise _formation("a CALLRESULT must have exactly 3 elements", message_id)
        return CallResult(data[1], data[2])
    if message_type == CALLERROR:
        if len(data) != 5 or not isinstance(data[2], str):
            raise _formation("a CALLERROR must have exactly 5 elements", message_id)
        return CallErrorFrame(data[1], data[2], str(data[3]), data[4])
    raise CallError(
        ErrorCode.MESSAGE_TYPE_NOT_SUPPORTED,
        f"unknown message type {message_type!r}",
        message_id,
    )


def _dumps(data: list[Any]) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def call_frame(message_id: str, action: str, payload: dict[str, Any]) -> str:
    """Serialize a CALL."""
    return _dumps([CALL, message_id, action, payload])


def result_frame(message_id: str, payload: dict[str, Any]) -> str:
    """Serialize a CALLRESULT."""
    return _dumps([CALLRESULT, message_id, payload])


def error_frame(error: CallError) -> str:
    """Serialize a CALLERROR."""
    return _dumps([CALLERROR, error.message_id, error.code, error.description, {}])
