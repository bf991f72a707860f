"""Engines for the two supported databases: SQLite (embedded default) and PostgreSQL (psycopg 3).

SQLite is configured on every new connection:

- ``journal_mode=WAL``: readers never block the writer, and a commit is one append to the WAL.
- ``synchronous=NORMAL``: in WAL mode a commit reaches the operating system before it returns, so
  it survives the *process* being killed at any instant (SIGKILL, OOM killer, a crash). It does not
  wait for the disk, so a power cut or kernel crash may lose the last commits (never corrupt the
  file). ``synchronous=FULL`` would close that window at the cost of an fsync per commit.
- ``foreign_keys=ON`` and a ``busy_timeout``: a writer waits for the lock instead of failing.
- Transactions start with ``BEGIN IMMEDIATE``: nearly every Mamori transaction writes (even a read
  appends its audit event), and taking the write lock up front means two writers queue on the busy
  timeout instead of one failing later when it upgrades a stale read snapshot. Read-only snapshots
  (`read_snapshot`) use a deferred ``BEGIN`` and never block writers.
- The pool hands out the connection used last (LIFO): its page cache is the warmest, and a
  connection left idle while others wrote must re-read what changed.
- Within one process, writers queue on a lock before ``BEGIN IMMEDIATE`` rather than on SQLite's
  busy handler, which sleeps in steps of up to 100 ms (the HTTP API's threads would wait for
  them); writers in other processes still meet the busy timeout.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy
from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from mamori.errors import ConfigError

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


_WRITER = "mamori_sqlite_writer"
_AUTOCHECKPOINT = "mamori_sqlite_autocheckpoint"
SQLITE_AUTOCHECKPOINT = 1000
"""SQLite's own default: a commit that takes the write-ahead log past this many pages copies
the log into the database file before it returns."""


@dataclass
class SqliteWriters:
    """What the writers of one SQLite engine share in this process: the lock they queue on, and
    the log size past which a commit copies the log into the database file (0: never)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    autocheckpoint: int = SQLITE_AUTOCHECKPOINT


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

    # Writers of this process queue on a lock of their own before BEGIN IMMEDIATE: SQLite's busy
    # handler polls with sleeps of up to 100 ms, which under concurrent requests turns a
    # sub-millisecond wait into tens of milliseconds. Other processes still meet the busy
    # timeout; past it, a writer goes on to SQLite's own handling rather than wait forever.
    shared = _WRITERS[engine] = SqliteWriters()
    writers = shared.lock
    wait = busy_timeout_ms / 1000

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = "DEFERRED" if conn.get_execution_options().get(_READ_ONLY) else "IMMEDIATE"
        if mode == "IMMEDIATE" and writers.acquire(timeout=wait):
            conn.info[_WRITER] = True
        # Straight to the driver: this runs for every transaction, and SQLAlchemy's execution
        # machinery would cost more than the BEGIN itself.
        driver: Any = conn.connection.driver_connection
        try:
            if conn.info.get(_AUTOCHECKPOINT) != shared.autocheckpoint:
                driver.execute(f"PRAGMA wal_autocheckpoint = {shared.autocheckpoint}")
                conn.info[_AUTOCHECKPOINT] = shared.autocheckpoint
            driver.execute(f"BEGIN {mode}")
        except BaseException:
            _release(conn.info)
            raise

    def _release(info: dict[Any, Any]) -> None:
        if info.pop(_WRITER, False):
            writers.release()

    event.listen(engine, "commit", lambda conn: _release(conn.info))
    event.listen(engine, "rollback", lambda conn: _release(conn.info))
    # A connection returned to the pool without a commit or rollback event (closed, invalidated)
    # must not keep the lock.
    event.listen(engine.pool, "checkin", lambda _dbapi, record: _release(record.info))


@contextmanager
def read_snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection in a read transaction that sees one consistent snapshot and blocks no writer.

    SQLite: a deferred transaction (WAL gives it a snapshot at the first read). PostgreSQL:
    REPEATABLE READ, so every statement sees the database as of the first one.
    """
    options: dict[str, Any] = {_READ_ONLY: True}
    if engine.dialect.name == "postgresql":
        options["isolation_level"] = "REPEATABLE READ"
    with engine.connect() as conn:
        snapshot = conn.execution_options(**options)
        with snapshot.begin():
            yield snapshot
