"""The config, reconfigure and options flows recover from every error."""

from __future__ import annotations

import socket
import ssl
from pathlib import Path
from typing import Any

from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ocpp_central.const import (
    CONF_AUTO_ACCEPT,
    CONF_HEARTBEAT_INTERVAL,
    CONF_MEASURANDS,
    CONF_METER_INTERVAL,
    CONF_SECURITY_PROFILE,
    CONF_SSL_CERTFILE,
    CONF_SSL_KEYFILE,
    CONF_TLS_PORT,
    DOMAIN,
)
from tests.sim import SimChargePoint, SimConfig
from tests.tls import make_certificate

from .conftest import free_port, ws_url


def form(port: int, **overrides: Any) -> dict[str, Any]:
    return {
        CONF_HOST: "127.0.0.1",
        CONF_PORT: port,
        CONF_SECURITY_PROFILE: "0",
        CONF_SSL_CERTFILE: "",
        CONF_SSL_KEYFILE: "",
        **overrides,
    }


async def test_user_flow_recovers_from_a_port_in_use(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        taken = blocker.getsockname()[1]
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], form(taken)
        )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_PORT: "port_in_use"}
    port = free_port()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], form(port)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_SECURITY_PROFILE] == 0
    # Settings that apply without a restart live in the options.
    assert CONF_AUTO_ACCEPT not in result["data"]
    assert CONF_HEARTBEAT_INTERVAL not in result["data"]
    await hass.async_block_till_done()
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert entry.state is ConfigEntryState.LOADED
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Pending"
    await hass.config_entries.async_unload(entry.entry_id)


async def test_a_port_used_by_another_entry_is_refused(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], form(entry.data[CONF_PORT])
    )
    assert result["errors"] == {CONF_PORT: "port_in_use"}


async def test_tls_needs_readable_matching_files(
    hass: HomeAssistant, tmp_path: Path
) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    port = free_port()
    # One file without the other is a mistake; both or neither.
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        form(port, **{CONF_SECURITY_PROFILE: "2", CONF_SSL_CERTFILE: "/x.pem"}),
    )
    assert result["errors"] == {"base": "tls_files_required"}
    (tmp_path / "junk.pem").write_text("not a certificate")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        form(
            port,
            **{
                CONF_SECURITY_PROFILE: "2",
                CONF_SSL_CERTFILE: str(tmp_path / "junk.pem"),
                CONF_SSL_KEYFILE: str(tmp_path / "missing.pem"),
            },
        ),
    )
    assert result["errors"] == {"base": "tls_files_invalid"}
    certfile, keyfile = make_certificate(tmp_path)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        form(
            port,
            **{
                CONF_SECURITY_PROFILE: "2",
                CONF_SSL_CERTFILE: str(certfile),
                CONF_SSL_KEYFILE: str(keyfile),
            },
        ),
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_SECURITY_PROFILE] == 2
    await hass.async_block_till_done()
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    await hass.config_entries.async_unload(entry.entry_id)


async def test_tls_without_files_uses_our_own_authority(
    hass: HomeAssistant,
) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    port = free_port()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], form(port, **{CONF_SECURITY_PROFILE: "3"})
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_SECURITY_PROFILE] == 3
    await hass.async_block_till_done()
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert entry.state is ConfigEntryState.LOADED
    authority = entry.runtime_data.pki.authority
    assert authority is not None
    # A charger that trusts our root completes the TLS handshake.
    trust = ssl.create_default_context(cadata="".join(authority.root_certificates()))
    async with SimChargePoint(
        SimConfig(f"wss://127.0.0.1:{port}/CP1", ssl=trust)
    ) as cp:
        assert cp.connected
    await hass.config_entries.async_unload(entry.entry_id)


