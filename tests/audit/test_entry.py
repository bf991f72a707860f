"""Audit events take ids and keys, never personal values; refusals never echo the value."""

from datetime import UTC, datetime

import pytest

from mamori.audit import ActorKind, AuditEntry, Outcome
from mamori.errors import ValidationError

VALID = {
    "actor_kind": "staff",
    "actor_id": "st-7",
    "action": "read",
    "outcome": "allowed",
    "rule": "purpose_items",
}


def make(**fields: object) -> AuditEntry:
    return AuditEntry(**{**VALID, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("subject_id", "taro.yamada@example.jp"),
        ("actor_id", "Taro Yamada"),
        ("subject_id", "山田太郎"),
        ("request_id", "x" * 129),
        ("purpose", "send the newsletter"),
        ("role", "support\n"),
        ("rule", "\t"),
        ("action", '"read"'),
    ],
)
def test_a_value_that_is_not_an_id_or_key_is_refused_without_echoing_it(
    field: str, value: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        make(**{field: value})
    assert caught.value.field == field
    assert value not in caught.value.message


@pytest.mark.parametrize("key", ["090-1234-5678", "Tokyo, Shibuya", "a@b.jp", "élise"])
def test_item_keys_must_look_like_keys(key: str) -> None:
    with pytest.raises(ValidationError) as caught:
        make(item_keys=("email", key))
    assert caught.value.field == "item_keys"
    assert key not in caught.value.message


def test_item_keys_given_as_one_string_are_refused() -> None:
    with pytest.raises(ValidationError, match="list of keys"):
        make(item_keys="email")


def test_item_keys_are_sorted_and_unique() -> None:
    assert make(item_keys=("phone", "email", "phone")).item_keys == ("email", "phone")


@pytest.mark.parametrize(
    "identifier", ["u-42", "0b7e5c9a-6f1d-4c55-9a44-1f0e5a7c2d11", "app:shop", "st_7.support"]
)
def test_ordinary_ids_are_accepted(identifier: str) -> None:
    assert make(subject_id=identifier).subject_id == identifier


@pytest.mark.parametrize("key", ["email", "address.postal_code", "consent:marketing", "x-id"])
def test_ordinary_keys_are_accepted(key: str) -> None:
    assert make(item_keys=(key,)).item_keys == (key,)


def test_an_unknown_actor_kind_lists_the_allowed_ones() -> None:
    with pytest.raises(ValidationError, match="community_admin") as caught:
        make(actor_kind="robot")
    assert caught.value.field == "actor_kind"


def test_kinds_and_outcomes_given_as_text_become_enums() -> None:
    entry = make(actor_kind="community_admin", outcome="refused")
    assert (entry.actor_kind, entry.outcome) == (ActorKind.COMMUNITY_ADMIN, Outcome.REFUSED)


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValidationError, match="timezone-aware"):
        make(time=datetime(2025, 1, 1))


def test_an_aware_time_is_kept() -> None:
    moment = datetime(2025, 1, 1, 9, 30, tzinfo=UTC)
    assert make(time=moment).time == moment
