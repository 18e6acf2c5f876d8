"""The central system's certificate authority, kept in Home Assistant's storage.

Created on first use (a TLS server without certificate files, or a charger
certificate asked for), stored in a private store (file mode 0600), never in
logs or diagnostics. Key generation and TLS contexts run in an executor.
"""

from __future__ import annotations

import contextlib
import logging
import ssl
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from homeassistant.components import network
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.storage import Store

from .const import DOMAIN
from .csms import CentralSystem
from .csms.security import (
    CertificateAuthority,
    RenewableContext,
    StoredDataError,
    server_context,
)

_LOGGER = logging.getLogger(__name__)
STORAGE_VERSION = 1
SAVE_DELAY = 1


class Pki:
    """One central system's certificate authority and server certificates."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        self.hass = hass
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}.pki", private=True
        )
        self.authority: CertificateAuthority | None = None
        # The contexts serving our server certificates, and whether each
        # also takes client certificates: renewed in place.
        self._served: list[tuple[RenewableContext, bool]] = []
        self._listeners: list[Callable[[], None]] = []

    async def async_load(self) -> CertificateAuthority | None:
        """The stored authority, if one was created before."""
        data = await self._store.async_load()
        if data is None:
            return None
        try:
            self.authority = await self.hass.async_add_executor_job(
                CertificateAuthority.from_dict, data
            )
        except StoredDataError as err:
            # Chargers trust these roots: never overwrite them silently.
            _LOGGER.error("The stored certificate authority cannot be read: %s", err)
            raise
        return self.authority

    async def async_ensure(self) -> CertificateAuthority:
        """The authority, created (and saved) when there is none yet."""
        if self.authority is None and await self.async_load() is None:
            self.authority = await self.hass.async_add_executor_job(
                CertificateAuthority.create
            )
            _LOGGER.info("Created a certificate authority for OCPP Central")
            await self._store.async_save(self.authority.to_dict())
        assert self.authority is not None
        return self.authority

    async def async_import(self, certificate_pem: str, key_pem: str) -> None:
        """Replace the authority with the user's own CA (raises InvalidAuthority).

        Certificates the old authority issued stop being trusted; the server
        certificates are issued by the new one when the entry reloads.
        """
        self.authority = await self.hass.async_add_executor_job(
            CertificateAuthority.imported_from, certificate_pem, key_pem
        )
        await self._store.async_save(self.authority.to_dict())
        _LOGGER.info("Imported a certificate authority for OCPP Central")

    def save_soon(self) -> None:
        """Save after a certificate was signed or revoked."""
        authority = self.authority
        if authority is not None:
            self._store.async_delay_save(authority.to_dict, SAVE_DELAY)

    def attach(self, system: CentralSystem) -> None:
        """Let the central system sign and check certificates with it."""
        system.certificates.authority = self.authority
        system.certificates.changed = self._changed

    def on_change(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener` after a certificate is signed or revoked."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _changed(self) -> None:
        self.save_soon()
        for listener in list(self._listeners):
            listener()

    async def async_server_context(
        self, hosts: list[str], client_certificates: bool
    ) -> ssl.SSLContext:
        """A TLS context with our server certificates (renewed when due).

        `async_renew_server` later replaces its certificates while it serves.
        """
        await self._issue_when_due(hosts)
        renewable = RenewableContext(await self._build(client_certificates))
        self._served.append((renewable, client_certificates))
        return renewable.context

    async def async_renew_server(
        self, hosts: list[str], now: datetime | None = None
    ) -> bool:
        """Reissue the server certificates when due; True when renewed.

        Due 30 days before they expire, or when the addresses chargers use
        changed. Connections open now keep their certificates.
        """
        if not self._served or not await self._issue_when_due(hosts, now):
            return False
        for renewable, client_certificates in self._served:
            renewable.renew(await self._build(client_certificates))
        _LOGGER.info("Renewed the OCPP server certificates")
        return True

    async def _issue_when_due(
        self, hosts: list[str], now: datetime | None = None
    ) -> bool:
        authority = await self.async_ensure()
        if not authority.server_renewal_due(hosts, now=now):
            return False
        await self.hass.async_add_executor_job(
            partial(authority.issue_server_certificates, hosts, now=now)
        )
        await self._store.async_save(authority.to_dict())
        return True

    async def _build(self, client_certificates: bool) -> ssl.SSLContext:
        authority = await self.async_ensure()
        pairs = [
            (cert.chain_pem, cert.key_pem) for cert in authority.server_certificates
        ]
        trust = authority.client_trust_pem() if client_certificates else None
        return await self.hass.async_add_executor_job(_context, pairs, trust)


async def server_hosts(hass: HomeAssistant, listen_host: str) -> list[str]:
    """Names and addresses chargers may use to reach this central system."""
    hosts: list[str] = []
    internal = hass.config.internal_url
    if internal:
        found = urlsplit(internal).hostname
        if found:
            hosts.append(found)
    if listen_host not in ("0.0.0.0", "::", ""):
        hosts.append(listen_host)
    with contextlib.suppress(HomeAssistantError, OSError):  # no adapters known
        hosts += await network.async_get_announce_addresses(hass)
    hosts += ["homeassistant.local", "localhost", "127.0.0.1"]
    return list(dict.fromkeys(hosts))


def _context(pairs: list[tuple[str, str]], trust: str | None) -> ssl.SSLContext:
    # One port for profile 2 (password) and 3 (client certificate).
    return server_context(pairs, trust, client_certificate_required=False)
