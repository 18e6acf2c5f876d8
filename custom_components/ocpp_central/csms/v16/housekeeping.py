"""OCPP 1.6: what the central system asks of a charger on its own.

After a boot or a reconnect: the configuration keys, metering, the connectors'
present state and the local tag list. The configuration keys a person reads
and writes go the same way, so the model learns what they say.
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
from ..model import Change, Charger, ConfigurationValue
from ..outcalls import HOUSEKEEPING_TIMEOUT, housekeeping
from ..protocol import Link
from .features import supports

_LOGGER = logging.getLogger(__name__)

AUTHORIZATION_KEY = "AuthorizationKey"
HOUSEKEEPING = Priority.HOUSEKEEPING


class V16Housekeeping:
    """Configuration, metering, refresh and the tag list of one 1.6 session."""

    session: Link
    core: Core
    charger: Charger
    _syncing: asyncio.Lock

    async def change_configuration(
        self, key: str, value: str, priority: Priority = Priority.CONTROL
    ) -> str:
        """Set one configuration key; returns the charger's status.

        The password key goes through onboarding, so that the stored password
        follows what the charger took and the charger is never locked out.
        """
        if key == AUTHORIZATION_KEY:
            onboarding = self.core.onboarding
            return await onboarding.replace_password(self.session, value)
        return await self._change_configuration(key, value, priority)

    async def _change_configuration(
        self, key: str, value: str, priority: Priority = Priority.CONTROL
    ) -> str:
        timeout = HOUSEKEEPING_TIMEOUT if priority is HOUSEKEEPING else None
        answer = await self.session.call(
            "ChangeConfiguration", {"key": key, "value": value}, timeout, priority
        )
        status = str(answer["status"])
        if status in ("Accepted", "RebootRequired"):
            known = self.charger.configuration.get(key)
            readonly = known.readonly if known else False
            self.charger.configuration[key] = ConfigurationValue(value, readonly)
        return status

    async def get_configuration(self, keys: list[str] | None) -> dict[str, Any]:
        """Keys with value and read-only flag, and unknown keys (a person asks)."""
        answer = await self._read_configuration(keys, Priority.CONTROL)
        return {
            "keys": [
                {
                    "key": item["key"],
                    "value": item.get("value"),
                    "readonly": item["readonly"],
                }
                for item in answer.get("configurationKey", [])
            ],
            "unknown_keys": list(answer.get("unknownKey", [])),
        }

    async def read_configuration(self) -> None:
        """Read every configuration key into the model (housekeeping)."""
        await self._read_configuration(None, HOUSEKEEPING)

    async def _read_configuration(
        self, keys: list[str] | None, priority: Priority
    ) -> dict[str, Any]:
        timeout = HOUSEKEEPING_TIMEOUT if priority is HOUSEKEEPING else None
        answer = await self.session.call(
            "GetConfiguration", {"key": keys} if keys else {}, timeout, priority
        )
        self.charger.configuration.update(
            {
                item["key"]: ConfigurationValue(item.get("value"), item["readonly"])
                for item in answer.get("configurationKey", [])
            }
        )
        self._learn_connectors()
        self.session.notify(Change.CONFIGURATION)
        return answer

    def _learn_connectors(self) -> None:
        number = self.charger.configuration.get("NumberOfConnectors")
        try:
            count = int(number.value or "") if number else 0
        except ValueError:
            return
        known = set(self.charger.connectors)
        for outlet in range(0, min(count, MAX_CONNECTOR_ID) + 1):
            self.charger.connector(outlet)
        if set(self.charger.connectors) != known:
            self.core.host.persist(charger=self.charger.identity)
            self.session.notify(Change.CONNECTORS)

    async def request_boot(self) -> str:
        """Ask the charger to send BootNotification now."""
        answer = await self.session.call(
            "TriggerMessage", {"requestedMessage": "BootNotification"}
        )
        return str(answer["status"])

    async def set_password(self, password: str) -> str:
        """Push a new HTTP Basic password; returns the charger's status."""
        return await self._change_configuration(AUTHORIZATION_KEY, password)

    async def configure_after_boot(self) -> None:
        """After a boot: what was asked of the connectors first, then housekeeping.

        A rebooted charger forgot the limit and the pause; they go out before
        anything else, so a paused or limited car never charges at full
        current while configuration is read. Each housekeeping step that
        fails is logged in one line and the next is still tried.
        """
        await self.core.control.reapply(self.session)
        await housekeeping(
            self.session, "read the configuration", self.read_configuration()
        )
        await housekeeping(self.session, "set up metering", self.configure_metering())
        await housekeeping(self.session, "sync the tag list", self.sync_local_list())

    async def on_reconnect(self) -> None:
        """A known charger connected: ask for its present state, then housekeep.

        After a restart of Home Assistant (or a network drop) the charger does
        not boot, so it would report its status only when it changes.
        """
        await self.refresh()
        if not self.charger.configuration:  # not read since Home Assistant started
            await housekeeping(
                self.session, "read the configuration", self.read_configuration()
            )
        await housekeeping(self.session, "sync the tag list", self.sync_local_list())

    async def refresh(self) -> None:
        """Ask for every connector's status, then every outlet's meter values."""
        if not self.supports("RemoteTrigger", unknown=True):
            return
        for number in sorted(self.charger.connectors):
            if not await self._ask("StatusNotification", number):
                break
        for number in self.charger.outlet_ids:
            if not await self._ask("MeterValues", number):
                break

    async def _ask(self, message: str, connector_id: int) -> bool:
        """TriggerMessage; False when the charger will not be asked again."""
        try:
            answer = await self.session.call(
                "TriggerMessage",
                {"requestedMessage": message, "connectorId": connector_id},
                HOUSEKEEPING_TIMEOUT,
                HOUSEKEEPING,
            )
        except ChargerError as err:
            _LOGGER.debug(
                "%s: TriggerMessage %s: %s", self.charger.identity, message, err
            )
            return False
        return answer.get("status") != "NotImplemented"

    def supports(self, profile: str, unknown: bool) -> bool:
        """Whether the charger lists a feature profile; see `features.supports`."""
        return supports(self.charger, profile, unknown)

    async def local_list_version(self, priority: Priority = Priority.CONTROL) -> int:
        """GetLocalListVersion."""
        timeout = HOUSEKEEPING_TIMEOUT if priority is HOUSEKEEPING else None
        answer = await self.session.call("GetLocalListVersion", {}, timeout, priority)
        return int(answer["listVersion"])

    async def sync_local_list(self, full: bool = False) -> str:
        """Bring the charger's tag list up to date, one sync at a time."""
        async with self._syncing:
            return await self._sync_local_list(full)

    async def _sync_local_list(self, full: bool = False) -> str:
        """Bring the charger's local list up to date (full or differential).

        Returns the charger's status (`Accepted` when nothing was needed);
        `full` sends the whole list whatever version the charger holds.
        """
        if not full and not self.supports("LocalAuthListManagement", unknown=False):
            return "NotSupported"
        return await local_list.sync(
            self.core.local_list,
            self.charger.identity,
            full,
            lambda: self.local_list_version(HOUSEKEEPING),
            self._send_local_list,
            lambda: self.session.call(
                "ClearCache", {}, HOUSEKEEPING_TIMEOUT, HOUSEKEEPING
            ),
        )

    async def _send_local_list(self, update: Update) -> str:
        limit = self.charger.configuration.get("SendLocalListMaxLength")
        if (
            limit
            and (limit.value or "").isdigit()
            and len(update.entries) > int(limit.value or 0)
        ):
            return "ListTooLong"
        entries: list[dict[str, Any]] = []
        for id_tag, info in update.entries:
            entry: dict[str, Any] = {"idTag": id_tag}
            if info is not None:
                entry["idTagInfo"] = {"status": info["status"]}
                if info["expiry"]:
                    entry["idTagInfo"]["expiryDate"] = info["expiry"]
            entries.append(entry)
        answer = await self.session.call(
            "SendLocalList",
            {
                "listVersion": update.version,
                "updateType": "Full" if update.full else "Differential",
                "localAuthorizationList": entries,
            },
            HOUSEKEEPING_TIMEOUT,
            HOUSEKEEPING,
        )
        return str(answer["status"])

    async def configure_metering(self) -> None:
        """Set MeterValueSampleInterval and MeterValuesSampledData as configured."""
        settings = self.core.host.settings
        interval = str(settings.meter_interval)
        current = self.charger.configuration.get("MeterValueSampleInterval")
        if current is None or current.value != interval:
            status = await self._change_configuration(
                "MeterValueSampleInterval", interval, HOUSEKEEPING
            )
            if status not in ("Accepted", "RebootRequired"):
                _LOGGER.info(
                    "%s: MeterValueSampleInterval %s s was %s",
                    self.charger.identity,
                    interval,
                    status,
                )
        self.charger.measurands = await self._configure_measurands(settings.measurands)
        self.session.notify(Change.CONFIGURATION)

    async def _configure_measurands(self, wanted: tuple[str, ...]) -> list[str]:
        key = "MeterValuesSampledData"
        joined = ",".join(wanted)
        current = self.charger.configuration.get(key)
        if current is not None and current.value == joined:
            return list(wanted)
        if await self._change_configuration(key, joined, HOUSEKEEPING) == "Accepted":
            return list(wanted)
        accepted = [
            m
            for m in wanted
            if await self._change_configuration(key, m, HOUSEKEEPING) == "Accepted"
        ]
        if len(accepted) > 1:
            await self._change_configuration(key, ",".join(accepted), HOUSEKEEPING)
        _LOGGER.info(
            "%s: the charger samples %s",
            self.charger.identity,
            ", ".join(accepted) or "nothing we asked for",
        )
        return accepted
