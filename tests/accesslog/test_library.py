"""The access log records request metadata in batches, sealed, and reads it only for a purpose
the policy declares, audited without personal data."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from mamori.accesslog import AccessLog, read_log, truncate_ip
from mamori.errors import AccessDeniedError, ValidationError
from mamori.register import Actor, Register
from tests.accesslog.conftest import AGENT, IP, STAFF

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def _log_some(register: Register, count: int = 3, **options: object) -> AccessLog:
    log = AccessLog(register, **options)  # type: ignore[arg-type]
    for number in range(count):
        log.record(
            at=T0 + timedelta(minutes=number),
            ip=IP,
            cookie=f"ck-{number}",
            user_agent=AGENT,
            page=f"/page/{number}",
        )
    log.flush()
    return log


def test_requests_are_written_in_one_batch_and_read_back_for_a_declared_purpose(
    wox: Register,
) -> None:
    log = _log_some(wox, 3)
    assert log.written == 3
    with wox.session() as session:
        rows = read_log(session, STAFF, "usage_analysis")
    assert [row.values["page"] for row in rows] == ["/page/0", "/page/1", "/page/2"]
    assert rows[0].values["ip"] == IP
    assert rows[0].values["user_agent"] == AGENT
    assert rows[0].subject_id is None
    assert rows[0].at == T0


def test_the_buffer_is_written_when_a_batch_is_full(wox: Register) -> None:
    log = AccessLog(wox, batch_size=2)
    log.record(ip=IP)
    assert log.pending == 1
    log.record(ip=IP)
    assert log.pending == 0
    assert log.written == 2


def test_a_batch_the_database_refuses_waits_for_the_next_flush(wox: Register) -> None:
    log = AccessLog(wox)
    log.record(ip=IP, page="/a")
    log.record(ip=IP, page="/b")
    with wox.engine.begin() as connection:
        connection.execute(text("ALTER TABLE access_log RENAME TO access_log_away"))
    try:
        with pytest.raises(DBAPIError) as failed:
            log.flush()
    finally:
        with wox.engine.begin() as connection:
            connection.execute(text("ALTER TABLE access_log_away RENAME TO access_log"))
    log.record(ip=IP, page="/c")

    assert IP not in str(failed.value)
    assert log.pending == 3
    assert log.flush() == 3
    with wox.session() as session:
        rows = read_log(session, STAFF, "usage_analysis")
    assert [row.values["page"] for row in rows] == ["/a", "/b", "/c"]
    assert log.dropped == 0


def test_values_are_not_stored_in_clear(wox: Register) -> None:
    _log_some(wox, 1)
    with wox.engine.connect() as connection:
        row = connection.execute(text("SELECT ip, cookie, user_agent, page FROM access_log")).one()
    stored = b"".join(bytes(value) for value in row)
    for value in (IP, AGENT, "ck-0", "/page/0"):
        assert value.encode() not in stored


def test_a_purpose_reads_only_the_fields_whose_items_it_uses(wox: Register) -> None:
    _log_some(wox, 1)
    with wox.session() as session:
        (row,) = read_log(session, STAFF, "statistics")  # pages and environment only
    assert set(row.values) == {"page", "user_agent"}


def test_an_undeclared_purpose_is_refused_and_audited(wox: Register) -> None:
    _log_some(wox, 1)
    with wox.session() as session, pytest.raises(AccessDeniedError) as refused:
        read_log(session, STAFF, "marketing")
    assert refused.value.rule == "undeclared_purpose"
    events = wox.audit.query(wox.engine, outcome="refused")
    assert [event.action for event in events] == ["accesslog.read"]


def test_a_purpose_that_uses_no_logged_item_is_refused(wox: Register) -> None:
    with wox.session() as session, pytest.raises(AccessDeniedError) as refused:
        read_log(session, STAFF, "contact")
    assert refused.value.rule == "purpose_items"


def test_an_actor_without_a_role_for_the_purpose_is_refused(wox: Register) -> None:
    with wox.session() as session, pytest.raises(AccessDeniedError) as refused:
        read_log(session, Actor.staff("st-2"), "usage_analysis")
    assert refused.value.rule == "role_purpose"


def test_reads_are_audited_with_the_purpose_and_items_and_no_value(wox: Register) -> None:
    _log_some(wox, 2)
    with wox.session() as session:
        read_log(session, STAFF, "usage_analysis")
    (event,) = wox.audit.query(wox.engine, purpose="usage_analysis")
    assert event.action == "accesslog.read"
    assert set(event.item_keys) == {
        "ip_address",
        "cookie_info",
        "pages_viewed",
        "usage_environment",
    }
    dumped = str([e.to_dict() for e in wox.audit.query(wox.engine, limit=1000)])
    assert IP not in dumped
    assert "TestBrowser" not in dumped


def test_since_until_and_limit_select_rows(wox: Register) -> None:
    _log_some(wox, 5)
    with wox.session() as session:
        rows = read_log(
            session,
            STAFF,
            "usage_analysis",
            since=T0 + timedelta(minutes=1),
            until=T0 + timedelta(minutes=4),
            limit=2,
            offset=1,
        )
    assert [row.values["page"] for row in rows] == ["/page/2", "/page/3"]


def test_a_bad_ip_address_is_refused_without_repeating_it(wox: Register) -> None:
    log = AccessLog(wox)
    with pytest.raises(ValidationError) as refused:
        log.record(ip="not-an-ip 10.9.8.7")
    assert refused.value.field == "ip"
    assert "10.9.8.7" not in str(refused.value)
    assert log.pending == 0


def test_an_unknown_collection_point_is_refused(wox: Register) -> None:
    with pytest.raises(ValidationError) as refused:
        AccessLog(wox, point="checkout")
    assert refused.value.field == "point"


def test_a_bad_limit_is_refused(wox: Register) -> None:
    with wox.session() as session, pytest.raises(ValidationError) as refused:
        read_log(session, STAFF, "usage_analysis", limit=0)
    assert refused.value.field == "limit"


def test_ip_truncation_keeps_the_network_only(wox: Register) -> None:
    assert truncate_ip("203.0.113.77") == "203.0.113.0"
    assert truncate_ip("2001:db8:1:2::1") == "2001:db8:1::"
    _log_some(wox, 1, truncate_ip=True)
    with wox.session() as session:
        (row,) = read_log(session, STAFF, "usage_analysis")
    assert row.values["ip"] == "203.0.113.0"


def test_a_record_does_not_show_its_values() -> None:
    from mamori.accesslog import AccessRecord

    shown = repr(AccessRecord.of(ip=IP, user_agent=AGENT, cookie="ck", page="/p"))
    assert IP not in shown
    assert "TestBrowser" not in shown


def test_rows_of_an_unlinked_point_name_no_one(wox: Register) -> None:
    log = AccessLog(wox)
    log.record(ip=IP, subject_id="u-1")
    log.flush()
    with wox.engine.connect() as connection:
        assert connection.execute(text("SELECT subject_id FROM access_log")).scalar() is None


def test_threads_record_concurrently_without_losing_a_request(wox: Register) -> None:
    log = AccessLog(wox, batch_size=50)

    def work() -> None:
        for _ in range(100):
            log.record(ip=IP, page="/t")

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    log.close()
    from mamori.accesslog._tables import entries

    with wox.engine.connect() as connection:
        assert len(connection.execute(select(entries.c.id)).all()) == 400


def test_a_background_writer_writes_and_close_flushes(wox: Register) -> None:
    log = AccessLog(wox, interval=0.05)
    log.start()
    log.record(ip=IP)
    log.close()
    assert log.written == 1
    assert not log.running
