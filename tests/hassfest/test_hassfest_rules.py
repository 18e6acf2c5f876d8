"""Our files pass what hassfest and the HACS action check, and broken copies fail.

The HACS default list runs both on every pull request; a file they reject
blocks the integration, so `scripts/test` fails first.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from custom_components.ocpp_central.const import DOMAIN

from .manifest import hacs_problems, manifest_problems
from .quality_scale import ALL_RULES, RULES, quality_scale_problems, reached
from .services import icons_problems, services_problems
from .translations import translation_problems

ROOT = Path(__file__).parents[2]
FOLDER = ROOT / "custom_components" / DOMAIN


def _json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def _yaml(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    return data


MANIFEST = _json(FOLDER / "manifest.json")
HACS = _json(ROOT / "hacs.json")
EN = _json(FOLDER / "translations" / "en.json")
SERVICES = _yaml(FOLDER / "services.yaml")
ICONS = _json(FOLDER / "icons.json")
QUALITY = _yaml(FOLDER / "quality_scale.yaml")
LANGUAGES = sorted((FOLDER / "translations").glob("*.json"))


# --- our files pass -------------------------------------------------------


def test_manifest_and_hacs_json_pass() -> None:
    assert manifest_problems(MANIFEST, FOLDER.name) == []
    assert hacs_problems(HACS) == []


@pytest.mark.parametrize("path", LANGUAGES, ids=lambda p: p.name)
def test_translations_pass(path: Path) -> None:
    assert translation_problems(_json(path)) == []


def test_services_have_valid_schema_and_texts() -> None:
    assert services_problems(SERVICES, EN) == []


def test_icons_are_valid_and_cover_every_action() -> None:
    assert icons_problems(ICONS, SERVICES, EN) == []


def test_quality_scale_lists_every_rule_with_a_status_and_reasons() -> None:
    assert quality_scale_problems(QUALITY) == []
    assert len(ALL_RULES) == len(set(ALL_RULES)) == 52


def test_hacs_minimum_matches_the_oldest_home_assistant_we_test() -> None:
    pins = (ROOT / "requirements_test.txt").read_text()
    oldest = "0.13.236"  # the plugin pins Home Assistant 2025.4.4
    assert f"pytest-homeassistant-custom-component=={oldest}" in pins
    assert HACS["homeassistant"].startswith("2025.4")


# --- the defects issue 14 found, and their kin, are refused ------------------


def test_a_tag_like_placeholder_in_a_description_is_refused_as_html() -> None:
    strings = copy.deepcopy(EN)
    strings["config"]["step"]["user"]["description"] = (
        "Chargers connect to ws://<host>:<port>/<identity>."
    )
    assert translation_problems(strings) == [
        "config.step.user.description: contains HTML (a `<...>` is read as a tag)"
    ]


def test_upper_case_selector_option_keys_are_refused() -> None:
    strings = copy.deepcopy(EN)
    strings["selector"]["rate_unit"]["options"] = {"A": "Amperes", "W": "Watts"}
    found = translation_problems(strings)
    assert len(found) == 2
    assert all(line.startswith("selector.rate_unit.options.") for line in found)
    assert all("must be lower case" in line for line in found)


@pytest.mark.parametrize(
    ("where", "value", "complaint"),
    [
        (("exceptions", "x", "message"), "See https://example.com/help", "URL"),
        (("exceptions", "x", "message"), " padded", "spaces"),
        (("exceptions", "x", "message"), "Tag '{tag}' refused", "single quotes"),
        (("exceptions", "x", "message"), "Port {1port} busy", "identifier"),
        (("exceptions", "x", "message"), "[%key:common::ok%]", "reference"),
        (("entity", "sensor", "x", "state"), {"on": "On {x}"}, "none is allowed"),
        (("entity", "sensor", "Bad_Key"), {"name": "Bad"}, "lower case"),
        (("issues", "x"), {"title": "T", "description": "D", "fix_flow": {}}, "not"),
        (("issues", "x"), {"title": "T"}, "either a description or a fix_flow"),
        (("services", "x"), {"name": "Only a name"}, "required"),
        (("unknown_section",), {}, "extra keys"),
    ],
)
def test_a_text_hassfest_rejects_is_refused(
    where: tuple[str, ...], value: Any, complaint: str
) -> None:
    strings = copy.deepcopy(EN)
    node = strings
    for part in where[:-1]:
        node = node.setdefault(part, {})
    node[where[-1]] = value
    found = translation_problems(strings)
    assert len(found) == 1, found
    assert complaint in found[0]
    assert found[0].startswith(".".join(where))


def test_a_field_description_without_its_field_is_refused() -> None:
    strings = copy.deepcopy(EN)
    strings["config"]["step"]["user"]["data_description"]["gone"] = "Not a field."
    assert translation_problems(strings) == [
        "config.step.user: describes 'gone', which is not in data"
    ]


def test_manifest_keys_out_of_order_or_missing_are_refused() -> None:
    shuffled = {"name": MANIFEST["name"], **MANIFEST}
    assert manifest_problems(shuffled, FOLDER.name) == [
        "keys are not sorted: domain, name, then alphabetical "
        f"({', '.join(['domain', 'name', *sorted(set(MANIFEST) - {'domain', 'name'})])})"
    ]
    for required in (
        "codeowners",
        "config_flow",
        "documentation",
        "integration_type",
        "iot_class",
        "issue_tracker",
        "requirements",
        "version",
    ):
        without = {k: v for k, v in MANIFEST.items() if k != required}
        assert manifest_problems(without, FOLDER.name) == [
            f"{required}: required key not provided"
        ]
    assert manifest_problems({**MANIFEST, "version": "one"}, FOLDER.name) == [
        "version: 'one' is not a version"
    ]
    assert manifest_problems(MANIFEST, "ocpp") == [
        "domain 'ocpp_central' is not the folder 'ocpp'"
    ]
    assert manifest_problems({**MANIFEST, "zz_extra": 1}, FOLDER.name) == [
        "zz_extra: extra keys not allowed"
    ]


def test_hacs_json_with_an_unknown_key_is_refused() -> None:
    assert hacs_problems({**HACS, "domains": ["sensor"]}) == [
        "domains: extra keys not allowed"
    ]
    assert hacs_problems({"render_readme": True}) == ["name: required key not provided"]


def test_an_action_field_without_texts_or_with_a_bad_selector_is_refused() -> None:
    strings = copy.deepcopy(EN)
    del strings["services"]["add_tag"]["fields"]["name"]["description"]
    services = copy.deepcopy(SERVICES)
    services["add_tag"]["fields"]["blocked"]["selector"] = {"no_such_selector": {}}
    services["remove_tag"]["fields"]["tag_id"]["example"] = None
    found = services_problems(services, strings)
    assert "add_tag.name: no description" in found
    assert any(line.startswith("add_tag.fields.blocked") for line in found), found
    assert any(line.startswith("remove_tag.fields.tag_id") for line in found), found
    strings["services"]["ghost"] = {"name": "Ghost", "description": "Not there."}
    assert "en.json describes an action ghost that does not exist" in (
        services_problems(SERVICES, strings)
    )


def test_an_icon_that_is_not_mdi_or_repeats_its_default_is_refused() -> None:
    icons = copy.deepcopy(ICONS)
    icons["entity"]["binary_sensor"]["connected"]["default"] = "lan"
    icons["entity"]["binary_sensor"]["plugged_in"]["state"] = {
        "on": icons["entity"]["binary_sensor"]["plugged_in"]["default"]
    }
    found = icons_problems(icons, SERVICES, EN)
    assert any("connected.default" in line and "mdi:" in line for line in found)
    assert any("state on has the default icon" in line for line in found), found
    del icons["services"]["add_tag"]
    assert "services.add_tag: the action has no icon" in (
        icons_problems(icons, SERVICES, EN)
    )


def test_an_icon_material_design_does_not_have_is_refused() -> None:
    pytest.importorskip("hass_frontend")
    icons = copy.deepcopy(ICONS)
    icons["services"]["add_tag"] = "mdi:no-such-icon-anywhere"
    assert icons_problems(icons, SERVICES, EN) == [
        "services.add_tag: no icon mdi:no-such-icon-anywhere in Material Design Icons"
    ]


def test_a_rule_left_out_or_exempt_without_a_reason_is_refused() -> None:
    rules = copy.deepcopy(QUALITY["rules"])
    del rules["brands"]
    rules["inject-websession"] = {"status": "exempt"}
    rules["devices"] = "maybe"
    found = quality_scale_problems({"rules": rules})
    assert any(line.startswith("rules.brands") for line in found), found
    assert any(line.startswith("rules.inject-websession") for line in found), found
    assert any(line.startswith("rules.devices") for line in found), found


def test_reached_tier_is_the_last_with_nothing_to_do() -> None:
    done = {"rules": dict.fromkeys(ALL_RULES, "done")}
    assert reached(done) == "platinum"
    done["rules"][RULES["gold"][0]] = {"status": "todo", "comment": "Not yet done."}
    assert reached(done) == "silver"
