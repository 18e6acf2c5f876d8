"""Small pure pieces of the core: passwords, timestamps, redaction, schemas."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from custom_components.ocpp_central.csms.auth import (
    PasswordHash,
    generate_password,
    hash_password,
    parse_basic_auth,
    verify_password,
)
from custom_components.ocpp_central.csms.authorization import Tag
from custom_components.ocpp_central.csms.local_list import LocalList, Update, sync
from custom_components.ocpp_central.csms.redact import MASK, redact, redact_frame
from custom_components.ocpp_central.csms.rpc import CallError
from custom_components.ocpp_central.csms.schemas import validate
from custom_components.ocpp_central.csms.timeutil import ocpp_timestamp, parse_timestamp


def test_password_hashes_are_salted_and_verify_in_both_directions() -> None:
    password = generate_password()
    assert len(password) == 32
    first, second = hash_password(password), hash_password(password)
    assert first.salt != second.salt and first.digest != second.digest
    assert verify_password(password, first)
    assert not verify_password(password + "x", first)
    assert not verify_password(password, None)
    assert PasswordHash.from_dict(first.as_dict()) == first


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("Digest abc", None),
        ("Basic", None),
        ("Basic %%%", None),
        ("Basic " + base64.b64encode(b"no-colon").decode(), None),
        ("Basic " + base64.b64encode(b"CP1:pa:ss").decode(), ("CP1", "pa:ss")),
        ("basic " + base64.b64encode("Zäh:pw".encode()).decode(), ("Zäh", "pw")),
        ("Basic " + base64.b64encode(b"CP1:\xff\xfe").decode(), ("CP1", "\xff\xfe")),
    ],
)
def test_basic_auth_header_parsing(
    header: str | None, expected: tuple[str, str] | None
) -> None:
    found = parse_basic_auth(header)
    assert (found and (found.username, found.password)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-02T03:04:05Z", datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("2026-01-02T03:04:05.123z", datetime(2026, 1, 2, 3, 4, 5, 123000, tzinfo=UTC)),
        ("2026-01-02T03:04:05", datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_timestamps_parse_or_give_none(
    text: str | None, expected: datetime | None
) -> None:
    assert parse_timestamp(text) == expected


def test_timestamps_are_written_in_utc_with_milliseconds() -> None:
    assert (
        ocpp_timestamp(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
        == "2026-01-02T03:04:05.000Z"
    )


def test_redaction_masks_keys_passwords_and_tags() -> None:
    data = {
        "configurationKey": [
            {"key": "AuthorizationKey", "value": "secret", "readonly": False},
            {"key": "HeartbeatInterval", "value": "300", "readonly": False},
        ],
        "idTag": "TAG1",
        "nested": [{"password": "pw"}],
    }
    masked = redact(data)
    assert masked["configurationKey"][0]["value"] == MASK
    assert masked["configurationKey"][1]["value"] == "300"
    assert masked["idTag"] == MASK
    assert masked["nested"][0]["password"] == MASK
    frame = '[2,"1","ChangeConfiguration",{"key":"AuthorizationKey","value":"secret"}]'
    assert "secret" not in redact_frame(frame)
    assert redact_frame("x" * 300).endswith("...")
    assert redact_frame(b"\xff") == "b'\\xff'"


def test_a_frame_nested_beyond_the_recursion_limit_is_shortened_not_raised() -> None:
    deep = '[2,"1","DataTransfer",' + '{"data":' * 100_000 + "1" + "}" * 100_000 + "]"
    shown = redact_frame(deep)
    assert shown.startswith('[2,"1","DataTransfer"') and shown.endswith("...")
    assert len(shown) == 203
    url = "not json ftp://user:pw@host/fw.bin"
    assert redact_frame(url) == f"not json ftp://{MASK}@host/fw.bin"


def test_an_empty_list_where_items_are_required_is_an_occurence_violation() -> None:
    with pytest.raises(CallError) as error:
        validate(
            "1.6", "MeterValues", {"connectorId": 1, "meterValue": []}, message_id="m"
        )
    assert error.value.code == "OccurenceConstraintViolation"
    assert error.value.message_id == "m"


def test_an_action_without_a_schema_is_not_implemented() -> None:
    with pytest.raises(CallError) as error:
        validate("1.6", "NoSuchAction", {})
    assert error.value.code == "NotImplemented"


def test_charging_profile_decimals_validate_as_decimals() -> None:
    payload = {
        "connectorId": 1,
        "csChargingProfiles": {
            "chargingProfileId": 1,
            "stackLevel": 0,
            "chargingProfilePurpose": "TxDefaultProfile",
            "chargingProfileKind": "Absolute",
            "chargingSchedule": {
                "chargingRateUnit": "A",
                "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 21.4}],
            },
        },
    }
    validate("1.6", "SetChargingProfile", payload)


def test_local_list_versions_full_and_differential_updates() -> None:
    local = LocalList()
    assert local.update({}) and local.version == 1
    assert not local.update({})
    assert local.update({"a": Tag("A")})
    assert local.update_for(2) is None
    diff = local.update_for(1)
    assert (
        diff is not None
        and not diff.full
        and diff.entries == [("A", {"status": "Accepted", "expiry": None})]
    )
    assert not diff.removes_or_blocks
    full = local.update_for(0)
    assert full is not None and full.full
    assert local.update({"a": Tag("A", blocked=True)})
    blocked = local.update_for(2)
    assert blocked is not None and blocked.removes_or_blocks
    restored = LocalList()
    restored.load(local.records())
    assert restored.update_for(2) == blocked


async def test_a_differential_list_refused_as_a_version_mismatch_is_sent_whole() -> (
    None
):
    local = LocalList()
    local.update({"A": Tag("A")})
    local.update({"A": Tag("A"), "B": Tag("B", blocked=True)})
    sent: list[Update] = []
    cleared: list[bool] = []

    async def version() -> int:
        return local.version - 1  # one behind: a differential update is tried

    async def send(update: Update) -> str:
        sent.append(update)
        return "VersionMismatch" if not update.full else "Accepted"

    async def clear_cache() -> None:
        cleared.append(True)

    status = await sync(local, "CP1", False, version, send, clear_cache)
    assert status == "Accepted"
    assert [update.full for update in sent] == [False, True]
    assert cleared == [True]  # a whole list replaces whatever was blocked
