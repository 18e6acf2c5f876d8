"""What a 1.6 charger says it can do (SupportedFeatureProfiles)."""

from __future__ import annotations

from ..model import Charger


def supports(charger: Charger, profile: str, unknown: bool) -> bool:
    """Whether SupportedFeatureProfiles lists `profile`.

    `unknown` is the answer when the charger has not reported its profiles.
    """
    profiles = charger.configuration.get("SupportedFeatureProfiles")
    if profiles is None or not profiles.value:
        return unknown
    return profile in profiles.value.split(",")
