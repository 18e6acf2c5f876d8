"""manifest.json and hacs.json as hassfest and the HACS action check them."""

from __future__ import annotations

from typing import Any

import voluptuous as vol

from .validators import https_url, problems, version

# What a custom integration's manifest may hold; the required ones are what
# hassfest, the HACS action and we (a config-flow, local-push hub) need.
MANIFEST_SCHEMA = vol.Schema(
    {
        vol.Required("domain"): str,
        vol.Required("name"): str,
        vol.Optional("after_dependencies"): [str],
        vol.Optional("bluetooth"): [dict],
        vol.Required("codeowners"): vol.All([vol.Match(r"^@")], vol.Length(min=1)),
        vol.Required("config_flow"): True,
        vol.Optional("dependencies"): [str],
        vol.Optional("dhcp"): [dict],
        vol.Optional("disabled"): str,
        vol.Required("documentation"): https_url,
        vol.Optional("homekit"): dict,
        vol.Optional("import_executor"): bool,
        vol.Required("integration_type"): vol.In(
            ["device", "entity", "hardware", "helper", "hub", "service", "system"]
        ),
        vol.Required("iot_class"): vol.In(
            [
                "assumed_state",
                "calculated",
                "cloud_polling",
                "cloud_push",
                "local_polling",
                "local_push",
            ]
        ),
        vol.Required("issue_tracker"): vol.Url(),
        vol.Optional("loggers"): [str],
        vol.Optional("mqtt"): [str],
        vol.Optional("quality_scale"): vol.In(
            ["internal", "silver", "gold", "platinum"]
        ),
        vol.Required("requirements"): [str],
        vol.Optional("single_config_entry"): bool,
        vol.Optional("ssdp"): [dict],
        vol.Optional("usb"): [dict],
        vol.Required("version"): version,
        vol.Optional("zeroconf"): list,
    }
)


def manifest_problems(manifest: dict[str, Any], folder: str) -> list[str]:
    """The manifest as hassfest and the HACS action check it."""
    found = problems(MANIFEST_SCHEMA, manifest)
    if manifest.get("domain") != folder:
        found.append(f"domain {manifest.get('domain')!r} is not the folder {folder!r}")
    keys = list(manifest)
    wanted = sorted(keys, key=lambda k: {"domain": "\0", "name": "\1"}.get(k, k))
    if keys != wanted:
        found.append(
            "keys are not sorted: domain, name, then alphabetical "
            f"({', '.join(wanted)})"
        )
    return found


HACS_SCHEMA = vol.Schema(
    {
        vol.Optional("content_in_root"): bool,
        vol.Optional("country"): vol.Any(str, [str]),
        vol.Optional("filename"): str,
        vol.Optional("hacs"): version,
        vol.Optional("hide_default_branch"): bool,
        vol.Optional("homeassistant"): version,
        vol.Optional("persistent_directory"): str,
        vol.Optional("render_readme"): bool,
        vol.Optional("zip_release"): bool,
        vol.Required("name"): str,
    }
)


def hacs_problems(hacs: dict[str, Any]) -> list[str]:
    """hacs.json: HACS refuses any key it does not know."""
    return problems(HACS_SCHEMA, hacs)
