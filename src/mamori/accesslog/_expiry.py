"""Retention of the access log: `expire` clears each field past its item's retention (and
deletes the rows left empty); `erase_subject` deletes a linked subject's rows and their key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, Connection, and_, delete, func, insert, select, update

from mamori.accesslog._declared import declarations
from mamori.accesslog._keys import key_id_of
from mamori.accesslog._tables import FIELDS, entries, keys
from mamori.errors import AccessDeniedError
from mamori.policy import Policy
from mamori.register import Actor, RegisterSession, has_permission

__all__ = ["EXPIRE_PERMISSION", "ExpiryCounts", "Outlook", "erase_subject", "expire", "outlook"]

EXPIRE_PERMISSION = "requests.handle"

ExpiryCounts = dict[str, int]


@dataclass(frozen=True)
class Outlook:
    """One point's log, for the retention report: rows held, rows with a value due now, and
    when the next one falls due (None when nothing is due later, or no period applies)."""

    point: str
    shortest: timedelta | None
    held: int
    due_now: int
    next_due: datetime | None


def outlook(connection: Connection, policy: Policy, now: datetime) -> list[Outlook]:
    """What `expire` would find at `now`, per declared point: counts and dates only."""
    found = []
    for declared in declarations(policy):
        periods = [declared.retention(policy, name) for name in declared.fields]
        shortest = min((period for period in periods if period is not None), default=None)
        point = entries.c.point == declared.point
        held = connection.execute(select(func.count()).select_from(entries).where(point))
        due_now, next_due = 0, None
        if shortest is not None:
            cutoff = _aware(now) - shortest
            due_now = _count(connection, and_(point, entries.c.at < cutoff))
            oldest = connection.execute(
                select(func.min(entries.c.at)).where(point, entries.c.at >= cutoff)
            ).scalar()
            next_due = _aware(oldest) + shortest if oldest is not None else None
        found.append(Outlook(declared.point, shortest, int(held.scalar_one()), due_now, next_due))
    return found


def _count(connection: Connection, where: ColumnElement[bool]) -> int:
    return int(
        connection.execute(select(func.count()).select_from(entries).where(where)).scalar_one()
    )


def expire(
    session: RegisterSession, actor: Actor, now: datetime | None = None, *, dry_run: bool = False
) -> ExpiryCounts:
    """Clear every value older than its item's retention period and delete the rows left
    empty, in the session's transaction; one audit event (not when `dry_run`, which only
    counts). Returns `{"rows_deleted": n, "values_cleared": m}`. For the system or staff with
    the requests.handle permission."""
    if not has_permission(session.policy, actor, EXPIRE_PERMISSION):
        session.record_event(
            actor, "accesslog.expire", "retention", None, allowed=False, rule="accesslog_role"
        )
        raise AccessDeniedError(
            f"actor {actor.id} may not expire the access log: it takes the "
            f"{EXPIRE_PERMISSION} permission",
            rule="accesslog_role",
        )
    moment = _aware(now) if now is not None else datetime.now(UTC)
    connection = session.connection
    deleted = cleared = 0
    items: set[str] = set()
    for declared in declarations(session.policy):
        periods = {name: declared.retention(session.policy, name) for name in declared.fields}
        due = {name: moment - period for name, period in periods.items() if period is not None}
        if not due:
            continue
        items.update(declared.fields[name] for name in due)
        point = entries.c.point == declared.point
        kept_whole = point
        if len(due) == len(periods):  # every field expires: rows past the shortest go whole
            oldest = min(due.values())
            deleted += _apply(connection, and_(point, entries.c.at < oldest), dry_run)
            kept_whole = and_(point, entries.c.at >= oldest)
        for name, cutoff in due.items():
            column = entries.c[name]
            stale = and_(kept_whole, entries.c.at < cutoff, column.is_not(None))
            cleared += _apply(connection, stale, dry_run, clear=name)
        empty = and_(point, *(entries.c[name].is_(None) for name in FIELDS))
        deleted += _apply(connection, empty, dry_run)
    if not dry_run:
        session.record_event(
            actor, "accesslog.expire", "retention", None, sorted(items), rule="accesslog_retention"
        )
    return {"rows_deleted": deleted, "values_cleared": cleared}


def erase_subject(connection: Connection, policy: Policy, subject_id: str) -> int:
    """Delete the subject's linked rows and destroy their data key; returns how many rows.
    The register's erasure calls it (the erasure is what the audit log records). Where the
    policy links a log to subjects, the key stays as a tombstone: rows a service still sends
    for the erased subject are dropped, not written under a new key."""
    # The key first: a batch being written holds it (AccessLog), so the rows are deleted
    # only once that batch has committed them, or the batch sees the key gone.
    key_id = key_id_of(subject_id)
    connection.execute(delete(keys).where(keys.c.id == key_id))
    if any(declared.linked for declared in declarations(policy)):
        moment = datetime.now(UTC)
        connection.execute(
            insert(keys).values(id=key_id, wrapped=None, created_at=moment, destroyed_at=moment)
        )
    gone = connection.execute(delete(entries).where(entries.c.subject_id == subject_id))
    return int(gone.rowcount or 0)


def _apply(
    connection: Connection, where: ColumnElement[bool], dry_run: bool, *, clear: str | None = None
) -> int:
    if dry_run:
        found = connection.execute(select(func.count()).select_from(entries).where(where))
        return int(found.scalar_one())
    if clear is not None:
        result = connection.execute(update(entries).where(where).values({clear: None}))
    else:
        result = connection.execute(delete(entries).where(where))
    return int(result.rowcount or 0)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
