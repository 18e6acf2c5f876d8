"""The tag list as stored in the entry's options."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .csms.authorization import Tag, TagPolicy

CONF_TAGS = "tags"
CONF_TAG_POLICY = "tag_policy"
CONF_REMOTE_START_TAG = "remote_start_tag"
DEFAULT_REMOTE_START_TAG = "home-assistant"


def tags_from_options(options: Mapping[str, Any]) -> dict[str, Tag]:
    """Tags keyed by casefolded id."""
    tags = {}
    for item in options.get(CONF_TAGS, []):
        expiry = item.get("expiry")
        tag = Tag(
            id=item["id"],
            name=item.get("name", ""),
            expiry=datetime.fromisoformat(expiry) if expiry else None,
            blocked=bool(item.get("blocked", False)),
        )
        tags[tag.id.casefold()] = tag
    return tags


def policy_from_options(options: Mapping[str, Any]) -> TagPolicy:
    """The policy for tags not in the list."""
    return TagPolicy(options.get(CONF_TAG_POLICY, TagPolicy.ANY))


def tag_option(tag: Tag) -> dict[str, Any]:
    """One tag in the options' JSON form."""
    return {
        "id": tag.id,
        "name": tag.name,
        "expiry": tag.expiry.isoformat() if tag.expiry else None,
        "blocked": tag.blocked,
    }


def with_tag(options: Mapping[str, Any], tag: Tag) -> dict[str, Any]:
    """Options with a tag added or replaced (same id, any case)."""
    kept = [
        item
        for item in options.get(CONF_TAGS, [])
        if item["id"].casefold() != tag.id.casefold()
    ]
    return {**options, CONF_TAGS: [*kept, tag_option(tag)]}


def without_tags(options: Mapping[str, Any], tag_ids: list[str]) -> dict[str, Any]:
    """Options with tags removed."""
    gone = {tag_id.casefold() for tag_id in tag_ids}
    kept = [
        item for item in options.get(CONF_TAGS, []) if item["id"].casefold() not in gone
    ]
    return {**options, CONF_TAGS: kept}
