"""Deadlines: a GDPR request is due one calendar month after receipt, three after an extension;
an APPI request at the two-week mark after which the person may sue; the policy's shorter
deadline wins. The queue lists overdue, then near-due requests, then the rest by due date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mamori.policy import Policy
from mamori.register import Register
from mamori.rights import add_months, deadline_for, fulfil, queue, start, verify_identity
from tests.rights.conftest import OFFICER, Filer

JAN_31 = datetime(2026, 1, 31, 9, 0, tzinfo=UTC)


def _own_deadline(policy: Policy, days: int) -> Policy:
    rights = policy.rights.model_copy(update={"response_deadline": timedelta(days=days)})
    return policy.model_copy(update={"rights": rights})


@pytest.mark.parametrize(
    ("start_", "months", "end"),
    [
        (datetime(2026, 3, 15, tzinfo=UTC), 1, datetime(2026, 4, 15, tzinfo=UTC)),
        (JAN_31, 1, datetime(2026, 2, 28, 9, 0, tzinfo=UTC)),
        (datetime(2028, 1, 31, tzinfo=UTC), 1, datetime(2028, 2, 29, tzinfo=UTC)),
        (datetime(2026, 11, 30, tzinfo=UTC), 3, datetime(2027, 2, 28, tzinfo=UTC)),
        (datetime(2026, 12, 31, tzinfo=UTC), 1, datetime(2027, 1, 31, tzinfo=UTC)),
    ],
)
def test_months_are_calendar_months(start_: datetime, months: int, end: datetime) -> None:
    assert add_months(start_, months) == end


def test_a_gdpr_request_is_due_one_calendar_month_after_receipt(shop_policy: Policy) -> None:
    received = datetime(2026, 3, 15, 10, 30, tzinfo=UTC)
    deadline = deadline_for(shop_policy, "EU", received)
    assert deadline.due_at == datetime(2026, 4, 15, 10, 30, tzinfo=UTC)
    assert deadline.suit_possible_at is None


def test_an_appi_request_is_due_at_the_two_week_mark(shop_policy: Policy) -> None:
    deadline = deadline_for(shop_policy, "JP", JAN_31)
    assert deadline.due_at == deadline.suit_possible_at == datetime(2026, 2, 14, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("law", "days", "due_days"), [("EU", 10, 10), ("JP", 7, 7), ("JP", 20, 14)]
)
def test_the_policys_own_deadline_applies_when_shorter(
    shop_policy: Policy, law: str, days: int, due_days: int
) -> None:
    deadline = deadline_for(_own_deadline(shop_policy, days), law, JAN_31)
    assert deadline.due_at == JAN_31 + timedelta(days=due_days)


def test_a_filed_gdpr_request_carries_its_calendar_month(filed: Filer) -> None:
    request = filed("deletion", jurisdiction="EU", received_at=JAN_31)
    assert request.due_at == datetime(2026, 2, 28, 9, tzinfo=UTC)


def test_the_queue_lists_overdue_then_near_due_then_by_due_date(
    shop: Register, filed: Filer
) -> None:
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    on_time_late = filed("deletion", jurisdiction="EU", received_at=now - timedelta(days=1))
    on_time = filed("deletion", received_at=now - timedelta(days=5))  # due in 9 days
    near = filed("deletion", received_at=now - timedelta(days=12))  # due in 2 days
    overdue = filed("deletion", received_at=now - timedelta(days=20))
    more_overdue = filed("deletion", jurisdiction="EU", received_at=now - timedelta(days=40))
    closed = filed("deletion", received_at=now - timedelta(days=30))
    with shop.session() as session:
        verify_identity(session, OFFICER, closed.id, "document")
        start(session, OFFICER, closed.id)
        fulfil(session, OFFICER, closed.id)
    with shop.engine.connect() as connection:
        entries = queue(connection, now)
    assert [(entry.request.id, entry.urgency) for entry in entries] == [
        (more_overdue.id, "overdue"),
        (overdue.id, "overdue"),
        (near.id, "near_due"),
        (on_time.id, "on_time"),
        (on_time_late.id, "on_time"),
    ]


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
    st.integers(min_value=0, max_value=36),
)
def test_adding_months_lands_in_the_right_month_never_later_in_it(
    moment: datetime, months: int
) -> None:
    moved = add_months(moment, months)
    assert (moved.year * 12 + moved.month) - (moment.year * 12 + moment.month) == months
    assert moved.day <= moment.day
    assert moved.time() == moment.time()
    assert moved.day == moment.day or moved.month != (moved + timedelta(days=1)).month


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)))
def test_a_gdpr_month_is_28_to_31_days(moment: datetime) -> None:
    received = moment.replace(tzinfo=UTC)
    days = (add_months(received, 1) - received).days
    assert 28 <= days <= 31
