"""The demo charger scripts/develop runs: it charges on its own, and obeys."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
from pathlib import Path
from typing import Any

import pytest
from homeassistant.config import load_yaml_config_file
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.ocpp_central.const import CONF_METER_INTERVAL, DOMAIN
from custom_components.ocpp_central.events import (
    EVENT_SESSION_STARTED,
    EVENT_SESSION_STOPPED,
)
from tests.sim.demo import DEMO_VENDOR_ID, PLUG_IN, UNPLUG

from .conftest import entry_data, mock_entry, ws_url
from .demo import above, demo_charger, number, wait_until

POWER = "sensor.cp1_power"
ENERGY = "sensor.cp1_session_energy"
STATUS = "sensor.cp1_status"
REPO = Path(__file__).parents[2]
DEVELOP_CONFIG = REPO / "scripts" / "develop_support" / "configuration.yaml"


@pytest.fixture
async def entry(hass: HomeAssistant) -> Any:
    """Auto-accept, and meter every second so the test need not wait long."""
    config_entry = mock_entry(entry_data(auto_accept=True), **{CONF_METER_INTERVAL: 1})
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    yield config_entry
    await hass.config_entries.async_unload(config_entry.entry_id)


async def car(hass: HomeAssistant, message: str) -> None:
    device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, "CP1")})
    assert device is not None
    await hass.services.async_call(
        DOMAIN,
        "data_transfer",
        {"device_id": device.id, "vendor_id": DEMO_VENDOR_ID, "message_id": message},
        blocking=True,
    )


async def test_the_demo_car_charges_on_its_own_and_can_be_unplugged(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    started: list[Event] = async_capture_events(hass, EVENT_SESSION_STARTED)
    stopped: list[Event] = async_capture_events(hass, EVENT_SESSION_STOPPED)
    async with demo_charger(entry):
        await wait_until(hass, STATUS, lambda s: s == "charging")
        power = number(await wait_until(hass, POWER, above(0)))
        assert power == pytest.approx(16 * 230 * 3 / 1000)  # kW: 16 A on 3 phases
        await wait_until(hass, ENERGY, above(0))
        assert number(hass.states.get("sensor.cp1_vehicle_state_of_charge").state) >= 40
        assert started[0].data["tag_id"] == "DEMO-CAR"

        await car(hass, UNPLUG)
        await wait_until(hass, STATUS, lambda s: s == "available")
        await hass.async_block_till_done()
        assert [e.data["stop_reason"] for e in stopped] == ["EVDisconnected"]
        assert stopped[0].data["energy_wh"] > 0

        await car(hass, PLUG_IN)
        await wait_until(hass, STATUS, lambda s: s == "charging")
        assert len(started) == 2
        assert started[1].data["transaction_id"] != started[0].data["transaction_id"]


async def test_the_demo_charger_obeys_the_switch_and_the_current_limit(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    async with demo_charger(entry):
        await wait_until(hass, POWER, above(0))
        await hass.services.async_call(
            "number",
            "set_value",
            {"entity_id": "number.cp1_current_limit", "value": 10},
            blocking=True,
        )
        await wait_until(hass, POWER, lambda s: number(s) == 6.9)  # kW
        await hass.services.async_call(
            "switch", "turn_off", {"entity_id": "switch.cp1_charging"}, blocking=True
        )
        await wait_until(hass, STATUS, lambda s: s == "suspended_evse")
        assert number(hass.states.get(POWER).state) == 0
        await hass.services.async_call(
            "switch", "turn_on", {"entity_id": "switch.cp1_charging"}, blocking=True
        )
        await wait_until(hass, POWER, lambda s: number(s) == 6.9)  # kW


async def test_the_command_line_demo_charger_charges_until_ctrl_c(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """What scripts/develop starts: python -m tests.sim.demo."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "tests.sim.demo", "--url", ws_url(entry), "--soc", "55"),
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        await wait_until(hass, POWER, above(0), timeout=30)
        assert hass.states.get("sensor.cp1_vehicle_state_of_charge").state == "55.0"
        proc.send_signal(signal.SIGINT)
        async with asyncio.timeout(15):
            assert await proc.wait() == 0
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    await wait_until(hass, "binary_sensor.cp1_connected", lambda s: s == "off")


async def test_the_develop_button_takes_the_car_away_and_brings_it_back(
    hass: HomeAssistant, entry: MockConfigEntry, tmp_path: Path
) -> None:
    """scripts/develop's configuration: its button, wired to the demo charger."""
    for name in ("automations.yaml", "scripts.yaml", "scenes.yaml"):
        (tmp_path / name).write_text("[]" if name == "automations.yaml" else "")
    shutil.copy(DEVELOP_CONFIG, tmp_path / "configuration.yaml")
    config = await hass.async_add_executor_job(
        load_yaml_config_file, str(tmp_path / "configuration.yaml")
    )
    assert await async_setup_component(
        hass, "input_button", {"input_button": config["input_button"]}
    )
    assert await async_setup_component(
        hass, "automation", {"automation": config["automation demo"]}
    )
    async with demo_charger(entry):
        await wait_until(hass, POWER, above(0))
        await hass.services.async_call(
            "input_button", "press", {"entity_id": "input_button.demo_car"}
        )
        await wait_until(hass, STATUS, lambda s: s == "available")
        await hass.services.async_call(
            "input_button", "press", {"entity_id": "input_button.demo_car"}
        )
        await wait_until(hass, STATUS, lambda s: s == "charging")
