"""OCPP 2.0.1: what the central system asks of a station on its own.

After a boot or a reconnect: the device model, metering, the EVSEs' present
state and the local tag list. The variables and reports a person reads and
writes go the same way, so the model learns what they say.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from .. import local_list
from ..callslot import Priority
from ..charging import MAX_CONNECTOR_ID
from ..core import Core
from ..errors import ChargerError
from ..local_list import Update
from ..model import Change, Charger
from ..outcalls import housekeeping, status_call, timeout_for
from ..protocol import Link
from .device_model import DeviceModel, address, component_variable
from .tokens import id_token

_LOGGER = logging.getLogger(__name__)

HOUSEKEEPING = Priority.HOUSEKEEPING
PASSWORD = "SecurityCtrlr/BasicAuthPassword"
TX_INTERVAL = "SampledDataCtrlr/TxUpdatedInterval"
TX_MEASURANDS = "SampledDataCtrlr/TxUpdatedMeasurands"
ALIGNED_INTERVAL = "AlignedDataCtrlr/Interval"
ALIGNED_MEASURANDS = "AlignedDataCtrlr/Measurands"
# Outside sessions the station's register every 5 minutes is plenty.
ALIGNED_EVERY = 300
REGISTER = "Energy.Active.Import.Register"
REPORTS = {
    "full": "FullInventory",
    "configuration": "ConfigurationInventory",
    "summary": "SummaryInventory",
}


class V201Housekeeping:
    """Device model, metering, refresh and the tag list of one 2.0.1 session."""

    session: Link
    core: Core
    charger: Charger
    model: DeviceModel
    _syncing: asyncio.Lock

    def _learn_evses(self) -> None:
        """EVSEs named in the device model become connectors of the model."""
        known = set(self.charger.connectors)
        for key in list(self.charger.configuration):
            component = key.split("/", 1)[0]
            if not component.startswith("EVSE#"):
                continue
            number = component.removeprefix("EVSE#").split(".", 1)[0]
            if number.isdigit() and 0 < int(number) <= MAX_CONNECTOR_ID:
                self.charger.connector(int(number))
        if set(self.charger.connectors) != known:
            self.core.host.persist(charger=self.charger.identity)
            self.session.notify(Change.CONNECTORS)

    # After a boot, and after a reconnect

    async def configure_after_boot(self) -> None:
        """What was asked of the EVSEs first, then the device model and metering."""
        link = self.session
        await self.core.control.reapply(link)
        await housekeeping(link, "read the device model", self.read_model())
        await housekeeping(link, "set up metering", self.configure_metering())
        await housekeeping(link, "sync the tag list", self.sync_local_list())

    async def read_model(self) -> None:
        """The full device model (EVSEs, smart charging, limits per message)."""
        await self.model.base_report("FullInventory", HOUSEKEEPING)
        self._learn_evses()

    async def on_reconnect(self) -> None:
        """A known station connected without booting: ask where it stands."""
        await self.refresh()
        for transaction in self.charger.open_transactions():
            await housekeeping(
                self.session,
                "ask about a transaction's queued messages",
                self.session.call(
                    "GetTransactionStatus",
                    {"transactionId": str(transaction.id)},
                    timeout_for(HOUSEKEEPING),
                    HOUSEKEEPING,
                ),
            )
        if not self.charger.configuration:
            await housekeeping(self.session, "read the device model", self.read_model())
        await housekeeping(self.session, "sync the tag list", self.sync_local_list())

    async def refresh(self) -> None:
        """Every EVSE's status, then its transaction's state or its meter."""
        for evse_id in self.charger.outlet_ids:
            if not await self._ask("StatusNotification", evse_id):
                return
        for evse_id in self.charger.outlet_ids:
            running = self.charger.connector(evse_id).transaction is not None
            wanted = "TransactionEvent" if running else "MeterValues"
            if not await self._ask(wanted, evse_id):
                return

    async def _ask(self, message: str, evse_id: int) -> bool:
        """TriggerMessage; False when the station will not be asked again."""
        try:
            status = await status_call(
                self.session,
                "TriggerMessage",
                {"requestedMessage": message, "evse": {"id": evse_id}},
                ok=("Accepted", "Rejected"),
                priority=HOUSEKEEPING,
            )
        except ChargerError as err:
            _LOGGER.debug(
                "%s: TriggerMessage %s: %s", self.charger.identity, message, err
            )
            return False
        return status == "Accepted"

    async def request_boot(self) -> str:
        """Ask the station to send BootNotification now."""
        answer = await self.session.call(
            "TriggerMessage", {"requestedMessage": "BootNotification"}
        )
        return str(answer["status"])

    async def set_password(self, password: str) -> str:
        """SetVariables SecurityCtrlr.BasicAuthPassword; the station's status."""
        return await self.model.set_one(PASSWORD, password)

    async def configure_metering(self) -> None:
        """The sampled interval and measurands, and a clock-aligned register."""
        settings = self.core.host.settings
        wanted = {
            TX_INTERVAL: str(settings.meter_interval),
            TX_MEASURANDS: ",".join(settings.measurands),
            ALIGNED_INTERVAL: str(ALIGNED_EVERY),
            ALIGNED_MEASURANDS: REGISTER,
        }
        changes = [
            {**component_variable(key), "attributeValue": value}
            for key, value in wanted.items()
            if self.model.value(key) != value
        ]
        if not changes:
            return
        results = await self.model.set_variables(changes, HOUSEKEEPING)
        refused = [
            f"{result['component']['name']}.{result['variable']['name']}"
            for result in results
            if result.get("attributeStatus") not in ("Accepted", "RebootRequired")
        ]
        if refused:
            _LOGGER.info(
                "%s: the station kept its own %s", self.charger.identity, refused
            )
        self.charger.measurands = list(settings.measurands)
        self.session.notify(Change.CONFIGURATION)

    # The device model, for a person (the raw services)

    async def get_variables(self, names: list[str]) -> list[dict[str, Any]]:
        """GetVariables by name (`Component/Variable`); status and value each."""
        results = await self.model.get_variables(
            [component_variable(name) for name in names]
        )
        return [_result(item, "attributeValue") for item in results]

    async def set_variables(self, values: dict[str, str]) -> list[dict[str, Any]]:
        """SetVariables by name; each variable's status.

        The password goes through onboarding, as on 1.6: the stored password
        follows what the station took, so it is never locked out (A01).
        """
        values = dict(values)
        found = []
        if (password := values.pop(PASSWORD, None)) is not None:
            onboarding = self.core.onboarding
            status = await onboarding.replace_password(self.session, password)
            found.append({"name": PASSWORD, "status": status})
        if values:
            results = await self.model.set_variables(
                [
                    {**component_variable(name), "attributeValue": value}
                    for name, value in values.items()
                ]
            )
            found.extend(_result(item) for item in results)
        return found

    async def get_base_report(self, report: str) -> list[dict[str, Any]]:
        """A whole report, one entry per variable with its actual value."""
        data = await self.model.base_report(REPORTS.get(report, report))
        self._learn_evses()
        found = []
        for item in data:
            actual: dict[str, Any] = next(
                (
                    attribute
                    for attribute in item.get("variableAttribute", [])
                    if attribute.get("type", "Actual") == "Actual"
                ),
                {},
            )
            found.append(
                {
                    "name": address(item["component"], item["variable"]),
                    "value": actual.get("value"),
                    "mutability": actual.get("mutability"),
                }
            )
        return found

    # The local list

    async def local_list_version(self, priority: Priority = Priority.CONTROL) -> int:
        """GetLocalListVersion."""
        answer = await self.session.call(
            "GetLocalListVersion", {}, timeout_for(priority), priority
        )
        return int(answer["versionNumber"])

    async def sync_local_list(self, full: bool = False) -> str:
        """Bring the charger's tag list up to date, one sync at a time."""
        async with self._syncing:
            return await self._sync_local_list(full)

    async def _sync_local_list(self, full: bool = False) -> str:
        """Bring the station's local list up to date (full or differential)."""
        enabled = self.model.value("LocalAuthListCtrlr/Enabled")
        if not full and (enabled or "false").lower() != "true":
            return "NotSupported"
        return await local_list.sync(
            self.core.local_list,
            self.charger.identity,
            full,
            lambda: self.local_list_version(HOUSEKEEPING),
            self._send_local_list,
            lambda: self.session.call(
                "ClearCache", {}, timeout_for(HOUSEKEEPING), HOUSEKEEPING
            ),
        )

    async def _send_local_list(self, update: Update) -> str:
        entries: list[dict[str, Any]] = []
        for tag, info in update.entries:
            entry: dict[str, Any] = {"idToken": id_token(tag)}
            if info is not None:
                entry["idTokenInfo"] = {"status": info["status"]}
                if info["expiry"]:
                    entry["idTokenInfo"]["cacheExpiryDateTime"] = info["expiry"]
            entries.append(entry)
        payload: dict[str, Any] = {
            "versionNumber": max(1, update.version),
            "updateType": "Full" if update.full else "Differential",
        }
        if entries:  # an empty list is left out (the schema wants one entry)
            payload["localAuthorizationList"] = entries
        answer = await self.session.call(
            "SendLocalList",
            payload,
            timeout_for(HOUSEKEEPING),
            HOUSEKEEPING,
        )
        return str(answer["status"])


def _result(item: dict[str, Any], value: str | None = None) -> dict[str, Any]:
    """One Get/SetVariables result as the services answer it."""
    found = {
        "name": address(item["component"], item["variable"]),
        "status": item.get("attributeStatus"),
    }
    if value is not None:
        found["value"] = item.get(value)
    return found
