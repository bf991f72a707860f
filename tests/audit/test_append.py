from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from mamori.audit import AuditLog, read_head
from mamori.db import transaction
from tests.audit.conftest import Fill, entry
from tests.audit.signer import Ed25519Signer

FIELDS = {
    "actor_kind": "staff",
    "actor_id": "st-7",
    "role": "support",
    "action": "read",
    "purpose": "support",
    "subject_id": "u-42",
    "item_keys": ["phone", "email"],
    "outcome": "refused",
    "rule": "purpose_items",
    "request_id": "req-1",
}


def test_append_returns_consecutive_sequence_numbers(engine: Engine, audit: AuditLog) -> None:
    with transaction(engine) as session:
        seqs = [audit.append(session, **FIELDS) for _ in range(3)]  # type: ignore[arg-type]
    assert seqs == [1, 2, 3]


def test_append_many_returns_the_range_it_used(engine: Engine, audit: AuditLog) -> None:
    with transaction(engine) as session:
        first = audit.append_many(session, [entry(1), entry(2)])
        second = audit.append_many(session, [entry(3)])
    assert (first, second) == (range(1, 3), range(3, 4))


def test_an_event_reads_back_as_it_was_given(engine: Engine, audit: AuditLog) -> None:
    moment = datetime(2025, 4, 1, 12, 0, 0, 123456, tzinfo=UTC)
    with transaction(engine) as session:
        audit.append(session, **FIELDS, time=moment)  # type: ignore[arg-type]
    [event] = audit.query(engine, subject_id="u-42")
    assert event.to_dict() == {
        "seq": 1,
        "time": "2025-04-01T12:00:00.123456+00:00",
        "actor_kind": "staff",
        "actor_id": "st-7",
        "role": "support",
        "action": "read",
        "purpose": "support",
        "subject_id": "u-42",
        "item_keys": ["email", "phone"],
        "outcome": "refused",
        "rule": "purpose_items",
        "request_id": "req-1",
    }


def test_the_time_defaults_to_now_in_utc(engine: Engine, audit: AuditLog) -> None:
    before = datetime.now(UTC)
    with transaction(engine) as session:
        audit.append(session, **FIELDS)  # type: ignore[arg-type]
    [event] = audit.query(engine)
    assert before - timedelta(seconds=1) <= event.time <= datetime.now(UTC)
    assert event.time.utcoffset() == timedelta(0)


def test_an_event_rolls_back_with_the_access_it_records(engine: Engine, audit: AuditLog) -> None:
    def access_that_fails() -> None:
        with transaction(engine) as session:
            audit.append(session, **FIELDS)  # type: ignore[arg-type]
            raise RuntimeError("the access failed")

    with pytest.raises(RuntimeError):
        access_that_fails()
    with transaction(engine) as session:
        seq = audit.append(session, **FIELDS)  # type: ignore[arg-type]
    assert seq == 1
    assert audit.verify(engine).ok


def test_appending_through_a_connection_joins_its_transaction(
    engine: Engine, audit: AuditLog
) -> None:
    with engine.connect() as conn:
        audit.append(conn, **FIELDS)  # type: ignore[arg-type]
        conn.rollback()
        audit.append(conn, **FIELDS)  # type: ignore[arg-type]
        conn.commit()
    assert [event.seq for event in audit.query(engine)] == [1]


def test_a_checkpoint_is_signed_every_n_events(engine: Engine, audit: AuditLog, fill: Fill) -> None:
    fill(35)
    report = audit.verify(engine)
    assert (report.checkpoints_checked, report.signatures_checked, report.ok) == (3, True, True)


def test_the_head_file_follows_the_last_committed_checkpoint(
    audit: AuditLog, fill: Fill, head_path: Path
) -> None:
    fill(20)
    head = read_head(head_path)
    assert head is not None
    assert head.seq == 20


