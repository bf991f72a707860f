import pytest
from sqlalchemy import Engine, text

from mamori.db import on_commit, transaction

INSERT = text(
    "INSERT INTO audit_checkpoint (seq, hash, time_us, key_id, signature) "
    "VALUES (:seq, :hash, 0, 'k', :sig)"
)
PARAMS = {"hash": b"\0" * 32, "sig": b"s"}


def _seqs(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT seq FROM audit_checkpoint ORDER BY seq")).scalars())


def test_a_transaction_commits_when_the_block_succeeds(engine: Engine) -> None:
    with transaction(engine) as session:
        session.execute(INSERT, {"seq": 1, **PARAMS})
    assert _seqs(engine) == [1]


def test_a_transaction_rolls_back_when_the_block_raises(engine: Engine) -> None:
    def insert_then_fail() -> None:
        with transaction(engine) as session:
            session.execute(INSERT, {"seq": 1, **PARAMS})
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        insert_then_fail()
    assert _seqs(engine) == []


def test_on_commit_runs_only_after_the_commit(engine: Engine) -> None:
    seen: list[list[int]] = []
    with transaction(engine) as session:
        session.execute(INSERT, {"seq": 1, **PARAMS})
        on_commit(session, lambda: seen.append(_seqs(engine)))
        assert seen == []
    assert seen == [[1]]


def test_on_commit_callbacks_are_dropped_on_rollback(engine: Engine) -> None:
    seen: list[str] = []

    def register_then_fail() -> None:
        with transaction(engine) as session:
            on_commit(session, lambda: seen.append("ran"))
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        register_then_fail()
    assert seen == []


def test_a_rolled_back_savepoint_drops_pending_callbacks(engine: Engine) -> None:
    seen: list[str] = []
    with transaction(engine) as session:
        savepoint = session.begin_nested()
        session.execute(INSERT, {"seq": 1, **PARAMS})
        on_commit(session, lambda: seen.append("ran"))
        savepoint.rollback()
    assert (seen, _seqs(engine)) == ([], [])


def test_a_failing_callback_does_not_undo_the_commit(engine: Engine) -> None:
    def fail() -> None:
        raise OSError("disk full")

    with transaction(engine) as session:
        session.execute(INSERT, {"seq": 1, **PARAMS})
        on_commit(session, fail)
    assert _seqs(engine) == [1]


def test_releasing_a_savepoint_is_not_the_commit(engine: Engine) -> None:
    seen: list[str] = []

    def release_then_fail() -> None:
        with transaction(engine) as session:
            with session.begin_nested():
                on_commit(session, lambda: seen.append("ran"))
            raise RuntimeError("the outer transaction fails")

    with pytest.raises(RuntimeError):
        release_then_fail()
    assert seen == []
