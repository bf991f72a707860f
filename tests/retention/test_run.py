"""A retention run erases and expires what is due, through the register and the domains,
audited, and is recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mamori.errors import NotFoundError
from mamori.provision import Provider, list_receipts, record_receipt
from mamori.register import Register
from mamori.retention import last_run, run
from tests.retention.conftest import APP, add_guest, add_member

LATER = timedelta(days=100)


def _later() -> datetime:
    return datetime.now(UTC) + LATER


def test_a_run_erases_a_subject_whose_every_item_is_due(register: Register) -> None:
    add_guest(register, "g1")
    with register.session() as session:
        summary = run(session, _later())
    assert summary.subjects_erased == 1
    with register.session() as session, pytest.raises(NotFoundError):
        session.read(APP, "g1", "service", ["note"])


def test_a_run_deletes_due_voluntary_items_and_keeps_the_rest(register: Register) -> None:
    add_member(register, "m1", phone="03-1234-5678", email="one@example.jp")
    with register.session() as session:
        summary = run(session, _later())
    assert summary.items_deleted == 1
    with register.session() as session:
        left = session.read(APP, "m1", "service")
    assert "phone" not in left
    assert "email" in left


def test_every_action_of_a_run_is_audited_with_its_id(register: Register) -> None:
    add_member(register, "m1", phone="03-1234-5678")
    add_guest(register, "g1")
    with register.session() as session:
        summary = run(session, _later())
    events = register.audit.query(register.engine, limit=1000)
    (deleted,) = [e for e in events if e.action == "delete"]
    (erased,) = [e for e in events if e.action == "erase"]
    (ran,) = [e for e in events if e.action == "retention.run"]
    assert deleted.request_id == summary.run_id
    assert deleted.item_keys == ("phone",)
    assert erased.purpose == "erase:retention"
    assert erased.subject_id == "g1"
    assert ran.request_id == summary.run_id
    assert ran.rule == "retention_run"


def test_a_dry_run_changes_nothing_and_says_what_would_go(register: Register) -> None:
    add_guest(register, "g1")
    with register.session() as session:
        summary = run(session, _later(), dry_run=True)
    assert summary.subjects_erased == 1
    with register.session() as session:
        assert session.read(APP, "g1", "service", ["note"])


def test_a_run_is_recorded_and_a_dry_run_does_not_count_as_the_last_run(
    register: Register,
) -> None:
    with register.session() as session:
        real = run(session)
    with register.session() as session:
        run(session, dry_run=True)
    with register.engine.connect() as connection:
        found = last_run(connection)
        any_run = last_run(connection, include_dry_runs=True)
    assert found is not None
    assert found.id == real.run_id
    assert not found.dry_run
    assert any_run is not None
    assert any_run.dry_run


def test_a_run_expires_receipt_records_past_their_legal_period(register: Register) -> None:
    add_member(register, "m1", email="one@example.jp")
    received = datetime.now(UTC) - timedelta(days=4 * 365)
    with register.session() as session:
        record_receipt(
            session,
            APP,
            "m1",
            provider=Provider("Data Broker KK", "4-4 Chuo, Tokyo", "Ichiro Data"),
            acquisition="Collected with consent at its own sign-up",
            items=["email"],
            basis="consent",
            received_at=received,
        )
        summary = run(session)
    assert summary.records_expired["receipt_records"] == 1
    with register.engine.connect() as connection:
        assert list_receipts(connection) == []
