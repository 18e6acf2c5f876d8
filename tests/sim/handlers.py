"""Answers of the simulator to CALLs from the central system.

Every answer's status can be replaced through SimConfig.answers[action]; the
value "noanswer" (see SimConnection.route_message) suppresses the answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ocpp import routing
from ocpp.v16 import call_result
from ocpp.v16.enums import Action

from .config import AUTHORIZATION_KEY, SimConfig
from .messages import SimMessages
from .profiles import PURPOSES, ProfileStore, profile_from_v16

_LOGGER = logging.getLogger("tests.sim")


def on[F: Callable[..., Any]](action: str) -> Callable[[F], F]:
    """Typed ocpp.routing.on: the handler's answer is sent back as CALLRESULT."""
    decorator: Callable[[F], F] = routing.on(action)
    return decorator


def after[F: Callable[..., Any]](action: str) -> Callable[[F], F]:
    """Typed ocpp.routing.after: runs once the answer went out."""
    decorator: Callable[[F], F] = routing.after(action)
    return decorator


# Settable keys whose value must be a non-negative integer.
_INTEGER_KEYS = {"HeartbeatInterval", "MeterValueSampleInterval"}


def _change_status(config: SimConfig, key: str, value: str) -> str:
    """Default ChangeConfiguration status for key=value."""
    if key == AUTHORIZATION_KEY:
        return "Accepted"
    if key not in config.configuration:
        return "NotSupported"
    if config.configuration[key][1]:
        return "Rejected"
    if key in _INTEGER_KEYS and not value.isdigit():
        return "Rejected"
    if key == "MeterValuesSampledData":
        measurands = [m.strip() for m in value.split(",") if m.strip()]
        if not all(m in config.supported_measurands for m in measurands):
            return "Rejected"
    return "Accepted"


