"""The blueprints we ship load in Home Assistant and do what they say,
with the demo charger's entities as their inputs."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from homeassistant.components.automation.helpers import async_get_blueprints
from homeassistant.core import Event, HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.ocpp_central.const import CONF_METER_INTERVAL, DOMAIN
from tests.sim.demo import DEMO_VENDOR_ID, UNPLUG, DemoCar

from .conftest import entry_data, mock_entry
from .demo import above, demo_charger, number, wait_until

REPO = Path(__file__).parents[2]
SHIPPED = REPO / "blueprints" / "automation" / "ocpp_central"
INPUTS = {
    "notify_when_done.yaml": {"status_sensor", "energy_sensor", "done_for", "notify"},
    "cheap_tariff.yaml": {
        "price_sensor",
        "max_price",
        "charging_switch",
        "plug_sensor",
    },
}
PRICE = "sensor.electricity_price"


@pytest.fixture
async def entry(hass: HomeAssistant, tmp_path: Path) -> Any:
    """Our blueprints where the user imports them to; meter every second."""
    hass.config.config_dir = str(tmp_path)
    shutil.copytree(SHIPPED, tmp_path / "blueprints" / "automation" / "ocpp_central")
    config_entry = mock_entry(entry_data(auto_accept=True), **{CONF_METER_INTERVAL: 1})
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    yield config_entry
    await hass.config_entries.async_unload(config_entry.entry_id)


async def automate(hass: HomeAssistant, name: str, inputs: dict[str, Any]) -> None:
    """An automation from the blueprint, as the UI writes one."""
    config = {
        "automation": [
            {
                "alias": name,
                "use_blueprint": {"path": f"ocpp_central/{name}", "input": inputs},
            }
        ]
    }
    assert await async_setup_component(hass, "automation", config)
    await hass.async_block_till_done()
    assert hass.states.async_entity_ids("automation"), "the automation was refused"


def test_every_blueprint_is_pinned_and_linked_from_the_readme() -> None:
    assert {path.name for path in SHIPPED.glob("*.yaml")} == set(INPUTS)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in INPUTS:
        assert f"blueprints/automation/ocpp_central/{name}" in readme


@pytest.mark.parametrize("name", sorted(INPUTS))
async def test_blueprints_load_with_home_assistants_loader(
    hass: HomeAssistant, entry: MockConfigEntry, name: str
) -> None:
    blueprint = await async_get_blueprints(hass).async_get_blueprint(
        f"ocpp_central/{name}"
    )
    assert blueprint.domain == "automation"
    assert set(blueprint.inputs) == INPUTS[name]
    assert blueprint.validate() is None  # runs on this Home Assistant version
    assert blueprint.metadata["source_url"].endswith(
        f"blueprints/automation/ocpp_central/{name}"
    )


async def test_notify_when_done_tells_when_the_car_is_full_and_when_it_leaves(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    told: list[Event] = async_capture_events(hass, "car_done")
    await automate(
        hass,
        "notify_when_done.yaml",
        {
            "status_sensor": "sensor.cp1_status",
            "energy_sensor": "sensor.cp1_session_energy",
            "done_for": {"seconds": 0},
            "notify": [
                {"event": "car_done", "event_data": {"message": "{{ message }}"}}
            ],
        },
    )
    almost_full = DemoCar(capacity_wh=1000, start_soc=99.99)
    async with demo_charger(entry, car=almost_full) as cp:
        await wait_until(hass, "sensor.cp1_status", lambda s: s == "suspended_ev")
        await hass.async_block_till_done()
        await cp.unplug()
        await wait_until(hass, "sensor.cp1_status", lambda s: s == "available")
        await hass.async_block_till_done()
    messages = [event.data["message"] for event in told]
    assert len(messages) == 2
    assert messages[0].startswith("The car has finished charging: ")
    assert messages[1].startswith("The charging session ended: ")
    assert all(message.endswith(" kWh this session.") for message in messages)


async def test_cheap_tariff_holds_a_new_session_until_the_price_drops(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    hass.states.async_set(PRICE, "0.40", {"unit_of_measurement": "EUR/kWh"})
    await automate(
        hass,
        "cheap_tariff.yaml",
        {
            "price_sensor": PRICE,
            "max_price": 0.25,
            "charging_switch": "switch.cp1_charging",
            "plug_sensor": "binary_sensor.cp1_plugged_in",
        },
    )
    async with demo_charger(entry) as cp:
        # Plugged in while power is dear: the session the tag starts waits.
        await wait_until(hass, "sensor.cp1_status", lambda s: s == "suspended_evse")
        assert cp.transaction_id is not None
        assert number(hass.states.get("sensor.cp1_power").state) == 0
        hass.states.async_set(PRICE, "0.20", {"unit_of_measurement": "EUR/kWh"})
        await wait_until(hass, "sensor.cp1_power", above(0))
        await wait_until(hass, "sensor.cp1_status", lambda s: s == "charging")
        hass.states.async_set(PRICE, "0.31", {"unit_of_measurement": "EUR/kWh"})
        await wait_until(hass, "sensor.cp1_status", lambda s: s == "suspended_evse")
        assert cp.limits.offered_a(1) == 0


async def test_the_demo_car_leaves_with_a_data_transfer_too(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """What scripts/develop's button sends; here through a script action."""
    assert await async_setup_component(
        hass,
        "script",
        {
            "script": {
                "unplug": {
                    "sequence": [
                        {
                            "action": f"{DOMAIN}.data_transfer",
                            "data": {
                                "device_id": "{{ device_id('sensor.cp1_status') }}",
                                "vendor_id": DEMO_VENDOR_ID,
                                "message_id": UNPLUG,
                            },
                        }
                    ]
                }
            }
        },
    )
    async with demo_charger(entry):
        await wait_until(hass, "sensor.cp1_power", above(0))
        await hass.services.async_call("script", "unplug", blocking=True)
        await wait_until(hass, "binary_sensor.cp1_plugged_in", lambda s: s == "off")