def test_a_rolled_back_checkpoint_never_reaches_the_head_file(
    engine: Engine, audit: AuditLog, fill: Fill, head_path: Path
) -> None:
    fill(10)

    def fails_after_checkpoint() -> None:
        with transaction(engine) as session:
            audit.append_many(session, [entry(n) for n in range(10)])
            raise RuntimeError("the access failed")

    with pytest.raises(RuntimeError):
        fails_after_checkpoint()
    head = read_head(head_path)
    assert head is not None
    assert head.seq == 10


def test_an_on_demand_checkpoint_signs_the_current_end(
    engine: Engine, audit: AuditLog, fill: Fill, head_path: Path
) -> None:
    fill(13)
    made = audit.checkpoint(engine)
    head = read_head(head_path)
    assert (made.seq, head) == (13, made)


def test_checkpointing_twice_at_one_seq_returns_the_same_checkpoint(
    engine: Engine, audit: AuditLog, fill: Fill
) -> None:
    fill(3)
    assert audit.checkpoint(engine) == audit.checkpoint(engine)


def test_a_checkpoint_refuses_to_sign_a_rewritten_chain(
    engine: Engine, audit: AuditLog, fill: Fill
) -> None:
    import hashlib

    from sqlalchemy import text

    from mamori.errors import IntegrityError

    fill(12)
    # Rewrite event 11 and recompute the hashes after it, tail included: a whole chain again,
    # which the next checkpoint must not bless.
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE audit_event SET body = replace(body, 'read', 'erase') WHERE seq = 11")
        )
        chain = bytes(
            conn.execute(text("SELECT hash FROM audit_event WHERE seq = 10")).scalar_one()
        )
        for seq, body in list(
            conn.execute(text("SELECT seq, body FROM audit_event WHERE seq > 10"))
        ):
            chain = hashlib.sha256(chain + body.encode()).digest()
            conn.execute(
                text("UPDATE audit_event SET hash = :h WHERE seq = :s"), {"h": chain, "s": seq}
            )
        conn.execute(text("UPDATE audit_tail SET hash = :h"), {"h": chain})
    with pytest.raises(IntegrityError, match="mamori audit verify"):
        audit.checkpoint(engine)


def test_another_process_refuses_to_checkpoint_over_a_broken_chain(
    engine: Engine, audit: AuditLog, fill: Fill, signer: Ed25519Signer, head_path: Path
) -> None:
    from sqlalchemy import text

    from mamori.errors import IntegrityError

    fill(12)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_event SET hash = :h WHERE seq = 11"), {"h": b"\0" * 32})
    other = AuditLog(signer=signer, head_path=head_path, checkpoint_every=10)
    with pytest.raises(IntegrityError, match="mamori audit verify"):
        other.checkpoint(engine)


def test_publish_head_writes_what_a_connection_committed(
    engine: Engine, signer: Ed25519Signer, head_path: Path
) -> None:
    audit = AuditLog(signer=signer, head_path=head_path, checkpoint_every=5)
    with engine.connect() as conn:
        audit.append_many(conn, [entry(n) for n in range(5)])
        conn.commit()
    published = audit.publish_head(engine)
    assert published is not None
    assert published.seq == 5
    assert read_head(head_path) == published


def test_without_a_signer_the_chain_is_kept_but_nothing_signed(engine: Engine) -> None:
    from mamori.errors import ConfigError

    audit = AuditLog(checkpoint_every=1)
    with transaction(engine) as session:
        audit.append_many(session, [entry(n) for n in range(3)])
    report = audit.verify(engine)
    assert (report.ok, report.checkpoints_checked, report.signatures_checked) == (True, 0, False)
    with pytest.raises(ConfigError, match="signer"):
        audit.checkpoint(engine)


def test_a_crash_before_the_first_head_write_leaves_a_genesis_head(
    engine: Engine, signer: Ed25519Signer, head_path: Path
) -> None:
    # Simulate the crash: the checkpoint commits through a Connection, whose commit the log
    # cannot watch, so the real head is never written.
    audit = AuditLog(signer=signer, head_path=head_path, checkpoint_every=5)
    with engine.connect() as conn:
        audit.append_many(conn, [entry(n) for n in range(5)])
        conn.commit()
    head = read_head(head_path)
    assert head is not None
    assert head.seq == 0
    assert audit.verify(engine).ok
