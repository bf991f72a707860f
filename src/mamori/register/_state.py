"""What one register session knows while it runs: its connection, the loaded subject rows, and
the audit trail it must not lose. Internal to the register package."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from mamori.crypto import ValueCipher
from mamori.errors import AccessDeniedError, MamoriError, NotFoundError
from mamori.register.access import Decision
from mamori.register.actors import Actor
from mamori.register.tables import subjects

if TYPE_CHECKING:
    from mamori.register.register import Register

__all__ = [
    "IRREVERSIBLE_ACTIONS",
    "AuditEntry",
    "CipherCache",
    "SessionState",
    "SubjectRow",
    "made_checkpoint",
    "utcnow",
]


def utcnow() -> datetime:
    return datetime.now(UTC)


def made_checkpoint(appended: range, every: int) -> bool:
    """Whether appending the events numbered `appended` completed a checkpoint (one per `every`
    events)."""
    return bool(appended) and appended[-1] // every > (appended[0] - 1) // every


@dataclass(frozen=True)
class SubjectRow:
    id: str
    kind: str
    erased: bool
    key_ref: str | None
    suspended: frozenset[str]


@dataclass(frozen=True)
class AuditEntry:
    """One audit event as the register describes it: ids and keys, never values."""

    actor: Actor
    action: str
    purpose: str
    subject_id: str | None
    item_keys: tuple[str, ...]
    allowed: bool
    rule: str
    request_id: str | None = None
    """The request, release or record the event stands for, when there is one."""


class CipherCache:
    """Unwrapped data keys by key reference (a new subject under an old id gets a new
    reference, so it never meets the old key). Bounded: the least recently used goes first."""

    def __init__(self, capacity: int = 50_000) -> None:
        self._capacity = capacity
        self._ciphers: OrderedDict[str, ValueCipher] = OrderedDict()

    def get(self, key_ref: str, load: Callable[[str], ValueCipher]) -> ValueCipher:
        cipher = self._ciphers.get(key_ref)
        if cipher is None:
            cipher = load(key_ref)
            self.put(key_ref, cipher)
        else:
            self._ciphers.move_to_end(key_ref)
        return cipher

    def __contains__(self, key_ref: str) -> bool:
        return key_ref in self._ciphers

    def put(self, key_ref: str, cipher: ValueCipher) -> None:
        self._ciphers[key_ref] = cipher
        if len(self._ciphers) > self._capacity:
            self._ciphers.popitem(last=False)

    def forget(self, key_ref: str | None) -> None:
        if key_ref is not None:
            self._ciphers.pop(key_ref, None)

    def clear(self) -> None:
        self._ciphers.clear()


IRREVERSIBLE_ACTIONS = frozenset({"read", "find", "authenticate", "inspect", "erase"})
"""Actions whose effect a rollback cannot undo: data already handed to the caller, a data key
already destroyed. Their events must outlive the transaction, like refusals."""

# The read path's one query, on the raw DBAPI cursor (SQLAlchemy's per-statement work would
# cost more than the query itself). A subject with no values yields one row with NULL item.
_SUBJECT_WITH_VALUES = (
    "SELECT s.id, s.kind, s.erased_at, s.key_ref, s.suspended, v.item_key, v.ciphertext "
    "FROM register_subjects s LEFT JOIN register_values v ON v.subject_id = s.id "
    "WHERE s.id IN ({markers})"
)


@dataclass
class SessionState:
    """A session's connection, its buffered audit events and what must outlive a rollback.

    Events are buffered and appended in one batch when the session ends (`flush`): one move of
    the audit chain's tail per transaction instead of one per access.
    """

    register: Register
    connection: Connection
    pending: list[AuditEntry] = field(default_factory=list)
    kept: list[AuditEntry] = field(default_factory=list)
    """Refusals and irreversible accesses recorded in this transaction, in order; if it rolls
    back they are recorded again (a rolled-back write did not happen and leaves no event)."""
    events: int = 0
    checkpointed: bool = False
    """An event of this transaction completed a checkpoint: publish the head after commit."""
    _cursor: Any = None

    def record(self, entry: AuditEntry) -> None:
        self.pending.append(entry)
        self.events += 1
        if not entry.allowed or entry.action in IRREVERSIBLE_ACTIONS:
            self.kept.append(entry)

    def flush(self) -> None:
        """Append the buffered events to the audit log, in this transaction."""
        if self.pending:
            appended = self.register.append_audit(self.connection, self.pending)
            self.checkpointed |= made_checkpoint(appended, self.register.audit.checkpoint_every)
            self.pending.clear()

    @contextmanager
    def operation(self, entry: AuditEntry) -> Iterator[None]:
        """One public operation: a MamoriError that escapes before any event was recorded is
        recorded as a refusal of `entry`, with the error's code as the rule."""
        before = self.events
        try:
            yield
        except MamoriError as error:
            if self.events == before:
                rule = getattr(error, "rule", None) or error.code
                self.record(replace(entry, allowed=False, rule=rule))
            raise

    def check(self, decision: Decision, entry: AuditEntry) -> None:
        """Record a refusal and raise AccessDeniedError; an allowed decision records nothing
        yet: the caller records it once the operation has done its work."""
        if not decision.allowed:
            self.record(replace(entry, allowed=False, rule=decision.rule))
            raise AccessDeniedError(decision.reason, rule=decision.rule)

    def allowed(self, decision: Decision, entry: AuditEntry) -> None:
        self.record(replace(entry, allowed=True, rule=decision.rule, item_keys=decision.items))

    @property
    def cursor(self) -> Any:
        if self._cursor is None:
            self._cursor = self.connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        return self._cursor

    def close(self) -> None:
        if self._cursor is not None:
            self._cursor.close()
            self._cursor = None

    @property
    def marker(self) -> str:
        return "?" if self.connection.dialect.paramstyle == "qmark" else "%s"

    def insert_many(self, table: str, rows: list[dict[str, object]]) -> None:
        """Insert rows (dicts with the same keys) into one of the register's tables."""
        columns = list(rows[0])
        statement = (
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join([self.marker] * len(columns))})"
        )
        self.cursor.executemany(
            statement, [tuple(row[column] for column in columns) for row in rows]
        )

    def subject_with_values(self, subject_id: str) -> tuple[SubjectRow | None, dict[str, bytes]]:
        """The subject's row and its item ciphertexts, in one query."""
        return self.subjects_with_values([subject_id]).get(subject_id, (None, {}))

    def subjects_with_values(
        self, subject_ids: Sequence[str]
    ) -> dict[str, tuple[SubjectRow, dict[str, bytes]]]:
        """Each known subject's row and item ciphertexts, in one query."""
        cursor = self.cursor
        markers = ", ".join([self.marker] * len(subject_ids))
        cursor.execute(_SUBJECT_WITH_VALUES.format(markers=markers), tuple(subject_ids))
        found: dict[str, tuple[SubjectRow, dict[str, bytes]]] = {}
        for subject_id, kind, erased_at, key_ref, suspended, item, blob in cursor.fetchall():
            if subject_id not in found:
                row = SubjectRow(
                    subject_id, kind, erased_at is not None, key_ref, frozenset(suspended.split())
                )
                found[subject_id] = (row, {})
            if item is not None:
                found[subject_id][1][item] = bytes(blob)
        return found

    def subject_row(self, subject_id: str, *, for_update: bool = False) -> SubjectRow | None:
        query = select(
            subjects.c.id,
            subjects.c.kind,
            subjects.c.erased_at,
            subjects.c.key_ref,
            subjects.c.suspended,
        ).where(subjects.c.id == subject_id)
        if for_update:
            query = query.with_for_update()
        row = self.connection.execute(query).first()
        if row is None:
            return None
        return SubjectRow(
            row.id,
            row.kind,
            row.erased_at is not None,
            row.key_ref,
            frozenset(row.suspended.split()),
        )

    def existing_subject(
        self, actor: Actor, action: str, purpose: str, subject_id: str, items: tuple[str, ...] = ()
    ) -> SubjectRow:
        """The subject's row; an unknown or erased subject is audited and raises NotFoundError."""
        return self.require(self.subject_row(subject_id), actor, action, purpose, subject_id, items)

    def require(
        self,
        row: SubjectRow | None,
        actor: Actor,
        action: str,
        purpose: str,
        subject_id: str,
        items: tuple[str, ...] = (),
    ) -> SubjectRow:
        if row is None or row.erased:
            rule = "subject_unknown" if row is None else "subject_erased"
            self.record(AuditEntry(actor, action, purpose, subject_id, items, False, rule))
            state = "no subject" if row is None else "an erased subject"
            raise NotFoundError(f"{subject_id} is {state}", field="subject_id", rule=rule)
        return row
