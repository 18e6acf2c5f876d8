"""The TLS context of a central system (security profiles 2 and 3)."""

from __future__ import annotations

import ssl
from typing import Any

from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryNotReady

from .const import CONF_SECURITY_PROFILE, CONF_SSL_CERTFILE, CONF_SSL_KEYFILE, DOMAIN
from .csms import SecurityProfile, server_ssl_context
from .pki import Pki, server_hosts


async def async_tls_context(
    hass: HomeAssistant, data: dict[str, Any], pki: Pki
) -> ssl.SSLContext | None:
    """None for profiles 0 and 1; else the TLS server context.

    Profile 2 uses the certificate files given, or server certificates from
    our own certificate authority when none are given. Profile 3 also
    accepts client certificates from that authority; a charger without one
    logs in with its password (profile 2) on the same port.
    """
    profile = SecurityProfile(data.get(CONF_SECURITY_PROFILE, 0))
    if profile < SecurityProfile.TLS_BASIC_AUTH:
        return None
    certificates = profile >= SecurityProfile.CLIENT_CERTIFICATE
    try:
        if not data.get(CONF_SSL_CERTFILE):
            hosts = await server_hosts(hass, data.get(CONF_HOST, ""))
            return await pki.async_server_context(hosts, certificates)
        context = await hass.async_add_executor_job(
            server_ssl_context, data[CONF_SSL_CERTFILE], data[CONF_SSL_KEYFILE]
        )
        if certificates:
            authority = await pki.async_ensure()
            context.load_verify_locations(cadata=authority.client_trust_pem())
            context.verify_mode = ssl.CERT_OPTIONAL
    except (OSError, ssl.SSLError, ValueError) as err:
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="tls_files",
            translation_placeholders={"error": str(err)},
        ) from err
    return context
