"""Warn before the server's TLS certificate expires (checked at setup and daily)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from cryptography import x509
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.util import dt as dt_util

from . import Issues

_LOGGER = logging.getLogger(__name__)

WARN_BEFORE = timedelta(days=30)
CHECK_EVERY = timedelta(days=1)


def not_after(path: str) -> datetime:
    """When the first certificate in a PEM file expires (reads the file)."""
    with open(path, "rb") as file:
        return x509.load_pem_x509_certificate(file.read()).not_valid_after_utc


class CertificateWatch:
    """Reads the certificate's expiry now and once a day; raises the issue."""

    def __init__(self, hass: HomeAssistant, issues: Issues, path: str) -> None:
        self.hass = hass
        self.issues = issues
        self.path = path

    async def async_start(self) -> Callable[[], None]:
        """Check now, then daily; returns the function that stops it."""
        await self.async_check()

        @callback
        def daily(_: datetime) -> None:
            self.hass.async_create_background_task(
                self.async_check(), "ocpp_central certificate check"
            )

        return async_track_time_interval(
            self.hass,
            daily,
            CHECK_EVERY,
            name="ocpp_central certificate",
            cancel_on_shutdown=True,
        )

    async def async_check(self) -> None:
        """Raise or clear the issue for the certificate as it is on disk now."""
        try:
            expires = await self.hass.async_add_executor_job(not_after, self.path)
        except (OSError, ValueError) as err:
            _LOGGER.warning("Cannot read the expiry of %s: %s", self.path, err)
            return
        now = dt_util.utcnow()
        self.issues.certificate(
            self.path, expires if expires - now <= WARN_BEFORE else None, now
        )
