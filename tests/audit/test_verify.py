"""Tampering with the log through plain SQL, as an attacker with database access would."""

from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from mamori.audit import AuditLog, ProblemKind, VerifyReport
from tests.audit.conftest import Fill
from tests.audit.signer import Ed25519Signer


def tamper(engine: Engine, *statements: str, **params: object) -> None:
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement), params)


def shift_up_from(seq: int) -> tuple[str, str]:
    """Renumber events seq.. to seq+1.., in two steps so no unique check trips midway."""
    return (
        f"UPDATE audit_event SET seq = -(seq + 1) WHERE seq >= {seq}",
        "UPDATE audit_event SET seq = -seq WHERE seq < 0",
    )


def first(report: VerifyReport) -> tuple[ProblemKind, int]:
    problem = report.first_problem
    assert problem is not None, "verification found nothing"
    return problem.kind, problem.seq


def test_an_untouched_log_verifies(engine: Engine, audit: AuditLog, fill: Fill) -> None:
    fill(35)
    report = audit.verify(engine)
    assert report.ok
    assert (report.events_checked, report.last_seq, report.head_checked) == (35, 35, True)


def test_an_empty_log_verifies(engine: Engine, audit: AuditLog) -> None:
    report = audit.verify(engine)
    assert (report.ok, report.events_checked) == (True, 0)


def test_an_edited_field_is_found(engine: Engine, audit: AuditLog, fill: Fill) -> None:
    fill(30)
    tamper(
        engine, """UPDATE audit_event SET body = replace(body, '"u-15"', '"u-16"') WHERE seq = 15"""
    )
    assert first(audit.verify(engine)) == (ProblemKind.EDITED, 15)


def test_an_edited_hash_is_found(engine: Engine, audit: AuditLog, fill: Fill) -> None:
    fill(30)
    tamper(engine, "UPDATE audit_event SET hash = :h WHERE seq = 15", h=b"\0" * 32)
    assert first(audit.verify(engine)) == (ProblemKind.EDITED, 15)


def test_a_deleted_event_is_found(engine: Engine, audit: AuditLog, fill: Fill) -> None:
    fill(30)
    tamper(engine, "DELETE FROM audit_event WHERE seq = 15")
    assert first(audit.verify(engine)) == (ProblemKind.DELETED, 15)


def test_a_deletion_hidden_by_renumbering_is_found(
    engine: Engine, audit: AuditLog, fill: Fill
) -> None:
    fill(30)
    tamper(
        engine,
        "DELETE FROM audit_event WHERE seq = 15",
        "UPDATE audit_event SET seq = -(seq - 1) WHERE seq > 15",
        "UPDATE audit_event SET seq = -seq WHERE seq < 0",
    )
    assert first(audit.verify(engine)) == (ProblemKind.DELETED, 15)


def test_an_inserted_event_is_found(engine: Engine, audit: AuditLog, fill: Fill) -> None:
    fill(30)
    tamper(
        engine,
        *shift_up_from(15),
        # A copy of event 14 dressed up as 15, with a hash that does not fit.
        """INSERT INTO audit_event (seq, body, hash)
           SELECT 15, replace(body, :old, :new), hash FROM audit_event WHERE seq = 14""",
        old='"seq":14,',
        new='"seq":15,',
    )
    assert first(audit.verify(engine)) == (ProblemKind.INSERTED, 15)


def test_an_inserted_event_with_a_fitting_hash_is_found(
    engine: Engine, audit: AuditLog, fill: Fill
) -> None:
    import hashlib

    fill(30)
    with engine.connect() as conn:
        previous = conn.execute(text("SELECT hash FROM audit_event WHERE seq = 14")).scalar_one()
        body = conn.execute(text("SELECT body FROM audit_event WHERE seq = 14")).scalar_one()
    forged = body.replace('"seq":14,', '"seq":15,').replace('"u-14"', '"u-99"')
    fitting = hashlib.sha256(bytes(previous) + forged.encode()).digest()
    tamper(
        engine,
        *shift_up_from(15),
        "INSERT INTO audit_event (seq, body, hash) VALUES (15, :body, :hash)",
        body=forged,
        hash=fitting,
    )
    assert first(audit.verify(engine)) == (ProblemKind.INSERTED, 15)


def test_two_swapped_events_are_found(engine: Engine, audit: AuditLog, fill: Fill) -> None:
    fill(30)
    tamper(
        engine,
        "UPDATE audit_event SET seq = -1 WHERE seq = 15",
        "UPDATE audit_event SET seq = 15 WHERE seq = 16",
        "UPDATE audit_event SET seq = 16 WHERE seq = -1",
    )
    report = audit.verify(engine)
    assert first(report) == (ProblemKind.REORDERED, 15)
    assert report.problem_count == 1