async def test_the_tls_port_is_for_plain_servers_only(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    port = free_port()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        form(port, **{CONF_SECURITY_PROFILE: "2", CONF_TLS_PORT: free_port()}),
    )
    assert result["errors"] == {CONF_TLS_PORT: "tls_port_not_needed"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        form(port, **{CONF_SECURITY_PROFILE: "1", CONF_TLS_PORT: port}),
    )
    assert result["errors"] == {CONF_TLS_PORT: "port_in_use"}
    tls_port = free_port()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        form(port, **{CONF_SECURITY_PROFILE: "1", CONF_TLS_PORT: tls_port}),
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_TLS_PORT] == tls_port
    await hass.async_block_till_done()
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert entry.runtime_data.system.tls_port == tls_port
    await hass.config_entries.async_unload(entry.entry_id)


async def test_reconfigure_moves_the_server_to_a_new_port(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    old_port = entry.data[CONF_PORT]
    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    # Keeping our own port is fine even though our server holds it.
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        form(old_port, **{CONF_SECURITY_PROFILE: "2", CONF_SSL_KEYFILE: "/k.pem"}),
    )
    assert result["errors"] == {"base": "tls_files_required"}
    new_port = free_port()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], form(new_port)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert entry.data[CONF_PORT] == new_port
    assert entry.state is ConfigEntryState.LOADED
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Pending"


async def test_options_reach_connected_chargers_without_dropping_them(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    hass.config_entries.async_update_entry(entry, options={CONF_AUTO_ACCEPT: True})
    async with SimChargePoint(SimConfig(ws_url(entry))) as cp:
        assert await cp.boot() == "Accepted"
        await cp.wait_for_frame(
            lambda f: f[2] == "ChangeConfiguration"
            and f[3]["key"] == "MeterValuesSampledData"
        )
        seen = len(cp.frames_in)
        result = await hass.config_entries.options.async_init(entry.entry_id)
        assert result["type"] is FlowResultType.MENU
        result = await hass.config_entries.options.async_configure(
            result["flow_id"], {"next_step_id": "defaults"}
        )
        assert result["type"] is FlowResultType.FORM
        result = await hass.config_entries.options.async_configure(
            result["flow_id"],
            {
                CONF_METER_INTERVAL: 30,
                CONF_MEASURANDS: ["Energy.Active.Import.Register", "SoC"],
                "tag_policy": "any",
                CONF_AUTO_ACCEPT: True,
            },
        )
        assert result["type"] is FlowResultType.CREATE_ENTRY
        interval = await cp.wait_for_frame(
            lambda f: f[2] == "ChangeConfiguration"
            and f[3]["key"] == "MeterValueSampleInterval",
            start=seen,
        )
        assert interval[3]["value"] == "30"
        measurands = await cp.wait_for_frame(
            lambda f: f[2] == "ChangeConfiguration"
            and f[3]["key"] == "MeterValuesSampledData",
            start=seen,
        )
        assert measurands[3]["value"] == "Energy.Active.Import.Register,SoC"
        assert cp.connected
        assert entry.state is ConfigEntryState.LOADED


async def test_the_price_sensor_is_set_and_cleared_in_the_options(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    hass.states.async_set("sensor.tariff", "0.25", {"unit_of_measurement": "EUR/kWh"})

    async def defaults(**fields: Any) -> None:
        result = await hass.config_entries.options.async_init(entry.entry_id)
        result = await hass.config_entries.options.async_configure(
            result["flow_id"], {"next_step_id": "defaults"}
        )
        result = await hass.config_entries.options.async_configure(
            result["flow_id"], {"tag_policy": "any", **fields}
        )
        assert result["type"] is FlowResultType.CREATE_ENTRY
        await hass.async_block_till_done()

    await defaults(price_sensor="sensor.tariff")
    assert entry.options["price_sensor"] == "sensor.tariff"
    assert entry.runtime_data.price() == 0.25
    # Emptied in the form, the field is left out: no costs any more.
    await defaults()
    assert "price_sensor" not in entry.options
    assert entry.runtime_data.price() is None
