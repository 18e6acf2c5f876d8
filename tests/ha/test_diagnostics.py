"""Diagnostics show state, configuration and frames, never secrets."""

from __future__ import annotations

import json
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
    get_diagnostics_for_device,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.ocpp_central.issues import PASSWORD
from tests.sim import SimChargePoint, SimConfig

from .charging import start_session, stop_session
from .conftest import entry_data, ws_url
from .repairs import issue, start_fix


@pytest.fixture
def config() -> dict[str, Any]:
    return entry_data(security_profile=1, auto_accept=True)


async def test_diagnostics_redact_passwords_keys_and_tags(
    hass: HomeAssistant,
    repairs: None,
    entry: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    # The charger refuses the pushed key, so it stays connected; the key is
    # still in the recent frames and must not show.
    config = SimConfig(
        ws_url(entry), connectors=2, answers={"ChangeConfiguration": "Rejected"}
    )
    async with SimChargePoint(config) as cp:
        assert await cp.boot() == "Accepted"
        pushed = await cp.wait_for_frame(
            lambda f: f[2] == "ChangeConfiguration"
            and f[3]["key"] == "AuthorizationKey"
        )
        password = pushed[3]["value"]
        await cp.send_raw('[2,"a1","Authorize",{"idTag":"SECRET-TAG"}]')
        await cp.wait_for_frame(lambda f: f[1] == "a1")
        await cp.wait_for_call("GetConfiguration")
        await cp.status(1, "Available")

        whole = await get_diagnostics_for_config_entry(hass, hass_client, entry)
        device = entry.runtime_data.device_entry("CP1")
        assert device is not None
        one = await get_diagnostics_for_device(hass, hass_client, entry, device)

        # The key the charger refused is shown to the user in a repair.
        await hass.async_block_till_done()
        found = issue(hass, PASSWORD, entry, "CP1")
        assert found is not None
        _, step = await start_fix(hass, hass_client, found)
        assert step["step_id"] == "confirm", step
        assert step["description_placeholders"]["password"] == password

    text = json.dumps([whole, one])
    assert password not in text
    assert "SECRET-TAG" not in text
    assert whole["listening_port"] == entry.data["port"]
    charger = whole["chargers"][0]
    assert charger["identity"] == "CP1"
    assert charger["has_password"] is True
    assert charger["boot"]["vendor"] == "SimVendor"
    assert any("Authorize" in frame for frame in charger["recent_frames"])
    assert one["identity"] == "CP1"
    assert one["connectors"]["1"]["status"] == "available"


TAGS = [
    {"id": "TAG-ANNA-7731", "name": "Anna Liefsdottir", "expiry": None},
    {"id": "TAG-BOB-9902", "name": "Bob Quixtable", "blocked": True},
    {"id": "TAG-NONAME-4410", "name": ""},
]
REMOTE_TAG = "HA-REMOTE-5512"


async def test_diagnostics_show_no_tag_id_tag_name_or_remote_start_tag(
    hass: HomeAssistant, entry: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    hass.config_entries.async_update_entry(
        entry,
        options={
            **entry.options,
            "tags": [
                {"expiry": None, "blocked": False, **tag}  # as the options flow stores
                for tag in TAGS
            ],
            "tag_policy": "listed",
            "remote_start_tag": REMOTE_TAG,
        },
    )
    await hass.async_block_till_done()
    config = SimConfig(ws_url(entry), answers={"ChangeConfiguration": "Rejected"})
    async with SimChargePoint(config) as cp:
        assert await cp.boot() == "Accepted"
        await cp.wait_for_call("SendLocalList")  # the list, with every tag
        await cp.send_raw('[2,"a1","Authorize",{"idTag":"TAG-ANNA-7731"}]')
        await cp.wait_for_frame(lambda f: f[1] == "a1")
        tx = await start_session(cp, tag="TAG-BOB-9902")
        await stop_session(cp, tx, 2500)
        await cp.status(1, "Preparing")
        await hass.services.async_call(
            "switch", "turn_on", {"entity_id": "switch.cp1_charging"}, blocking=True
        )
        assert cp.calls[-1][0] == "RemoteStartTransaction"
        await hass.async_block_till_done()
        whole = await get_diagnostics_for_config_entry(hass, hass_client, entry)
        device = entry.runtime_data.device_entry("CP1")
        assert device is not None
        one = await get_diagnostics_for_device(hass, hass_client, entry, device)

    text = json.dumps([whole, one])
    for secret in (REMOTE_TAG, *(t["id"] for t in TAGS), "Anna", "Quixtable"):
        assert secret not in text, secret
    # The list keeps its shape, so a blocked or expired tag can still be seen.
    tags = whole["entry"]["options"]["tags"]
    assert [(t["id"], t["name"], t["blocked"]) for t in tags] == [
        ("**REDACTED**", "**REDACTED**", False),
        ("**REDACTED**", "**REDACTED**", True),
        ("**REDACTED**", "", False),
    ]
    assert whole["entry"]["options"]["tag_policy"] == "listed"
    assert whole["entry"]["version"] == "1.2"