def test_two_distant_events_swapped_are_found(engine: Engine, audit: AuditLog, fill: Fill) -> None:
    fill(30)
    tamper(
        engine,
        "UPDATE audit_event SET seq = -1 WHERE seq = 12",
        "UPDATE audit_event SET seq = 12 WHERE seq = 18",
        "UPDATE audit_event SET seq = 18 WHERE seq = -1",
    )
    report = audit.verify(engine)
    assert first(report) == (ProblemKind.REORDERED, 12)
    assert report.problem_count == 1


def test_a_rewritten_chain_is_caught_by_its_signed_checkpoint(
    engine: Engine, audit: AuditLog, fill: Fill
) -> None:
    import hashlib

    fill(30)
    # Edit event 15 and recompute every hash after it, tail included: the chain is whole again.
    tamper(
        engine, """UPDATE audit_event SET body = replace(body, '"u-15"', '"u-16"') WHERE seq = 15"""
    )
    with engine.begin() as conn:
        previous = bytes(
            conn.execute(text("SELECT hash FROM audit_event WHERE seq = 14")).scalar_one()
        )
        rows = conn.execute(text("SELECT seq, body FROM audit_event WHERE seq >= 15 ORDER BY seq"))
        for seq, body in list(rows):
            previous = hashlib.sha256(previous + body.encode()).digest()
            conn.execute(
                text("UPDATE audit_event SET hash = :h WHERE seq = :s"), {"h": previous, "s": seq}
            )
        conn.execute(text("UPDATE audit_tail SET hash = :h"), {"h": previous})
    assert first(audit.verify(engine)) == (ProblemKind.EDITED, 11)


def test_a_cut_tail_is_found_from_the_checkpoints_left_behind(
    engine: Engine, audit: AuditLog, fill: Fill
) -> None:
    fill(30)
    tamper(
        engine,
        "DELETE FROM audit_event WHERE seq > 25",
        "UPDATE audit_tail SET seq = 25, hash = (SELECT hash FROM audit_event WHERE seq = 25)",
    )
    assert first(audit.verify(engine)) == (ProblemKind.TRUNCATED, 26)


def test_a_cut_tail_with_its_checkpoints_is_found_from_the_head_file(
    engine: Engine, audit: AuditLog, fill: Fill
) -> None:
    fill(30)
    tamper(
        engine,
        "DELETE FROM audit_event WHERE seq > 15",
        "DELETE FROM audit_checkpoint WHERE seq > 15",
        "UPDATE audit_tail SET seq = 15, hash = (SELECT hash FROM audit_event WHERE seq = 15)",
    )
    assert first(audit.verify(engine)) == (ProblemKind.TRUNCATED, 16)


def test_without_the_head_file_a_tail_cut_with_its_checkpoints_goes_unnoticed(
    engine: Engine, audit: AuditLog, fill: Fill, signer: Ed25519Signer
) -> None:
    # The documented limit: the head file is what remembers the tail.
    fill(30)
    tamper(
        engine,
        "DELETE FROM audit_event WHERE seq > 15",
        "DELETE FROM audit_checkpoint WHERE seq > 10",
        "UPDATE audit_tail SET seq = 15, hash = (SELECT hash FROM audit_event WHERE seq = 15)",
    )
    assert AuditLog(verifiers=[signer]).verify(engine).ok
    assert not audit.verify(engine).ok


def test_a_missing_head_file_is_reported(
    engine: Engine, audit: AuditLog, fill: Fill, head_path: Path
) -> None:
    fill(20)
    head_path.unlink()
    assert first(audit.verify(engine)) == (ProblemKind.HEAD_MISSING, 20)


def test_a_forged_checkpoint_signature_is_found(
    engine: Engine, audit: AuditLog, fill: Fill
) -> None:
    fill(30)
    tamper(engine, "UPDATE audit_checkpoint SET signature = :s WHERE seq = 20", s=b"\1" * 64)
    assert first(audit.verify(engine)) == (ProblemKind.BAD_SIGNATURE, 20)


def test_a_checkpoint_signed_by_an_unknown_key_is_reported(
    engine: Engine, fill: Fill, head_path: Path
) -> None:
    fill(20)
    stranger = AuditLog(verifiers=[Ed25519Signer(key_id="someone-else")], head_path=head_path)
    report = stranger.verify(engine)
    assert first(report) == (ProblemKind.BAD_SIGNATURE, 10)
    assert report.key_ids == ("audit-test-1",)


