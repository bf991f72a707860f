"""`AuditLog`: append, checkpoint, verify and query the audit log of one database."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from mamori.audit._checkpoints import check_head, check_segment, latest_trusted, make_checkpoint
from mamori.audit._entry import (
    ActorKind,
    AuditEntry,
    AuditEvent,
    Outcome,
    enum_value,
    key_tuple,
)
from mamori.audit._head import write_head
from mamori.audit._query import query_events
from mamori.audit._signing import Checkpoint, Signer, Verifier
from mamori.audit._store import Appended, as_connection, insert_events, lock_tail
from mamori.audit._verify import VerifyReport, verify_log
from mamori.db import on_commit, read_snapshot, transaction
from mamori.errors import ConfigError, IntegrityError, ValidationError

__all__ = ["DEFAULT_CHECKPOINT_EVERY", "AuditLog"]

log = logging.getLogger(__name__)

DEFAULT_CHECKPOINT_EVERY = 10_000

Database = Engine | Session | Connection


def _now_us() -> int:
    return time.time_ns() // 1000


class AuditLog:
    """The append-only, hash-chained audit log kept in a Mamori database.

    `signer` signs checkpoints (every `checkpoint_every` events and on demand); without one the
    chain is still kept and verified, but nothing is signed. `head_path` is the audit head file,
    kept outside the database (next to the keyring), that lets `verify` notice a cut-off tail.
    `verifiers` are further keys whose older checkpoints `verify` accepts (after a key rotation).

    Appends join the caller's transaction: the event commits, or not, with the access it records.
    """

    def __init__(
        self,
        *,
        signer: Signer | None = None,
        head_path: str | os.PathLike[str] | None = None,
        checkpoint_every: int = DEFAULT_CHECKPOINT_EVERY,
        verifiers: Iterable[Verifier] = (),
        clock: Callable[[], int] = _now_us,
    ) -> None:
        if checkpoint_every < 1:
            raise ValidationError("checkpoint_every must be 1 or more", field="checkpoint_every")
        self._signer = signer
        self.head_path = Path(head_path) if head_path is not None else None
        self.checkpoint_every = checkpoint_every
        self._verifiers: dict[str, Verifier] = {v.key_id: v for v in verifiers}
        if signer is not None:
            self._verifiers.setdefault(signer.key_id, signer)
        self._clock = clock
        # A (seq, hash) this process knows to be on the intact chain: it checked the chain up to
        # there, or appended that event itself under the tail lock. The next checkpoint re-reads
        # the chain from there rather than from the last checkpoint: less to read, and a rewrite
        # of events this process wrote is caught even before a checkpoint covers them.
        self._checked: tuple[int, bytes] | None = None

    def append(
        self,
        db: Session | Connection,
        *,
        actor_kind: ActorKind | str,
        actor_id: str,
        action: str,
        outcome: Outcome | str,
        rule: str,
        role: str | None = None,
        purpose: str | None = None,
        subject_id: str | None = None,
        item_keys: Iterable[str] = (),
        request_id: str | None = None,
        time: datetime | None = None,
    ) -> int:
        """Record one access in the caller's transaction; return its sequence number."""
        entry = AuditEntry(
            actor_kind=enum_value(ActorKind, "actor_kind", actor_kind),
            actor_id=actor_id,
            action=action,
            outcome=enum_value(Outcome, "outcome", outcome),
            rule=rule,
            role=role,
            purpose=purpose,
            subject_id=subject_id,
            item_keys=key_tuple(item_keys),
            request_id=request_id,
            time=time,
        )
        return self.append_many(db, [entry]).start

    def append_many(self, db: Session | Connection, entries: Iterable[AuditEntry]) -> range:
        """Record several accesses at once, in order; return their sequence numbers."""
        batch = list(entries)
        for entry in batch:
            if not isinstance(entry, AuditEntry):
                raise ValidationError("append_many takes AuditEntry objects", field="entries")
        conn = as_connection(db)
        appended = insert_events(conn, batch, self._clock())
        if self._checked == (appended.first - 1, appended.previous):
            self._checked = (appended.last, appended.hash)
        every = self.checkpoint_every
        if (
            batch
            and self._signer is not None
            and appended.last // every > (appended.first - 1) // every
        ):
            self._auto_checkpoint(db, conn, appended)
        return range(appended.first, appended.last + 1)

    def checkpoint(self, db: Database) -> Checkpoint:
        """Sign the chain's current end. With an Engine, in a transaction of its own."""
        if isinstance(db, Engine):
            with transaction(db) as session:
                return self.checkpoint(session)
        conn = as_connection(db)
        seq, chain_head = lock_tail(conn)
        made = self._make_checkpoint(conn, seq, chain_head)
        self._publish_after_commit(db, made)
        return made

    def publish_head(self, engine: Engine, *, adopt: bool = False) -> Checkpoint | None:
        """Write the newest committed checkpoint to the head file, if it is newer than the file's.

        Needed after appending through a `Connection` (whose commit cannot be watched) or after a
        crash between a commit and the head write; harmless at any other time. It refuses when
        the database contradicts the head file (a cut tail, a rewritten event, no head although
        checkpoints exist) unless `adopt`: replace the head with the database's state, a decision
        for after `mamori audit verify` (first configuration of a head, a restored backup).
        """
        if self.head_path is None:
            raise ConfigError("this AuditLog has no head_path to publish to", field="head_path")
        with read_snapshot(engine) as conn:
            checkpoint = latest_trusted(conn, self._verifiers)
            if checkpoint is None or checkpoint.seq == 0:
                return None
            check_segment(conn, checkpoint.seq, checkpoint.seq - 1, None, checkpoint.hash)
            if not adopt:
                check_head(conn, self.head_path, checkpoint.seq, self._verifiers)
        write_head(self.head_path, checkpoint, force=adopt)
        return checkpoint

    def verify(self, db: Database) -> VerifyReport:
        """Check the whole log: every event, checkpoint signature, the tail and the head file."""
        if isinstance(db, Engine):
            with read_snapshot(db) as conn:
                return self.verify(conn)
        return verify_log(as_connection(db), head_path=self.head_path, verifiers=self._verifiers)

    def query(
        self,
        db: Database,
        *,
        subject_id: str | None = None,
        actor_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        purpose: str | None = None,
        outcome: Outcome | str | None = None,
        limit: int = 100,
        offset: int = 0,
        newest_first: bool = False,
    ) -> list[AuditEvent]:
        """Events matching every filter given, oldest first; `since` inclusive, `until` not."""
        filters = {
            "subject_id": subject_id,
            "actor_id": actor_id,
            "since": since,
            "until": until,
            "purpose": purpose,
            "outcome": outcome,
            "limit": limit,
            "offset": offset,
            "newest_first": newest_first,
        }
        if isinstance(db, Engine):
            with read_snapshot(db) as conn:
                return query_events(conn, **filters)  # type: ignore[arg-type]
        return query_events(as_connection(db), **filters)  # type: ignore[arg-type]

    # Checkpoints -----------------------------------------------------------------------------

    def _auto_checkpoint(
        self, db: Session | Connection, conn: Connection, appended: Appended
    ) -> None:
        try:
            made = self._make_checkpoint(conn, appended.last, appended.hash)
        except IntegrityError as error:
            # The access itself is recorded; refusing it would not repair the log.
            log.error("audit checkpoint skipped: %s", error.message)
            return
        self._publish_after_commit(db, made)

    def _make_checkpoint(self, conn: Connection, seq: int, chain_head: bytes) -> Checkpoint:
        if self._signer is None:
            raise ConfigError(
                "checkpoints need a signer: AuditLog(signer=...), from the keyring",
                field="signer",
            )
        made = make_checkpoint(
            conn,
            seq,
            chain_head,
            signer=self._signer,
            verifiers=self._verifiers,
            head_path=self.head_path,
            clock=self._clock,
            known=self._checked,
        )
        self._checked = (seq, chain_head)
        return made

    def _publish_after_commit(self, db: Session | Connection, made: Checkpoint) -> None:
        if self.head_path is None:
            return
        if isinstance(db, Session):
            head_path = self.head_path

            def publish() -> None:
                write_head(head_path, made)

            on_commit(db, publish)
        else:
            log.debug("appended through a Connection: call publish_head() after the commit")
