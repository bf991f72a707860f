"""Engines for the two supported databases: SQLite (embedded default) and PostgreSQL (psycopg 3).

SQLite is configured on every new connection:

- ``journal_mode=WAL``: readers never block the writer, and a commit is one append to the WAL.
- ``synchronous=NORMAL``: in WAL mode a commit reaches the operating system before it returns, so
  it survives the *process* being killed at any instant (SIGKILL, OOM killer, a crash). It does not
  wait for the disk, so a power cut or kernel crash may lose the last commits (never corrupt the
  file). ``synchronous=FULL`` would close that window at the cost of an fsync per commit.
- ``foreign_keys=ON`` and a ``busy_timeout``: a writer waits for the lock instead of failing.
- Transactions start with ``BEGIN IMMEDIATE``: nearly every Mamori transaction writes (even a read
  in a register session appends its audit event), and taking the write lock up front means two
  writers queue on the busy timeout instead of one failing later when it upgrades a stale read
  snapshot. Read-only snapshots (`read_snapshot`) use a deferred ``BEGIN`` and never block
  writers.
- The pool hands out the connection used last (LIFO): its page cache is the warmest, and a
  connection left idle while others wrote must re-read what changed.
- Writers queue on a lock of their own before ``BEGIN IMMEDIATE`` rather than on SQLite's busy
  handler, which sleeps in steps of up to 100 ms: a thread lock within the process, and for a
  database file a lock on ``<database>-writer`` that the writers of other processes (the workers
  of ``mamori serve --workers N``, the CLI) take as well.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy
from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from mamori.errors import ConfigError, MamoriError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: writers of other processes meet busy_timeout
    fcntl = None  # type: ignore[assignment]

__all__ = ["create_engine", "read_snapshot"]

log = logging.getLogger(__name__)

_READ_ONLY = "mamori_read_only"
_SQLITE_DRIVERS = {"sqlite", "sqlite+pysqlite"}
_POSTGRES_ALIASES = {"postgresql", "postgres", "postgresql+psycopg"}


def _parse(url: str | URL) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(
            "the database URL cannot be parsed; give sqlite:///path/to/mamori.sqlite or "
            "postgresql+psycopg://user:password@host/dbname",
            field="database_url",
        ) from None
    if parsed.drivername in _POSTGRES_ALIASES:
        return parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername in _SQLITE_DRIVERS:
        return parsed.set(drivername="sqlite+pysqlite")
    raise ConfigError(
        f"database URL scheme '{parsed.drivername}' is not supported; use sqlite:/// or "
        "postgresql+psycopg://",
        field="database_url",
    )


def create_engine(url: str | URL, *, busy_timeout: float = 30.0, echo: bool = False) -> Engine:
    """An engine for `url`, configured as described in this module's docstring.

    ``postgresql://`` and ``postgres://`` URLs are read as ``postgresql+psycopg://``.
    """
    parsed = _parse(url)
    if parsed.drivername == "postgresql+psycopg":
        return sqlalchemy.create_engine(
            parsed,
            echo=echo,
            pool_pre_ping=True,
            connect_args={"application_name": "mamori"},
        )
    # An in-memory database lives in one connection per thread: no pool to order.
    pooling = {} if _in_memory(parsed) else {"pool_use_lifo": True}
    engine = sqlalchemy.create_engine(parsed, echo=echo, **pooling)
    _configure_sqlite(engine, busy_timeout_ms=int(busy_timeout * 1000))
    return engine


_AUTOCHECKPOINT = "mamori_sqlite_autocheckpoint"
SQLITE_AUTOCHECKPOINT = 1000
"""SQLite's own default: a commit that takes the write-ahead log past this many pages copies
the log into the database file before it returns."""


# A writer that finds the file lock taken polls it, from 50 µs up to 1 ms apart: a write
# transaction takes a fraction of a millisecond, and a blocking wait could not time out.
_FIRST_POLL = 0.00005
_LONGEST_POLL = 0.001


class SqliteWriters:
    """What the writers of one SQLite engine share in this process: the lock they queue on, and
    the log size past which a commit copies the log into the database file (0: never).

    The lock is a thread lock and, for a database file, an exclusive `flock` on the file
    `<database>-writer`, so that the writers of every process on the database queue on it. The
    operating system drops a file lock when its process ends, however it ends.
    """

    def __init__(self, database: str | None) -> None:
        self.autocheckpoint = SQLITE_AUTOCHECKPOINT
        # The driver connection whose transaction holds the lock, when one does.
        self.holder: object | None = None
        self._threads = threading.Lock()
        self._lock_path = None if database is None or fcntl is None else f"{database}-writer"
        self._lock_file: int | None = None

    def acquire(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for the lock; whether it is now held."""
        deadline = time.monotonic() + timeout
        if not self._threads.acquire(timeout=timeout):
            return False
        held = False
        try:
            held = self._lock_across_processes(deadline)
        finally:
            if not held:
                self._threads.release()
        return held

    def release(self) -> None:
        if self._lock_file is not None:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
        self._threads.release()

    def _lock_across_processes(self, deadline: float) -> bool:
        descriptor = self._opened_lock_file()
        if descriptor is None:
            return True
        pause = _FIRST_POLL
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                time.sleep(min(pause, left))
                pause = min(pause * 2, _LONGEST_POLL)

    def _opened_lock_file(self) -> int | None:
        if self._lock_file is None and self._lock_path is not None:
            try:
                self._lock_file = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as error:
                log.warning(
                    "no writer lock file beside the SQLite database (%s); writers of other "
                    "processes will meet the busy timeout instead",
                    error.strerror,
                )
                self._lock_path = None
                return None
            weakref.finalize(self, os.close, self._lock_file)
        return self._lock_file


