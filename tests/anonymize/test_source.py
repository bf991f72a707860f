"""Rows read from the register for a declared purpose: purpose-bound, masked, audited."""

from __future__ import annotations

import pytest

from mamori.anonymize import NOT_GIVEN, read_register
from mamori.errors import AccessDeniedError, ValidationError
from mamori.register import Actor, Register
from tests.anonymize.register_members import add_members

ANALYST = Actor.staff("analyst-1", "analyst")
SYSTEM = Actor.system()
# What depends on the database runs on both; the rest on SQLite only, to stay quick.
sqlite_only = pytest.mark.parametrize("database_kind", ["sqlite"], indirect=True)


def reads(register: Register, purpose: str) -> list[tuple[str | None, str, str]]:
    """The audited reads for `purpose`: (subject, outcome, rule)."""
    events = register.audit.query(register.engine, purpose=purpose, limit=10_000)
    return [(e.subject_id, e.outcome, e.rule) for e in events if e.action == "read"]


def test_every_subject_is_read_once_for_the_purpose(release_register: Register) -> None:
    ids = add_members(release_register, 12, guests=3)
    rows = read_register(release_register, ANALYST, "statistics", ["gender", "usage"])
    assert (rows.rows, rows.listed, rows.skipped) == (15, 15, {})
    assert rows.items == ("gender", "usage")
    assert sorted(s for s, _, _ in reads(release_register, "statistics")) == sorted(ids)
    assert {(o, r) for _, o, r in reads(release_register, "statistics")} == {("allowed", "purpose")}


@sqlite_only
def test_masked_items_arrive_masked(release_register: Register) -> None:
    add_members(release_register, 5)
    rows = read_register(release_register, ANALYST, "statistics", ["postal_code"])
    assert all(len(v) == 8 and v[3:] == "*****" for v in rows.columns["postal_code"])


@sqlite_only
def test_an_item_a_subject_lacks_reads_as_not_given(release_register: Register) -> None:
    add_members(release_register, 20)  # members 0 and 10 give no gender
    rows = read_register(release_register, ANALYST, "statistics", ["gender"])
    assert rows.columns["gender"].count(NOT_GIVEN) == 2


def test_erased_and_suspended_subjects_are_left_out(release_register: Register) -> None:
    add_members(release_register, 6)
    with release_register.session() as session:
        session.erase(SYSTEM, "m0001")
        session.suspend(SYSTEM, "m0002", "statistics", kind="objection")
        session.suspend(SYSTEM, "m0003", "service")  # another purpose: still read
    rows = read_register(release_register, ANALYST, "statistics", ["usage"])
    assert (rows.rows, rows.listed, rows.skipped) == (4, 5, {"suspended": 1})
    assert ("m0002", "refused", "suspended") in reads(release_register, "statistics")


def test_subjects_without_consent_to_a_consent_purpose_are_left_out(
    release_register: Register,
) -> None:
    add_members(release_register, 4)
    rows = read_register(release_register, ANALYST, "survey", ["usage"])
    assert (rows.rows, rows.skipped) == (0, {"consent": 4})


@sqlite_only
def test_only_the_kinds_the_purpose_covers_are_read(release_register: Register) -> None:
    add_members(release_register, 4, guests=5)
    rows = read_register(release_register, ANALYST, "research", ["usage"])
    assert (rows.rows, rows.listed) == (4, 4)
    assert (
        read_register(release_register, ANALYST, "statistics", ["usage"], kinds=["guest"]).rows == 5
    )


@sqlite_only
def test_rows_do_not_come_in_subject_order(release_register: Register) -> None:
    add_members(release_register, 40)  # login_count is the member's number
    rows = read_register(release_register, ANALYST, "research", ["login_count"])
    counts = [int(v) for v in rows.columns["login_count"]]
    assert sorted(counts) == list(range(40))
    assert counts != sorted(counts)  # one chance in 40! of failing


def test_an_actor_whose_role_may_not_use_the_purpose_is_refused_and_audited(
    release_register: Register,
) -> None:
    add_members(release_register, 3)
    support = Actor.staff("support-1", "support")
    with pytest.raises(AccessDeniedError) as refused:
        read_register(release_register, support, "statistics", ["usage"])
    assert refused.value.rule == "role_purpose"
    assert [(o, r) for _, o, r in reads(release_register, "statistics")] == [
        ("refused", "role_purpose")
    ]


@sqlite_only
def test_an_item_outside_the_purpose_is_refused(release_register: Register) -> None:
    add_members(release_register, 2)
    with pytest.raises(AccessDeniedError) as refused:
        read_register(release_register, ANALYST, "statistics", ["name"])
    assert refused.value.rule == "purpose_items"


@sqlite_only
@pytest.mark.parametrize(
    ("purpose", "items", "kinds", "message"),
    [
        ("marketing", ["usage"], None, "no purpose 'marketing'"),
        ("statistics", [], None, "at least one item"),
        ("statistics", ["usage"], ["robot"], "unknown subject kind robot"),
    ],
)
def test_bad_arguments_are_refused_before_any_read(
    release_register: Register,
    purpose: str,
    items: list[str],
    kinds: list[str] | None,
    message: str,
) -> None:
    add_members(release_register, 2)
    with pytest.raises(ValidationError, match=message):
        read_register(release_register, ANALYST, purpose, items, kinds=kinds)
    assert reads(release_register, purpose) == []


@sqlite_only
def test_reads_go_in_batches_of_one_transaction_each(release_register: Register) -> None:
    add_members(release_register, 7)
    rows = read_register(release_register, ANALYST, "statistics", ["usage"], batch=3)
    assert rows.rows == 7
    assert len(reads(release_register, "statistics")) == 7
