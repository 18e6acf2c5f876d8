"""JSON-schema validation with the `ocpp` package's schemas.

Violations map to the CALLERROR codes of OCPP-J 1.6:
- not the PDU structure (unknown field, payload not an object): FormationViolation
- a required field missing (payload incomplete): ProtocolError
- a wrong JSON type, or a string longer than its CiString type: TypeConstraintViolation
- a value outside its enum, range or pattern: PropertyConstraintViolation
- too few or too many list items: OccurenceConstraintViolation
"""

from __future__ import annotations

import decimal
import json
from pathlib import Path
from typing import Any

import ocpp
from jsonschema import Draft4Validator
from jsonschema.exceptions import ValidationError, best_match
from ocpp.messages import MessageType, get_validator

from .rpc import UNKNOWN_ID, CallError, ErrorCode
from .schema_fast import Check, Unsupported, compile_schema

_CODES = {
    "additionalProperties": ErrorCode.FORMATION_VIOLATION,
    "required": ErrorCode.PROTOCOL_ERROR,
    "type": ErrorCode.TYPE_CONSTRAINT_VIOLATION,
    "maxLength": ErrorCode.TYPE_CONSTRAINT_VIOLATION,
    "minItems": ErrorCode.OCCURENCE_CONSTRAINT_VIOLATION,
    "maxItems": ErrorCode.OCCURENCE_CONSTRAINT_VIOLATION,
    "uniqueItems": ErrorCode.OCCURENCE_CONSTRAINT_VIOLATION,
}
# Schemas with `multipleOf: 0.1` (charging limits): binary floats fail that
# check, so such payloads are compared as decimals, as the `ocpp` package does.
_decimal_schemas: dict[tuple[str, str, bool], bool] = {}
# Compiled checks that pass valid payloads quickly (see schema_fast); None
# where a schema is left to jsonschema alone.
_fast_checks: dict[tuple[str, str, bool], Check | None] = {}


def _validator(version: str, action: str, response: bool) -> Draft4Validator:
    kind = MessageType.CallResult if response else MessageType.Call
    try:
        # The `ocpp` package caches one validator per schema, however it was
        # first asked for: ask with the number type the schema needs.
        parse_float = (
            decimal.Decimal if _needs_decimals(version, action, response) else float
        )
        return get_validator(kind, action, version, parse_float=parse_float)
    except OSError as err:  # no schema: an action this version does not define
        raise CallError(
            ErrorCode.NOT_IMPLEMENTED, f"no schema for {action} in OCPP {version}"
        ) from err


def _fast_check(version: str, action: str, response: bool) -> Check | None:
    """The compiled check of a schema, or None where it cannot be compiled.

    The schemas that check `multipleOf` (the decimal ones) are among those.
    """
    key = (version, action, response)
    if key in _fast_checks:
        return _fast_checks[key]
    validator = _validator(version, action, response)  # CallError: no schema
    found: Check | None
    try:
        found = compile_schema(validator.schema)
    except Unsupported:
        found = None
    _fast_checks[key] = found
    return found


def _certainly_valid(version: str, action: str, payload: Any, response: bool) -> bool:
    check = _fast_check(version, action, response)
    return check is not None and check(payload)


def _schema_path(version: str, action: str, response: bool) -> Path:
    name = action + ("Response" if response else "")
    if not response and version != "1.6":
        name += "Request"
    folder = f"v{version.replace('.', '')}"
    return Path(ocpp.__file__).parent / folder / "schemas" / f"{name}.json"


def _needs_decimals(version: str, action: str, response: bool) -> bool:
    """Whether the schema checks `multipleOf` (read once; raises OSError)."""
    key = (version, action, response)
    found = _decimal_schemas.get(key)
    if found is None:
        text = _schema_path(version, action, response).read_text("utf-8-sig")
        found = _decimal_schemas[key] = "multipleOf" in text
    return found


def preload(version: str) -> None:
    """Read every schema of a version (blocking file I/O: run it in a thread).

    The `ocpp` package reads a schema from disk the first time an action is
    validated; doing it up front keeps that out of the event loop.
    """
    schema_dir = Path(ocpp.__file__).parent / f"v{version.replace('.', '')}" / "schemas"
    for path in schema_dir.glob("*.json"):
        name = path.stem
        response = name.endswith("Response")
        action = name.removesuffix("Response")
        if version != "1.6":
            action = action.removesuffix("Request")
        try:
            _validator(version, action, response)
            _fast_check(version, action, response)
        except CallError:  # pragma: no cover - a file that is not a message schema
            continue


def _to_error(error: ValidationError, message_id: str) -> CallError:
    where = "/".join(str(part) for part in error.absolute_path) or "payload"
    code = _CODES.get(str(error.validator), ErrorCode.PROPERTY_CONSTRAINT_VIOLATION)
    if error.validator == "type" and not error.absolute_path:
        code = ErrorCode.FORMATION_VIOLATION
    return CallError(code, f"{where}: {error.message}"[:255], message_id)


# Answer problems a charger often has and that do not stop us reading it.
_HARMLESS_IN_ANSWERS = frozenset({"additionalProperties", "maxLength"})


def _as_checked(version: str, action: str, payload: Any, response: bool) -> Any:
    if _decimal_schemas.get((version, action, response)):
        return json.loads(json.dumps(payload), parse_float=decimal.Decimal)
    return payload


def check_answer(version: str, action: str, payload: Any) -> tuple[bool, str] | None:
    """Problems of a charger's answer: None, or (still usable, description).

    Unknown fields and over-long strings leave an answer usable; a missing
    field, a wrong type or a value outside its enum does not.
    """
    if _certainly_valid(version, action, payload, True):
        return None
    validator = _validator(version, action, True)
    errors = list(validator.iter_errors(_as_checked(version, action, payload, True)))
    if not errors:
        return None
    usable = all(error.validator in _HARMLESS_IN_ANSWERS for error in errors)
    worst = best_match(errors)
    assert worst is not None
    return usable, _to_error(worst, UNKNOWN_ID).description


def validate(
    version: str,
    action: str,
    payload: dict[str, Any],
    *,
    response: bool = False,
    message_id: str = "-1",
) -> None:
    """Raise `CallError` when the payload does not match the action's schema."""
    if _certainly_valid(version, action, payload, response):
        return
    validator = _validator(version, action, response)
    checked = _as_checked(version, action, payload, response)
    error = best_match(validator.iter_errors(checked))
    if error is not None:
        raise _to_error(error, message_id)