class SimHandlers(SimMessages):
    """Incoming CALL handlers (@on answers, @after follow-ups)."""

    def __init__(self, config: SimConfig) -> None:
        super().__init__(config)
        self._rekey_pending = False
        self._trigger_accepted = False
        # What the central system asked for and the charger accepted.
        self.profiles = ProfileStore()
        self.availability: dict[int, str] = {}  # connector -> Operative/Inoperative

    def _answer(self, action: str, default: str) -> str:
        return self.config.answers.get(action, default)

    # -- configuration --------------------------------------------------------

    @on(Action.get_configuration)
    def on_get_configuration(
        self, key: list[str] | None = None, **_: Any
    ) -> call_result.GetConfiguration:
        conf = self.config.configuration
        wanted = key or list(conf)
        known = [
            {"key": k, "readonly": conf[k][1], "value": conf[k][0]}
            for k in wanted
            if k in conf
        ]
        unknown = [k for k in wanted if k not in conf]
        return call_result.GetConfiguration(
            configuration_key=known, unknown_key=unknown or None
        )

    @on(Action.change_configuration)
    def on_change_configuration(
        self, key: str, value: str, **_: Any
    ) -> call_result.ChangeConfiguration:
        status = self._answer(
            Action.change_configuration, _change_status(self.config, key, value)
        )
        if status in ("Accepted", "RebootRequired"):
            if key == AUTHORIZATION_KEY:
                self.config.password = value
                self._rekey_pending = True
            else:
                readonly = self.config.configuration.get(key, (value, False))[1]
                self.config.configuration[key] = (value, readonly)
                if key == "HeartbeatInterval" and value.isdigit():
                    self.heartbeat_interval = int(value)
        return call_result.ChangeConfiguration(status=status)

    @after(Action.change_configuration)
    def after_change_configuration(self, key: str, **_: Any) -> None:
        if self._rekey_pending:
            self._rekey_pending = False
            self._spawn(self._rekey(), "rekey")

    async def _rekey(self) -> None:
        """Reconnect with the new AuthorizationKey (run() does the reconnect)."""
        _LOGGER.info("%s: AuthorizationKey changed, reconnecting", self.id)
        self._reconnect_wanted = True
        if self._connection is not None:
            await self._connection.close(1000, "AuthorizationKey changed")

    # -- remote trigger ---------------------------------------------------------

    @on(Action.trigger_message)
    def on_trigger_message(
        self, requested_message: str, connector_id: int | None = None, **_: Any
    ) -> call_result.TriggerMessage:
        supported = requested_message in (
            "BootNotification",
            "StatusNotification",
            "Heartbeat",
            "MeterValues",
        )
        status = self._answer(
            Action.trigger_message, "Accepted" if supported else "NotImplemented"
        )
        self._trigger_accepted = status == "Accepted" and supported
        return call_result.TriggerMessage(status=status)

    @after(Action.trigger_message)
    def after_trigger_message(
        self, requested_message: str, connector_id: int | None = None, **_: Any
    ) -> None:
        if self._trigger_accepted:
            self._trigger_accepted = False
            self._spawn(
                self._send_triggered(requested_message, connector_id),
                f"triggered {requested_message}",
            )

    async def _send_triggered(self, message: str, connector_id: int | None) -> None:
        every = range(self.config.connectors + 1)
        if message == "BootNotification":
            await self.boot()
        elif message == "Heartbeat":
            await self.heartbeat()
        elif message == "StatusNotification":
            for c in every if connector_id is None else [connector_id]:
                await self.status(c, self.connector_status.get(c, "Available"))
        elif message == "MeterValues":
            for c in every[1:] if connector_id is None else [connector_id]:
                await self.meter_values(c, context="Trigger")

    # -- operations answered with a plain status ------------------------------------

    @on(Action.change_availability)
    def on_change_availability(
        self, connector_id: int, type: str, **_: Any
    ) -> call_result.ChangeAvailability:
        status = self._answer(Action.change_availability, "Accepted")
        if status in ("Accepted", "Scheduled"):
            self.availability[connector_id] = type
        return call_result.ChangeAvailability(status=status)

    @on(Action.reset)
    def on_reset(self, **_: Any) -> call_result.Reset:
        return call_result.Reset(status=self._answer(Action.reset, "Accepted"))

    @on(Action.unlock_connector)
    def on_unlock_connector(self, **_: Any) -> call_result.UnlockConnector:
        return call_result.UnlockConnector(
            status=self._answer(Action.unlock_connector, "Unlocked")
        )

    @on(Action.remote_start_transaction)
    def on_remote_start_transaction(
        self, **_: Any
    ) -> call_result.RemoteStartTransaction:
        return call_result.RemoteStartTransaction(
            status=self._answer(Action.remote_start_transaction, "Accepted")
        )

    @on(Action.remote_stop_transaction)
    def on_remote_stop_transaction(self, **_: Any) -> call_result.RemoteStopTransaction:
        return call_result.RemoteStopTransaction(
            status=self._answer(Action.remote_stop_transaction, "Accepted")
        )

    @on(Action.set_charging_profile)
    def on_set_charging_profile(
        self, connector_id: int, cs_charging_profiles: dict[str, Any], **_: Any
    ) -> call_result.SetChargingProfile:
        status = self._answer(Action.set_charging_profile, "Accepted")
        if status == "Accepted":
            try:
                profile = profile_from_v16(connector_id, cs_charging_profiles)
            except (KeyError, TypeError, ValueError) as exc:  # answer as before
                _LOGGER.warning("%s: profile not modelled: %r", self.id, exc)
            else:
                self.profiles.install(profile, same_level_replaces=True)
        return call_result.SetChargingProfile(status=status)

    @on(Action.clear_charging_profile)
    def on_clear_charging_profile(
        self,
        id: int | None = None,
        connector_id: int | None = None,
        charging_profile_purpose: str | None = None,
        stack_level: int | None = None,
        **_: Any,
    ) -> call_result.ClearChargingProfile:
        status = self._answer(Action.clear_charging_profile, "Accepted")
        if status == "Accepted":
            self.profiles.clear(
                profile_id=id,
                outlet=connector_id,
                purpose=PURPOSES.get(charging_profile_purpose or ""),
                stack_level=stack_level,
            )
        return call_result.ClearChargingProfile(status=status)

    @on(Action.get_composite_schedule)
    def on_get_composite_schedule(self, **_: Any) -> call_result.GetCompositeSchedule:
        return call_result.GetCompositeSchedule(
            status=self._answer(Action.get_composite_schedule, "Rejected")
        )

    @on(Action.clear_cache)
    def on_clear_cache(self, **_: Any) -> call_result.ClearCache:
        return call_result.ClearCache(
            status=self._answer(Action.clear_cache, "Accepted")
        )

    @on(Action.data_transfer)
    def on_data_transfer(self, **_: Any) -> call_result.DataTransfer:
        return call_result.DataTransfer(
            status=self._answer(Action.data_transfer, "Accepted")
        )

    @on(Action.reserve_now)
    def on_reserve_now(self, **_: Any) -> call_result.ReserveNow:
        return call_result.ReserveNow(
            status=self._answer(Action.reserve_now, "Accepted")
        )

    @on(Action.cancel_reservation)
    def on_cancel_reservation(self, **_: Any) -> call_result.CancelReservation:
        return call_result.CancelReservation(
            status=self._answer(Action.cancel_reservation, "Accepted")
        )

    @on(Action.send_local_list)
    def on_send_local_list(
        self,
        list_version: int,
        update_type: str,
        local_authorization_list: list[dict[str, Any]] | None = None,
        **_: Any,
    ) -> call_result.SendLocalList:
        status = self._answer(Action.send_local_list, "Accepted")
        if status != "Accepted":
            return call_result.SendLocalList(status=status)
        if update_type == "Differential" and list_version <= self.local_list_version:
            return call_result.SendLocalList(status="VersionMismatch")
        if update_type == "Full":
            self.local_list = {}
        for entry in local_authorization_list or []:
            info = entry.get("id_tag_info")
            if info is None:
                self.local_list.pop(entry["id_tag"], None)
            else:
                self.local_list[entry["id_tag"]] = info
        self.local_list_version = list_version
        return call_result.SendLocalList(status="Accepted")

    @on(Action.get_local_list_version)
    def on_get_local_list_version(self, **_: Any) -> call_result.GetLocalListVersion:
        return call_result.GetLocalListVersion(list_version=self.local_list_version)

    # -- firmware management: accepted silently, no follow-up notifications ----------

    @on(Action.update_firmware)
    def on_update_firmware(self, **_: Any) -> call_result.UpdateFirmware:
        return call_result.UpdateFirmware()

    @on(Action.get_diagnostics)
    def on_get_diagnostics(self, **_: Any) -> call_result.GetDiagnostics:
        return call_result.GetDiagnostics()

    # -- security extension (1.6): signed firmware --------------------------------

    @on(Action.signed_update_firmware)
    def on_signed_update_firmware(self, **_: Any) -> call_result.SignedUpdateFirmware:
        status = self._answer("SignedUpdateFirmware", "Accepted")
        return call_result.SignedUpdateFirmware(status=status)
