"""The device model: variables instead of configuration keys.

A variable is addressed by component (name, instance, EVSE) and variable
(name, instance). Reports (NotifyReport after GetBaseReport) arrive in parts
and are assembled by request id; what they say is kept in the charger's
configuration under keys such as `SampledDataCtrlr/TxUpdatedInterval` or
`EVSE#1/Power`, so diagnostics and the rest of the core see it. Requests
respect the station's `ItemsPerMessage`.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from typing import Any

from ..callslot import Priority
from ..errors import ChargerRejected, ChargerTimeout
from ..model import Change, Charger, ConfigurationValue
from ..outcalls import timeout_for
from ..protocol import Link

REPORT_TIMEOUT = 60.0  # s for every part of a report to arrive
DEFAULT_ITEMS_PER_MESSAGE = 8


def address(component: dict[str, Any], variable: dict[str, Any]) -> str:
    """The configuration key of a component's variable."""
    name = str(component.get("name", ""))
    if component.get("instance"):
        name += f"[{component['instance']}]"
    evse = component.get("evse")
    if evse:
        name += f"#{evse.get('id')}"
        if evse.get("connectorId") is not None:
            name += f".{evse['connectorId']}"
    var = str(variable.get("name", ""))
    if variable.get("instance"):
        var += f"[{variable['instance']}]"
    return f"{name}/{var}"


def component_variable(key: str) -> dict[str, Any]:
    """The inverse of `address`: `Component[inst]#evse.connector/Variable[inst]`.

    Raises ValueError for a key without a component and a variable.
    """
    component_part, _, variable_part = key.partition("/")
    if not component_part or not variable_part:
        raise ValueError(f"{key!r} is not Component/Variable")
    component_part, _, evse = component_part.partition("#")
    component = _named(component_part)
    if evse:
        evse_id, _, connector = evse.partition(".")
        if not evse_id.isdigit() or (connector and not connector.isdigit()):
            raise ValueError(f"{key!r} names no EVSE")
        component["evse"] = {"id": int(evse_id)}
        if connector:
            component["evse"]["connectorId"] = int(connector)
    return {"component": component, "variable": _named(variable_part)}


def _named(text: str) -> dict[str, Any]:
    if text.endswith("]") and "[" in text:
        name, _, instance = text[:-1].partition("[")
        return {"name": name, "instance": instance}
    return {"name": text}


@dataclass
class _Report:
    parts: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    done: asyncio.Future[list[dict[str, Any]]] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class DeviceModel:
    """Reads and writes one station's variables."""

    def __init__(self, link: Link) -> None:
        self.link = link
        self.charger: Charger = link.charger
        self._reports: dict[int, _Report] = {}
        self._request_ids = itertools.count(1)

    def value(self, key: str) -> str | None:
        """A variable's reported value, if known."""
        found = self.charger.configuration.get(key)
        return found.value if found else None

    def number(self, key: str) -> int | None:
        """A variable's value as a whole number, if it is one."""
        value = (self.value(key) or "").strip()
        return int(value) if value.isdigit() else None

    @property
    def items_per_message(self) -> int:
        """How many variables one Get/SetVariables may carry."""
        return (
            self.number("DeviceDataCtrlr/ItemsPerMessage[SetVariables]")
            or self.number("DeviceDataCtrlr/ItemsPerMessage[GetVariables]")
            or DEFAULT_ITEMS_PER_MESSAGE
        )

    # Reports

    async def base_report(
        self, report: str = "FullInventory", priority: Priority = Priority.CONTROL
    ) -> list[dict[str, Any]]:
        """GetBaseReport; returns the assembled reportData once complete."""
        request_id = next(self._request_ids)
        pending = self._reports[request_id] = _Report()
        try:
            answer = await self.link.call(
                "GetBaseReport",
                {"requestId": request_id, "reportBase": report},
                timeout_for(priority),
                priority,
            )
            status = str(answer.get("status"))
            if status == "EmptyResultSet":
                return []
            if status != "Accepted":
                raise ChargerRejected(status, "GetBaseReport")
            try:
                async with asyncio.timeout(REPORT_TIMEOUT):
                    return await asyncio.shield(pending.done)
            except TimeoutError as err:
                raise ChargerTimeout(
                    f"{self.link.charger.identity}: the report never completed"
                ) from err
        finally:
            self._reports.pop(request_id, None)

    def report_part(self, payload: dict[str, Any]) -> None:
        """One NotifyReport part; the report completes when `tbc` is false."""
        data = payload.get("reportData", [])
        self.learn(data)
        pending = self._reports.get(int(payload["requestId"]))
        if pending is None:
            return  # a report nobody waits for still teaches us the variables
        pending.parts[int(payload.get("seqNo", 0))] = data
        if not payload.get("tbc") and not pending.done.done():
            pending.done.set_result(
                [item for seq in sorted(pending.parts) for item in pending.parts[seq]]
            )

    def learn(self, report_data: list[dict[str, Any]]) -> None:
        """Keep what a report says about each variable's Actual value."""
        for item in report_data:
            key = address(item.get("component", {}), item.get("variable", {}))
            for attribute in item.get("variableAttribute", []):
                if attribute.get("type", "Actual") != "Actual":
                    continue
                self.charger.configuration[key] = ConfigurationValue(
                    attribute.get("value"),
                    attribute.get("mutability") == "ReadOnly",
                )
        self.link.notify(Change.CONFIGURATION)

    # Variables

    async def get_variables(
        self, items: list[dict[str, Any]], priority: Priority = Priority.CONTROL
    ) -> list[dict[str, Any]]:
        """GetVariables, in as many messages as the station takes at once."""
        results: list[dict[str, Any]] = []
        for chunk in self._chunks(items):
            answer = await self.link.call(
                "GetVariables",
                {"getVariableData": chunk},
                timeout_for(priority),
                priority,
            )
            results.extend(answer.get("getVariableResult", []))
        for result in results:
            if (
                result.get("attributeStatus") == "Accepted"
                and result.get("attributeType", "Actual") == "Actual"
            ):
                key = address(result["component"], result["variable"])
                known = self.charger.configuration.get(key)
                self.charger.configuration[key] = ConfigurationValue(
                    result.get("attributeValue"), known.readonly if known else False
                )
        return results

    async def set_variables(
        self, items: list[dict[str, Any]], priority: Priority = Priority.CONTROL
    ) -> list[dict[str, Any]]:
        """SetVariables; what was Accepted is kept as the variable's value."""
        results: list[dict[str, Any]] = []
        for chunk in self._chunks(items):
            answer = await self.link.call(
                "SetVariables",
                {"setVariableData": chunk},
                timeout_for(priority),
                priority,
            )
            results.extend(answer.get("setVariableResult", []))
        sent = {
            address(item["component"], item["variable"]): item["attributeValue"]
            for item in items
        }
        for result in results:
            key = address(result["component"], result["variable"])
            if result.get("attributeStatus") in ("Accepted", "RebootRequired"):
                known = self.charger.configuration.get(key)
                if key in sent and not key.endswith("BasicAuthPassword"):
                    self.charger.configuration[key] = ConfigurationValue(
                        sent[key], known.readonly if known else False
                    )
        return results

    async def set_one(
        self, key: str, value: str, priority: Priority = Priority.CONTROL
    ) -> str:
        """Set one variable by key; returns its attributeStatus."""
        item = {**component_variable(key), "attributeValue": value}
        results = await self.set_variables([item], priority)
        return str(results[0].get("attributeStatus")) if results else "Rejected"

    def _chunks(self, items: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
        size = max(1, self.items_per_message)
        return [items[start : start + size] for start in range(0, len(items), size)]
