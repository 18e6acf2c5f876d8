"""Certificates kept fresh without a restart: ours and the chargers' (daily).

Server certificates from our own authority are reissued 30 days before they
expire (or when this machine's addresses changed) and served to the next
handshake. A connected charger whose certificate from us expires within 30
days is asked to send a new signing request; it gets the new certificate the
usual way (SignCertificate, CertificateSigned). Expired certificates and
revocations are forgotten.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.util import dt as dt_util

from .csms import ChargerError
from .pki import server_hosts

if TYPE_CHECKING:
    from .runtime import Runtime

_LOGGER = logging.getLogger(__name__)

CHECK_EVERY = timedelta(days=1)
REPAIR_BEFORE = timedelta(days=14)  # renewal starts at 30 days


class CertificateUpkeep:
    """Renews what our certificate authority issued, once a day."""

    def __init__(self, hass: HomeAssistant, runtime: Runtime) -> None:
        self.hass = hass
        self.runtime = runtime

    @callback
    def async_start(self) -> Callable[[], None]:
        """Check daily (setup renewed what was due); returns the stop function.

        Repairs are refreshed now and whenever a certificate is signed.
        """

        @callback
        def check(_: datetime) -> None:
            self.hass.async_create_background_task(
                self.async_check(), "ocpp_central certificate upkeep"
            )

        stop_listening = self.runtime.pki.on_change(self.refresh_issues)
        self.refresh_issues()
        stop_checking = async_track_time_interval(
            self.hass,
            check,
            CHECK_EVERY,
            name="ocpp_central certificate upkeep",
            cancel_on_shutdown=True,
        )

        def stop() -> None:
            stop_listening()
            stop_checking()

        return stop

    async def async_check(self, now: datetime | None = None) -> None:
        """Renew the server's and ask chargers for theirs when due."""
        pki = self.runtime.pki
        if pki.authority is None:
            return  # nothing issued, nothing to renew
        now = now or dt_util.utcnow()
        system = self.runtime.system
        hosts = await server_hosts(self.hass, system.settings.host)
        await pki.async_renew_server(hosts, now)
        connected = [i for i, c in system.chargers.items() if c.connected]
        for identity in system.certificates.renewals_due(connected, now):
            try:
                status = await system.control.commands(identity).request_certificate()
            except ChargerError as err:
                _LOGGER.info(
                    "%s: could not ask it to renew its certificate: %s", identity, err
                )
            else:
                _LOGGER.info(
                    "%s: its certificate expires soon; asked it for a new one (%s)",
                    identity,
                    status,
                )
        if pki.authority.prune(now=now):
            pki.save_soon()
        self.refresh_issues(now)

    @callback
    def refresh_issues(self, now: datetime | None = None) -> None:
        """Raise or clear the repair of each charger's certificate from us.

        Raised when it is not renewed two weeks before it expires (the
        charger is offline, or refuses), cleared once it is.
        """
        authority = self.runtime.pki.authority
        if authority is None:
            return
        now = now or dt_util.utcnow()
        for identity in self.runtime.system.chargers:
            issued = authority.issued_to(identity)
            expires = issued[-1].not_after if issued else None
            soon = expires is not None and expires - REPAIR_BEFORE <= now
            self.runtime.issues.charger_certificate(
                identity, expires if soon else None, now
            )
