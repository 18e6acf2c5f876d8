"""Raising a charger's security profile in one step, never lowering it.

The order follows the OCPP security white paper: the charger first trusts
our root certificate; for profile 3 it then gets the organisation name its
certificate request must carry, is asked for a CSR and installs the
certificate we issue; only then is it told to use the new profile (1.6: the
SecurityProfile key; 2.0.1: a new network profile put first, the old one
kept second so the station can fall back). The old way in stays open: the
charger reconnects on the new profile by itself.
"""

from __future__ import annotations

import asyncio
import logging

from .certificates import Certificates
from .control import Control
from .errors import ChargerError, ChargerRejected

_LOGGER = logging.getLogger(__name__)

CERTIFICATE_TIMEOUT = 120.0  # s for a charger to send its CSR and install the result


class UpgradeRefused(ValueError):
    """An upgrade that must not be done (a downgrade, or no way to do it)."""


async def raise_security_profile(
    control: Control,
    certificates: Certificates,
    identity: str,
    target: int,
    url: str,
) -> str:
    """Move a charger to `target` (2 or 3); returns the charger's last status."""
    charger = control.charger(identity)
    if target not in (2, 3):
        raise UpgradeRefused(f"security profile {target} is not a TLS profile")
    if target <= charger.security_profile:
        raise UpgradeRefused(
            f"{identity} already uses security profile {charger.security_profile}"
        )
    authority = certificates.authority
    if authority is None:
        raise UpgradeRefused("there is no certificate authority")
    commands = control.commands(identity)
    installed = 0
    for pem in authority.root_certificates():
        try:
            await commands.install_root_certificate(pem)
            installed += 1
        except ChargerRejected as err:  # one key family may be refused
            _LOGGER.info("%s did not take a root certificate: %s", identity, err)
    if not installed:
        raise ChargerRejected("Rejected", "no root certificate was accepted")
    if target == 3:
        await commands.set_organization(authority.organization)
        waiter = certificates.expect(identity)
        await commands.request_certificate()
        try:
            async with asyncio.timeout(CERTIFICATE_TIMEOUT):
                # Shielded: another upgrade of this charger may wait for the
                # same certificate, and this one giving up must not end it.
                await asyncio.shield(waiter)
        except TimeoutError as err:
            raise ChargerError(f"{identity} did not install a certificate") from err
    _LOGGER.info("%s is moving to security profile %s", identity, target)
    return await commands.set_security_profile(target, url)
