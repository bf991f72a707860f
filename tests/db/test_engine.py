import fcntl
import os
import sqlite3
import threading

import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from mamori.db import create_engine, read_snapshot, upgrade
from mamori.db._engine import sqlite_writers
from mamori.errors import ConfigError, MamoriError

COUNT = text("SELECT count(*) FROM audit_checkpoint")


def _add_row(conn: Connection, seq: int) -> None:
    # Any table the migrations make will do; audit_checkpoint has plain columns.
    conn.execute(
        text(
            "INSERT INTO audit_checkpoint (seq, hash, time_us, key_id, signature) "
            "VALUES (:seq, :hash, 0, 'k', :sig)"
        ),
        {"seq": seq, "hash": b"\0" * 32, "sig": b"s"},
    )


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        count: int = conn.execute(COUNT).scalar_one()
    return count


def test_sqlite_connections_use_wal_foreign_keys_and_normal_sync(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url, busy_timeout=7)
    with engine.connect() as conn:
        pragmas = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
        }
    engine.dispose()
    assert pragmas == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "synchronous": 1,
        "busy_timeout": 7000,
    }


def test_plain_postgresql_urls_use_psycopg_3() -> None:
    engine = create_engine("postgresql://user:pw@localhost/db")
    assert engine.url.drivername == "postgresql+psycopg"


def test_an_unsupported_scheme_is_refused_without_echoing_the_password() -> None:
    with pytest.raises(ConfigError) as caught:
        create_engine("mysql://user:hunter2@localhost/db")
    assert "mysql" in caught.value.message
    assert "hunter2" not in caught.value.message


def test_an_unparsable_url_says_what_a_url_looks_like() -> None:
    with pytest.raises(ConfigError, match=r"sqlite:///"):
        create_engine("not a url")


def test_a_read_snapshot_does_not_see_later_commits(engine: Engine) -> None:
    with read_snapshot(engine) as snapshot:
        before = snapshot.execute(COUNT).scalar_one()
        with engine.begin() as writer:
            _add_row(writer, 1)
        during = snapshot.execute(COUNT).scalar_one()
    assert (before, during, _count(engine)) == (0, 0, 1)


def test_a_read_snapshot_refuses_writes_and_its_connection_writes_again_after(
    engine: Engine,
) -> None:
    # PostgreSQL refuses the write; SQLite's is undone when the block ends.
    with pytest.raises((DBAPIError, MamoriError)), read_snapshot(engine) as snapshot:
        _add_row(snapshot, 1)
    assert _count(engine) == 0
    with engine.begin() as writer:  # the pool hands out the same connection
        _add_row(writer, 2)
    assert _count(engine) == 1


def test_two_sqlite_writers_queue_instead_of_failing(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    upgrade(engine)
    first_holds_lock = threading.Event()
    errors: list[BaseException] = []

    def second_writer() -> None:
        first_holds_lock.wait()
        try:
            with engine.begin() as conn:
                _add_row(conn, 2)
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=second_writer)
    thread.start()
    with engine.begin() as conn:
        _add_row(conn, 1)
        first_holds_lock.set()
        thread.join(0.3)  # meanwhile the second writer waits on the lock
    thread.join()
    count = _count(engine)
    engine.dispose()
    assert errors == []
    assert count == 2


def _lock_file_is_free(database: str) -> bool:
    # Another open file description, as another process would have: flock locks conflict
    # between descriptions even within one process.
    descriptor = os.open(f"{database}-writer", os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)
    return True


def test_a_writer_holds_the_lock_file_other_processes_queue_on(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    upgrade(engine)
    database = str(engine.url.database)
    with engine.begin() as conn:
        _add_row(conn, 1)
        held_while_writing = not _lock_file_is_free(database)
    with read_snapshot(engine):
        free_while_reading = _lock_file_is_free(database)
    engine.dispose()
    assert held_while_writing
    assert free_while_reading
    assert _lock_file_is_free(database)


def test_a_writer_gives_up_waiting_at_the_busy_timeout(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url, busy_timeout=0.2)
    upgrade(engine)
    database = str(engine.url.database)
    # Another process's writer, holding the lock file and SQLite's own lock.
    other = sqlite3.connect(database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    descriptor = os.open(f"{database}-writer", os.O_RDWR)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    try:
        with pytest.raises(OperationalError, match="database is locked"), engine.begin() as conn:
            _add_row(conn, 1)
    finally:
        other.rollback()
        other.close()
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        os.close(descriptor)
    with engine.begin() as conn:
        _add_row(conn, 2)
    count = _count(engine)
    engine.dispose()
    assert count == 1


def test_the_lock_is_released_only_once_the_commit_is_done(sqlite_url: str) -> None:
    # Released earlier, the next writer would find SQLite's own lock still taken and sleep in
    # its busy handler.
    engine = create_engine(sqlite_url)
    upgrade(engine)
    events: list[str] = []
    writers = sqlite_writers(engine)
    release = writers.release

    def recorded_release() -> None:
        events.append("lock released")
        release()

    writers.release = recorded_release  # type: ignore[method-assign]
    for step in ("commit", "rollback"):
        with engine.connect() as conn:
            conn.connection.driver_connection.set_trace_callback(events.append)  # type: ignore[union-attr]
            transaction = conn.begin()
            _add_row(conn, len(events))
            getattr(transaction, step)()
            conn.connection.driver_connection.set_trace_callback(None)  # type: ignore[union-attr]
    engine.dispose()
    assert [event for event in events if not event.startswith(("INSERT", "PRAGMA"))] == [
        "BEGIN IMMEDIATE",
        "COMMIT",
        "lock released",
        "BEGIN IMMEDIATE",
        "ROLLBACK",
        "lock released",
    ]
