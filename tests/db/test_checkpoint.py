"""WalCheckpointer: SQLite's log is copied by a thread of its own, and starts over."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine, text

from mamori.db import WalCheckpointer, create_engine
from mamori.errors import ConfigError


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    engine = create_engine(sqlite_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE pages (id INTEGER PRIMARY KEY, filler BLOB)"))
    yield engine
    engine.dispose()


def _write(engine: Engine, rows: int) -> None:
    for _ in range(rows):
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO pages (filler) VALUES (randomblob(3000))"))


def _autocheckpoint(engine: Engine) -> int:
    with engine.begin() as connection:
        pages: int = connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one()
    return pages


def test_while_it_runs_commits_leave_the_copy_to_it(sqlite_engine: Engine) -> None:
    checkpointer = WalCheckpointer(sqlite_engine, every=timedelta(hours=1))
    checkpointer.start()
    try:
        assert _autocheckpoint(sqlite_engine) == 0
    finally:
        checkpointer.stop(timeout=10)
    assert _autocheckpoint(sqlite_engine) == 1000


def test_a_run_copies_the_whole_log_and_the_log_starts_over(sqlite_engine: Engine) -> None:
    checkpointer = WalCheckpointer(sqlite_engine)
    _write(sqlite_engine, 50)
    done = checkpointer.run_once()
    assert done.log_pages >= 50
    assert done.copied_pages == done.log_pages
    _write(sqlite_engine, 1)
    assert checkpointer.run_once().log_pages < 10


def test_in_the_background_it_runs_at_once_then_every_interval(sqlite_engine: Engine) -> None:
    checkpointer = WalCheckpointer(sqlite_engine, every=timedelta(milliseconds=10))
    _write(sqlite_engine, 5)
    checkpointer.start()
    try:
        assert checkpointer.wait_for_runs(3, timeout=10)
    finally:
        checkpointer.stop(timeout=10)
    assert checkpointer.last_error is None
    assert checkpointer.last_result is not None


@pytest.mark.parametrize(
    "url", ["sqlite://", "postgresql+psycopg://user:pw@localhost/db"], ids=["memory", "postgres"]
)
def test_only_an_sqlite_file_has_a_log_to_copy(url: str) -> None:
    engine = create_engine(url)
    assert not WalCheckpointer.applies_to(engine)
    with pytest.raises(ConfigError, match="SQLite database file") as refused:
        WalCheckpointer(engine)
    assert refused.value.field == "database_url"
