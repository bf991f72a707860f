"""Access-log rows go when their items' retention ends (also through `mamori retention run`),
and a linked subject's rows go with the subject's erasure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from mamori.accesslog import AccessLog, expire, read_log
from mamori.errors import AccessDeniedError
from mamori.register import Actor, Register
from mamori.retention import run
from tests.accesslog.conftest import IP, SOC_ADMIN

OLD = datetime(2024, 1, 1, tzinfo=UTC)


def _count(register: Register) -> int:
    with register.engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM access_log")).scalar_one())


def _log(register: Register, *moments: datetime, subject_id: str | None = None) -> None:
    with AccessLog(register) as log:
        for moment in moments:
            log.record(at=moment, ip=IP, page="/p", subject_id=subject_id)


def test_expire_deletes_rows_past_the_retention_and_keeps_the_rest(wox: Register) -> None:
    now = datetime.now(UTC)
    _log(wox, OLD, now - timedelta(days=1))
    with wox.session() as session:
        counts = expire(session, Actor.system(), now)
    assert counts["rows_deleted"] == 1
    assert _count(wox) == 1
    (event,) = wox.audit.query(wox.engine, purpose="retention")
    assert event.action == "accesslog.expire"


def test_a_dry_run_only_counts(wox: Register) -> None:
    _log(wox, OLD)
    with wox.session() as session:
        counts = expire(session, Actor.system(), dry_run=True)
    assert counts["rows_deleted"] == 1
    assert _count(wox) == 1


def test_staff_without_the_permission_may_not_expire(wox: Register) -> None:
    with wox.session() as session, pytest.raises(AccessDeniedError):
        expire(session, Actor.staff("st-9"))


def test_the_retention_run_expires_the_access_log(wox: Register) -> None:
    _log(wox, OLD)
    with wox.session() as session:
        summary = run(session)
    assert summary.records_expired["access_log"] == 1
    assert _count(wox) == 0


def test_erasing_a_subject_removes_its_linked_rows_only(soc: Register) -> None:
    from tests.registers import add_members

    add_members(soc, count=2)
    _log(soc, datetime.now(UTC), subject_id="m1")
    _log(soc, datetime.now(UTC), subject_id="m2")
    with soc.session() as session:
        session.erase(Actor.system(), "m1")
    with soc.session() as session:
        left = read_log(session, SOC_ADMIN, "violation_prevention")
    assert [entry.subject_id for entry in left] == ["m2"]
    with soc.engine.connect() as connection:
        live = connection.execute(
            text("SELECT id FROM access_log_keys WHERE wrapped IS NOT NULL")
        ).scalars()
        assert "subject:m1" not in list(live)


def test_an_erased_subjects_requests_are_dropped_not_logged_under_a_new_key(
    soc: Register,
) -> None:
    from tests.registers import add_members

    add_members(soc, count=2)
    _log(soc, datetime.now(UTC), subject_id="m1")
    with soc.session() as session:
        session.erase(Actor.system(), "m1")

    with AccessLog(soc) as log:
        log.record(ip=IP, page="/after", subject_id="m1")
        log.record(ip=IP, page="/after", subject_id="m2")

    assert (log.written, log.dropped_erased) == (1, 1)
    with soc.session() as session:
        left = read_log(session, SOC_ADMIN, "violation_prevention")
    assert [entry.subject_id for entry in left] == ["m2"]


def test_a_subject_erased_while_its_batch_is_sealed_leaves_no_row(
    soc: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mamori.accesslog._keys import KeyChain
    from tests.registers import add_members

    add_members(soc, count=2)
    looked_up = KeyChain.for_writing

    def erased_meanwhile(self: KeyChain, *args: Any, **options: Any) -> Any:
        found = looked_up(self, *args, **options)
        with soc.session() as session:  # another request erases m1 before the batch is written
            session.erase(Actor.system(), "m1")
        return found

    monkeypatch.setattr(KeyChain, "for_writing", erased_meanwhile)
    with AccessLog(soc) as log:
        log.record(ip=IP, page="/during", subject_id="m1")
        log.record(ip=IP, page="/during", subject_id="m2")

    assert (log.written, log.dropped_erased) == (1, 1)
    with soc.engine.connect() as connection:
        subjects = connection.execute(text("SELECT subject_id FROM access_log")).scalars()
        assert list(subjects) == ["m2"]


def test_the_retention_report_counts_the_log_and_says_when_it_next_falls_due(
    wox: Register,
) -> None:
    from mamori.retention import plan

    now = datetime.now(UTC)
    recent = now - timedelta(days=1)
    _log(wox, OLD, recent)
    with wox.engine.connect() as connection:
        report = plan(connection, wox.policy, now)
    (line,) = [kind for kind in report.kinds if kind.name.startswith("access_log:")]

    assert (line.kind, line.status, line.held, line.due_now) == ("log", "expiring", 2, 1)
    assert line.next_due is not None
    assert recent < line.next_due
