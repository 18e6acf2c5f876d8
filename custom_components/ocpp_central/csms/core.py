"""The version-neutral services an adapter drives, handed to it at connect."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .certificates import Certificates
from .charging import Charging
from .control import Control
from .local_list import LocalList
from .onboarding import Onboarding
from .protocol import Adapter, Host, Link


@dataclass(frozen=True, slots=True)
class Core:
    """What a protocol adapter may use of its central system."""

    host: Host
    charging: Charging
    onboarding: Onboarding
    control: Control
    local_list: LocalList
    certificates: Certificates


# How a session makes the adapter of its negotiated version.
type AdapterFactory = Callable[[Link, Core], Adapter]
