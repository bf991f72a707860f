"""Reading and writing the audit tables inside the caller's transaction.

Appends extend one chain, so they must happen one at a time: an appender locks the single
``audit_tail`` row (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the database write lock,
taken by ``BEGIN IMMEDIATE``) and holds it until the caller's transaction ends. A lock rather
than "insert, and retry on a duplicate seq" because the append joins a transaction that has
already done other work: a retry could not replay that work, only fail it. The primary key on
``seq`` stays as the backstop: two writers that bypassed the lock cannot both commit a seq.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, Table, insert, select
from sqlalchemy.orm import Session

from mamori.audit._canonical import encode_body
from mamori.audit._entry import AuditEntry, to_microseconds
from mamori.audit._models import AuditCheckpointRow, AuditEventRow, AuditTailRow
from mamori.audit._signing import Checkpoint
from mamori.errors import ConfigError, ConflictError

__all__ = [
    "Appended",
    "all_checkpoints",
    "as_connection",
    "checkpoint_at",
    "events_between",
    "insert_checkpoint",
    "insert_events",
    "lock_tail",
    "read_tail",
]

_EVENT: Table = AuditEventRow.__table__  # type: ignore[assignment]
_CHECKPOINT: Table = AuditCheckpointRow.__table__  # type: ignore[assignment]
_TAIL: Table = AuditTailRow.__table__  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class Appended:
    first: int
    last: int
    hash: bytes
    previous: bytes
    """The hash the chain had before these events (at seq first - 1)."""


def as_connection(db: Session | Connection) -> Connection:
    return db.connection() if isinstance(db, Session) else db


def lock_tail(conn: Connection) -> tuple[int, bytes]:
    """The last (seq, hash) of the chain, locked until the caller's transaction ends."""
    row = conn.execute(
        select(_TAIL.c.seq, _TAIL.c.hash).where(_TAIL.c.id == 1).with_for_update()
    ).one_or_none()
    if row is None:
        raise ConfigError("the audit tables are not migrated; run mamori.db.upgrade(engine)")
    return int(row.seq), bytes(row.hash)


def read_tail(conn: Connection, *, hold: bool = False) -> tuple[int, bytes]:
    """The last (seq, hash) the chain's tail row records.

    With `hold`, keep appenders out until the transaction ends (``FOR SHARE`` on PostgreSQL;
    SQLite transactions see one snapshot anyway), so that later reads see the same log.
    """
    statement = select(_TAIL.c.seq, _TAIL.c.hash).where(_TAIL.c.id == 1)
    if hold:
        statement = statement.with_for_update(read=True)
    row = conn.execute(statement).one_or_none()
    if row is None:
        raise ConfigError("the audit tables are not migrated; run mamori.db.upgrade(engine)")
    return int(row.seq), bytes(row.hash)


_SQL = {
    # (lock the tail, insert one event, move the tail), in each driver's parameter style
    "sqlite": (
        "SELECT seq, hash FROM audit_tail WHERE id = 1",
        "INSERT INTO audit_event (seq, body, hash) VALUES (?, ?, ?)",
        "UPDATE audit_tail SET seq = ?, hash = ? WHERE id = 1",
    ),
    "postgresql": (
        "SELECT seq, hash FROM audit_tail WHERE id = 1 FOR UPDATE",
        "INSERT INTO audit_event (seq, body, hash) VALUES (%s, %s, %s)",
        "UPDATE audit_tail SET seq = %s, hash = %s WHERE id = 1",
    ),
}


def insert_events(conn: Connection, entries: Sequence[AuditEntry], now_us: int) -> Appended:
    """Append `entries` after the locked tail and move the tail; the caller commits.

    Runs on the raw DBAPI cursor: SQLAlchemy's statement and per-row parameter handling would
    cost more than the hashing. Same connection, so the same transaction as the caller's.
    """
    if not conn.in_transaction():
        conn.begin()  # what executing a statement would do: the caller commits or rolls back
    dialect = conn.dialect.name
    lock, insert_one, move_tail = _SQL[dialect]
    raw: Any = conn.connection.dbapi_connection
    cursor = raw.cursor()
    try:
        cursor.execute(lock)
        row = cursor.fetchone()
        if row is None:
            raise ConfigError("the audit tables are not migrated; run mamori.db.upgrade(engine)")
        seq, previous = int(row[0]), bytes(row[1])
        first, before = seq + 1, previous
        sha256 = hashlib.sha256
        rows: list[tuple[int, str, bytes]] = []
        for entry in entries:
            seq += 1
            time_us = now_us if entry.time is None else to_microseconds(entry.time)
            body = encode_body(seq, time_us, entry)
            previous = sha256(previous + body.encode()).digest()
            rows.append((seq, body, previous))
        if not rows:
            return Appended(first, seq, previous, before)
        try:
            if dialect == "postgresql" and len(rows) > 1:
                with cursor.copy("COPY audit_event (seq, body, hash) FROM STDIN") as copy:
                    for event in rows:
                        copy.write_row(event)
            else:
                cursor.executemany(insert_one, rows)
        except conn.dialect.loaded_dbapi.IntegrityError:
            # The driver's message is not repeated: it may quote the rows.
            raise ConflictError(
                f"the database refused audit events from seq {first} (a writer that bypassed "
                "the tail lock took the seq, or a constraint or trigger on audit_event refused "
                "them); roll back and retry the transaction"
            ) from None
        cursor.execute(move_tail, (seq, previous))
        return Appended(first, seq, previous, before)
    finally:
        cursor.close()


def checkpoint_at(conn: Connection, seq: int) -> Checkpoint | None:
    row = conn.execute(select(_CHECKPOINT).where(_CHECKPOINT.c.seq == seq)).one_or_none()
    return None if row is None else _checkpoint(row)


def all_checkpoints(conn: Connection) -> list[Checkpoint]:
    return [_checkpoint(row) for row in conn.execute(select(_CHECKPOINT).order_by("seq"))]


def _checkpoint(row: Row[Any]) -> Checkpoint:
    return Checkpoint(
        seq=int(row.seq),
        hash=bytes(row.hash),
        time_us=int(row.time_us),
        key_id=str(row.key_id),
        signature=bytes(row.signature),
    )


def insert_checkpoint(conn: Connection, checkpoint: Checkpoint) -> None:
    conn.execute(
        insert(_CHECKPOINT).values(
            seq=checkpoint.seq,
            hash=checkpoint.hash,
            time_us=checkpoint.time_us,
            key_id=checkpoint.key_id,
            signature=checkpoint.signature,
        )
    )


def events_between(conn: Connection, after: int, upto: int) -> list[tuple[int, bytes, bytes]]:
    """(seq, body bytes, hash) of the events after seq `after` up to `upto`, in order."""
    raw: Any = conn.connection.dbapi_connection
    if conn.dialect.name == "postgresql":
        with raw.cursor() as cursor:
            cursor.execute(
                "SELECT seq, convert_to(body, 'UTF8'), hash FROM audit_event "
                "WHERE seq > %s AND seq <= %s ORDER BY seq",
                (after, upto),
                binary=True,
            )
            return [(int(seq), bytes(body), bytes(hash_)) for seq, body, hash_ in cursor]
    text_factory = raw.text_factory
    raw.text_factory = bytes
    try:
        cursor = raw.execute(
            "SELECT seq, body, hash FROM audit_event WHERE seq > ? AND seq <= ? ORDER BY seq",
            (after, upto),
        )
        return list(cursor)
    finally:
        raw.text_factory = text_factory
