"""Messages the simulated charger sends on its own initiative."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ocpp.v16 import call

from .connection import SimConnection


def utc_now() -> str:
    """Return the current time as an OCPP timestamp."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class SimMessages(SimConnection):
    """Outgoing CALLs; each returns once the central system answered."""

    async def boot(self) -> str:
        """Send BootNotification; store and return the registration status."""
        conf = self.config
        result = await self.request(
            call.BootNotification(
                charge_point_model=conf.model,
                charge_point_vendor=conf.vendor,
                charge_point_serial_number=conf.serial,
                firmware_version=conf.firmware,
            )
        )
        self.boot_status = str(result.status)
        self.heartbeat_interval = int(result.interval)
        self._booted.set()
        return self.boot_status

    async def heartbeat(self) -> str:
        """Send Heartbeat; return the central system's currentTime."""
        result = await self.request(call.Heartbeat())
        return str(result.current_time)

    async def status(
        self,
        connector: int,
        status: str = "Available",
        error_code: str = "NoError",
        **extra: Any,
    ) -> None:
        """Send StatusNotification; extra: info, timestamp, vendor_id, ..."""
        self.connector_status[connector] = status
        await self.request(
            call.StatusNotification(
                connector_id=connector, error_code=error_code, status=status, **extra
            )
        )

    async def meter_values(
        self,
        connector: int,
        energy_wh: float = 0,
        *,
        transaction_id: int | None = None,
        context: str = "Sample.Periodic",
    ) -> None:
        """Send one MeterValues sample with Energy.Active.Import.Register."""
        sample = {
            "value": str(energy_wh),
            "context": context,
            "measurand": "Energy.Active.Import.Register",
            "unit": "Wh",
        }
        await self.request(
            call.MeterValues(
                connector_id=connector,
                transaction_id=transaction_id,
                meter_value=[{"timestamp": utc_now(), "sampledValue": [sample]}],
            )
        )