def test_an_old_key_given_as_verifier_still_checks_old_checkpoints(
    engine: Engine, fill: Fill, signer: Ed25519Signer, head_path: Path
) -> None:
    fill(10)
    rotated = AuditLog(
        signer=Ed25519Signer(key_id="audit-test-2"),
        verifiers=[signer],
        head_path=head_path,
        checkpoint_every=10,
    )
    from mamori.db import transaction
    from tests.audit.conftest import entry

    with transaction(engine) as session:
        rotated.append_many(session, [entry(n) for n in range(10)])
    report = rotated.verify(engine)
    assert (report.ok, report.key_ids) == (True, ("audit-test-1", "audit-test-2"))


def test_events_appended_behind_the_api_are_found(
    engine: Engine, audit: AuditLog, fill: Fill
) -> None:
    fill(10)
    tamper(
        engine,
        """INSERT INTO audit_event (seq, body, hash)
           SELECT 11, replace(body, :old, :new), hash FROM audit_event WHERE seq = 10""",
        old='"seq":10,',
        new='"seq":11,',
    )
    assert first(audit.verify(engine)) == (ProblemKind.INSERTED, 11)


def test_each_independent_tampering_is_reported(
    engine: Engine, audit: AuditLog, fill: Fill
) -> None:
    fill(30)
    tamper(
        engine,
        """UPDATE audit_event SET body = replace(body, '"u-5"', '"u-6"') WHERE seq = 5""",
        "DELETE FROM audit_event WHERE seq = 22",
    )
    report = audit.verify(engine)
    assert [(p.kind, p.seq) for p in report.problems] == [
        (ProblemKind.EDITED, 5),
        (ProblemKind.DELETED, 22),
    ]


def test_a_table_rebuilt_without_generated_columns_is_reported(
    engine: Engine, audit: AuditLog, fill: Fill
) -> None:
    # The attacker rebuilds audit_event with a plain subject_id column, then points an event at
    # another subject: the bodies and the chain are untouched, but queries by subject would lie.
    fill(10)
    tamper(
        engine,
        "CREATE TABLE audit_copy (seq BIGINT PRIMARY KEY, body TEXT NOT NULL, "
        "hash BYTEA NOT NULL, subject_id TEXT, actor_id TEXT)".replace(
            "BYTEA", "BLOB" if engine.dialect.name == "sqlite" else "BYTEA"
        ),
        "INSERT INTO audit_copy SELECT seq, body, hash, subject_id, actor_id FROM audit_event",
        "DROP TABLE audit_event",
        "ALTER TABLE audit_copy RENAME TO audit_event",
        "UPDATE audit_event SET subject_id = 'u-9' WHERE seq = 3",
    )
    report = audit.verify(engine)
    assert first(report) == (ProblemKind.ALTERED, 0)
    assert [event.seq for event in audit.query(engine, subject_id="u-9")] == [9]


def test_verify_inside_the_callers_session_sees_one_consistent_log(
    engine: Engine, audit: AuditLog, fill: Fill
) -> None:
    from mamori.db import transaction

    fill(20)
    with transaction(engine) as session:
        report = audit.verify(session)
    assert (report.ok, report.events_checked) == (True, 20)


def test_appending_after_a_cut_tail_never_moves_the_head_past_the_evidence(
    engine: Engine, audit: AuditLog, fill: Fill, head_path: Path
) -> None:
    from mamori.audit import read_head

    fill(30)
    tamper(
        engine,
        "DELETE FROM audit_event WHERE seq > 15",
        "DELETE FROM audit_checkpoint WHERE seq > 15",
        "UPDATE audit_tail SET seq = 15, hash = (SELECT hash FROM audit_event WHERE seq = 15)",
    )
    fill(40)  # the application carries on: new events 16..55, checkpoints refused
    head = read_head(head_path)
    assert head is not None
    assert head.seq == 30
    report = audit.verify(engine)
    assert first(report) == (ProblemKind.EDITED, 11)
    assert "head file" in report.problems[0].message


def test_a_deleted_head_blocks_checkpoints_until_the_state_is_adopted(
    engine: Engine, audit: AuditLog, fill: Fill, head_path: Path
) -> None:
    from mamori.errors import IntegrityError

    fill(20)
    head_path.unlink()
    with pytest.raises(IntegrityError, match="adopt"):
        audit.checkpoint(engine)
    with pytest.raises(IntegrityError, match="missing"):
        audit.publish_head(engine)
    adopted = audit.publish_head(engine, adopt=True)
    assert adopted is not None
    assert adopted.seq == 20
    assert audit.verify(engine).ok
