from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from mamori.audit import AuditLog, Outcome
from mamori.db import transaction
from mamori.errors import ValidationError
from tests.audit.conftest import entry

START = datetime(2025, 5, 1, tzinfo=UTC)


@pytest.fixture
def log_with_events(engine: Engine, audit: AuditLog) -> AuditLog:
    """Twelve events, an hour apart: actors st-0..st-2 in turn, subjects u-0..u-3 in turn,
    every third refused, purposes 'support' and 'billing' alternating."""
    with transaction(engine) as session:
        audit.append_many(
            session,
            [
                entry(
                    n,
                    subject_id=f"u-{n % 4}",
                    outcome="refused" if n % 3 == 0 else "allowed",
                    purpose="support" if n % 2 == 0 else "billing",
                    time=START + timedelta(hours=n),
                )
                for n in range(12)
            ],
        )
    return audit


def seqs(events: list) -> list[int]:  # type: ignore[type-arg]
    return [event.seq for event in events]


def test_query_by_subject(engine: Engine, log_with_events: AuditLog) -> None:
    events = log_with_events.query(engine, subject_id="u-1")
    assert seqs(events) == [2, 6, 10]
    assert {event.subject_id for event in events} == {"u-1"}


def test_query_by_actor(engine: Engine, log_with_events: AuditLog) -> None:
    events = log_with_events.query(engine, actor_id="st-2")
    assert seqs(events) == [3, 6, 9, 12]


def test_query_by_outcome_and_purpose(engine: Engine, log_with_events: AuditLog) -> None:
    events = log_with_events.query(engine, outcome=Outcome.REFUSED, purpose="support")
    assert seqs(events) == [1, 7]


def test_query_by_time_includes_since_and_excludes_until(
    engine: Engine, log_with_events: AuditLog
) -> None:
    events = log_with_events.query(
        engine, since=START + timedelta(hours=3), until=START + timedelta(hours=5)
    )
    assert seqs(events) == [4, 5]


def test_query_pages_with_limit_and_offset(engine: Engine, log_with_events: AuditLog) -> None:
    pages = [seqs(log_with_events.query(engine, limit=5, offset=offset)) for offset in (0, 5, 10)]
    assert pages == [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12]]


def test_query_newest_first(engine: Engine, log_with_events: AuditLog) -> None:
    assert seqs(log_with_events.query(engine, subject_id="u-0", newest_first=True)) == [9, 5, 1]


def test_query_in_the_callers_session(engine: Engine, log_with_events: AuditLog) -> None:
    with transaction(engine) as session:
        assert seqs(log_with_events.query(session, subject_id="u-3")) == [4, 8, 12]


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (10_001, 0), (10, -1)])
def test_query_refuses_a_bad_page(
    engine: Engine, log_with_events: AuditLog, limit: int, offset: int
) -> None:
    with pytest.raises(ValidationError):
        log_with_events.query(engine, limit=limit, offset=offset)


def test_query_refuses_an_unknown_outcome(engine: Engine, log_with_events: AuditLog) -> None:
    with pytest.raises(ValidationError, match="allowed, refused"):
        log_with_events.query(engine, outcome="maybe")
