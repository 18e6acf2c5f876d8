"""The compiled schema checks agree with jsonschema on every OCPP schema.

For each 1.6 and 2.0.1 schema a valid payload is built from the schema, then
mutated one place at a time (a missing field, an extra one, a wrong type, a
string too long, a value outside its enum or range, too few or many items,
1.0 for an integer, true for a number...). The compiled check must pass
exactly the payloads jsonschema finds no error in.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ocpp
import pytest
from jsonschema import Draft4Validator

from custom_components.ocpp_central.csms.rpc import CallError
from custom_components.ocpp_central.csms.schema_fast import (
    Unsupported,
    compile_schema,
)
from custom_components.ocpp_central.csms.schemas import check_answer, validate

SCHEMAS = sorted(
    path
    for folder in ("v16", "v201")
    for path in (Path(ocpp.__file__).parent / folder / "schemas").glob("*.json")
)


def _load(path: Path) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(path.read_text("utf-8-sig"))
    return schema


def _resolve(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = root["definitions"][node["$ref"].removeprefix("#/definitions/")]
    return node


def example(root: dict[str, Any], node: dict[str, Any], depth: int = 0) -> Any:
    """A valid instance with every property filled in."""
    node = _resolve(root, node)
    if "enum" in node:
        return node["enum"][-1]
    kind = node.get("type", "object")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind == "object":
        return {
            name: example(root, sub, depth + 1)
            for name, sub in node.get("properties", {}).items()
            if depth < 6 or name in node.get("required", ())
        }
    if kind == "array":
        count = max(node.get("minItems", 1), 1)
        return [example(root, node.get("items", {}), depth + 1) for _ in range(count)]
    if kind == "string":
        return "x" * min(3, node.get("maxLength", 3))
    if kind == "integer":
        return max(node.get("minimum", 1), 1)
    if kind == "number":
        return float(max(node.get("minimum", 1.5), 1.5))
    if kind == "boolean":
        return True
    return None


def _places(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, (*path, index))


REPLACEMENTS: tuple[Any, ...] = (
    None,
    True,
    0,
    -1,
    1.0,
    2.5,
    10**12,
    "",
    "x" * 2600,
    "Accepted",
    [],
    [1],
    {},
    {"unexpected": 1},
)


def mutations(payload: Any) -> Iterator[Any]:
    """The payload changed in one place, many ways."""
    for path in _places(payload):
        if not path:
            continue
        for replacement in REPLACEMENTS:
            changed = copy.deepcopy(payload)
            parent = changed
            for step in path[:-1]:
                parent = parent[step]
            parent[path[-1]] = replacement
            yield changed
        changed = copy.deepcopy(payload)
        parent = changed
        for step in path[:-1]:
            parent = parent[step]
        if isinstance(parent, dict):
            del parent[path[-1]]  # a field missing
            yield changed
            parent["notInTheSchema"] = 1
            yield changed
        elif isinstance(parent, list):
            parent.extend(copy.deepcopy(parent) * 3)  # too many items
            yield changed
            parent.clear()  # too few
            yield changed
    yield {**payload, "notInTheSchema": 1} if isinstance(payload, dict) else payload
    yield []


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda path: path.stem)
def test_compiled_check_passes_exactly_what_jsonschema_passes(path: Path) -> None:
    schema = _load(path)
    try:
        check = compile_schema(schema)
    except Unsupported:
        assert "multipleOf" in path.read_text("utf-8-sig")
        return
    validator = Draft4Validator(schema)
    valid = example(schema, schema)
    assert not list(validator.iter_errors(valid)), "the example must be valid"
    assert check(valid), "a valid payload takes the fast path"
    for changed in mutations(valid):
        expected = not any(validator.iter_errors(changed))
        assert check(changed) is expected, json.dumps(changed)[:300]


def test_every_schema_but_the_decimal_ones_is_compiled() -> None:
    left = [
        path.stem
        for path in SCHEMAS
        if "multipleOf" not in path.read_text("utf-8-sig")
        and not _compiles(_load(path))
    ]
    assert left == []


def _compiles(schema: dict[str, Any]) -> bool:
    try:
        compile_schema(schema)
    except Unsupported:
        return False
    return True


@pytest.mark.parametrize(
    ("schema", "why"),
    [
        ({"type": "number", "multipleOf": 0.1}, "multipleOf"),
        ({"items": [{"type": "string"}]}, "items as a list"),
        ({"$ref": "http://example.com/other.json"}, "$ref"),
        ({"$ref": "#/definitions/Missing"}, "$ref"),
        ({"enum": [1, 2]}, "enum"),
        ({"type": "decimal"}, "type"),
        ({"properties": {"a": True}}, "not an object"),
    ],
)
def test_schemas_with_what_is_not_compiled_are_left_to_jsonschema(
    schema: dict[str, Any], why: str
) -> None:
    with pytest.raises(Unsupported, match=re.escape(why)):
        compile_schema(schema)


def test_a_recursive_definition_is_compiled() -> None:
    schema = {
        "$ref": "#/definitions/Node",
        "definitions": {
            "Node": {
                "type": "object",
                "properties": {"next": {"$ref": "#/definitions/Node"}},
                "additionalProperties": False,
            }
        },
    }
    check = compile_schema(schema)
    assert check({"next": {"next": {}}})
    assert not check({"next": {"next": {"other": 1}}})


def test_bounds_and_extra_property_schemas_follow_draft_4() -> None:
    check = compile_schema(
        {
            "type": "object",
            "properties": {
                "n": {
                    "type": "number",
                    "minimum": 0,
                    "exclusiveMaximum": True,
                    "maximum": 10,
                },
                "s": {"type": ["string", "null"], "minLength": 2},
            },
            "additionalProperties": {"type": "integer"},
        }
    )
    assert check({"n": 0, "s": None, "other": 3})
    assert not check({"n": 10})
    assert not check({"n": -0.5})
    assert not check({"s": "a"})
    assert not check({"other": 1.0})  # Draft 4: 1.0 is not an integer
    assert not check({"n": True})


def test_validation_errors_are_still_worded_by_jsonschema() -> None:
    with pytest.raises(CallError) as caught:
        validate(
            "1.6",
            "MeterValues",
            {
                "connectorId": "one",
                "meterValue": [
                    {
                        "timestamp": "2026-01-01T00:00:00Z",
                        "sampledValue": [{"value": "1"}],
                    }
                ],
            },
            message_id="m1",
        )
    assert caught.value.code == "TypeConstraintViolation"
    assert caught.value.message_id == "m1"
    assert check_answer("1.6", "Heartbeat", {"currentTime": 5}) is not None
    assert (
        check_answer("1.6", "Heartbeat", {"currentTime": "2026-01-01T00:00:00Z"})
        is None
    )