_WRITERS: weakref.WeakKeyDictionary[Engine, SqliteWriters] = weakref.WeakKeyDictionary()


def sqlite_writers(engine: Engine) -> SqliteWriters:
    """The writers' state of an engine made by `create_engine` on SQLite."""
    return _WRITERS[engine]


def _in_memory(url: URL) -> bool:
    return url.database in (None, "", ":memory:")


def is_sqlite_file(engine: Engine) -> bool:
    """Whether `engine` is on an SQLite database file (not in memory, not PostgreSQL)."""
    return engine.dialect.name == "sqlite" and not _in_memory(engine.url)


def _configure_sqlite(engine: Engine, *, busy_timeout_ms: int) -> None:
    in_memory = _in_memory(engine.url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Autocommit at the driver level: SQLAlchemy's `begin` event below emits BEGIN itself, so
        # the driver never opens a transaction behind our back (or late, after a SELECT).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if not in_memory:
                mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    log.warning("SQLite refused WAL mode (got %s); concurrency will suffer", mode)
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    # Writers queue on a lock of their own before BEGIN IMMEDIATE (SqliteWriters): SQLite's busy
    # handler polls with sleeps of up to 100 ms, which under concurrent requests turns a
    # sub-millisecond wait into tens of milliseconds. Past the busy timeout, a writer goes on to
    # SQLite's own handling rather than wait forever.
    writers = _WRITERS[engine] = SqliteWriters(None if in_memory else engine.url.database)
    wait = busy_timeout_ms / 1000

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        read_only = bool(conn.get_execution_options().get(_READ_ONLY))
        mode = "DEFERRED" if read_only else "IMMEDIATE"
        # Straight to the driver: this runs for every transaction, and SQLAlchemy's execution
        # machinery would cost more than the BEGIN itself.
        driver: Any = conn.connection.driver_connection
        if not read_only and writers.acquire(timeout=wait):
            writers.holder = driver
        try:
            if conn.info.get(_AUTOCHECKPOINT) != writers.autocheckpoint:
                driver.execute(f"PRAGMA wal_autocheckpoint = {writers.autocheckpoint}")
                conn.info[_AUTOCHECKPOINT] = writers.autocheckpoint
            driver.execute(f"BEGIN {mode}")
        except sqlite3.OperationalError as error:
            _release_if_held_by(driver)
            # As SQLAlchemy would have raised it ("database is locked" past the busy timeout).
            raise OperationalError(f"BEGIN {mode}", None, error) from None
        except BaseException:
            _release_if_held_by(driver)
            raise

    def _release_if_held_by(connection: Any) -> None:
        # The pool's proxies name the driver's connection; the driver's own is itself.
        driver = getattr(connection, "driver_connection", connection)
        if driver is not None and writers.holder is driver:
            writers.holder = None
            writers.release()

    # Released once the COMMIT or ROLLBACK is done, not at SQLAlchemy's commit and rollback
    # events, which come before it: a writer let in earlier would find SQLite's lock still held
    # and sleep in the busy handler for at least a millisecond.
    dialect: Any = engine.dialect
    for step in ("do_commit", "do_rollback"):
        setattr(dialect, step, _then(getattr(dialect, step), _release_if_held_by))
    # A connection returned to the pool or dropped without either (closed, invalidated) must not
    # keep the lock.
    event.listen(engine.pool, "checkin", lambda dbapi, _record: _release_if_held_by(dbapi))
    event.listen(
        engine.pool, "invalidate", lambda dbapi, _record, _error: _release_if_held_by(dbapi)
    )


def _then(step: Callable[[Any], None], after: Callable[[Any], None]) -> Callable[[Any], None]:
    def run(connection: Any) -> None:
        try:
            step(connection)
        finally:
            after(connection)

    return run


@contextmanager
def read_snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection in a read transaction that sees one consistent snapshot and blocks no writer.

    SQLite: a deferred transaction (WAL gives it a snapshot at the first read). PostgreSQL:
    REPEATABLE READ, so every statement sees the database as of the first one. A write in it
    fails: PostgreSQL refuses it (a READ ONLY transaction); on SQLite it is undone when the
    block ends, which raises MamoriError.
    """
    options: dict[str, Any] = {_READ_ONLY: True}
    if engine.dialect.name == "postgresql":
        options["isolation_level"] = "REPEATABLE READ"
        options["postgresql_readonly"] = True
    with engine.connect() as conn:
        snapshot = conn.execution_options(**options)
        with snapshot.begin():
            # SQLite is checked afterwards: `PRAGMA query_only`, switched on and off as the
            # pool hands a connection to readers and writers, would expire every statement
            # the connection has prepared, each time.
            driver: Any = snapshot.connection.driver_connection
            changes = getattr(driver, "total_changes", None)
            yield snapshot
            if changes is not None and driver.total_changes != changes:
                raise MamoriError(
                    "a read snapshot wrote to the database, and its changes were undone: "
                    "write in a transaction (engine.begin(), register.session())"
                )
