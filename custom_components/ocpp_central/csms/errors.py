"""Typed errors for calls to a charger."""

from __future__ import annotations


class ChargerError(Exception):
    """A call to a charger did not succeed."""


class ChargerOffline(ChargerError):
    """The charger is not connected, or the connection dropped mid-call."""


class ChargerRestarted(ChargerOffline):
    """The charger booted again before it answered; it forgot the call."""


class ChargerTimeout(ChargerError):
    """The charger did not answer in time."""


class ChargerRejected(ChargerError):
    """The charger answered, but not with what we asked for."""

    def __init__(self, status: str, detail: str = "") -> None:
        super().__init__(f"{status}: {detail}" if detail else status)
        self.status = status


class ChargerBadAnswer(ChargerRejected):
    """The charger's answer does not follow the protocol; it cannot be used."""

    def __init__(self, detail: str) -> None:
        super().__init__("InvalidAnswer", detail)


class ChargerNotSupported(ChargerRejected):
    """The charger does not support the request (NotSupported / NotImplemented)."""


class WrongVersion(ChargerError):
    """The charger speaks a protocol version that has no such command."""

    def __init__(self, identity: str, version: str) -> None:
        super().__init__(f"{identity} speaks OCPP {version}")
        self.identity = identity
        self.version = version


class UnknownCharger(ChargerError):
    """No charger with that identity is known."""


class InvalidRequest(ValueError):
    """A request that does not match the protocol's schema; nothing was sent."""
