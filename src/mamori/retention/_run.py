"""Erase or expire what is due: `run(session, now=None, dry_run=False)`.

Items go through the register (`erase` crypto-shreds a subject whose every item is due;
`delete_items` removes due voluntary items), records through their domain; each of those calls
audits itself, and the run adds one event of its own. Every run, dry or not, is recorded in
`retention_runs` (counts only) so that `mamori doctor` can tell when it last ran.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from mamori.accesslog import expire as expire_access_log
from mamori.errors import MamoriError
from mamori.register import REQUEST, Actor, RegisterSession
from mamori.retention import _records
from mamori.retention._plan import RetentionPlan, plan
from mamori.retention._tables import runs

__all__ = ["RETENTION_ACTOR", "RetentionRun", "RetentionSummary", "last_run", "run"]

RETENTION_ACTOR = Actor.system("retention")
"""The actor runs are made as unless told otherwise: audit events name it."""


@dataclass(frozen=True)
class RetentionSummary:
    """What one run did (or, dry, would do): counts, and the plan it followed."""

    run_id: str
    as_of: datetime
    dry_run: bool
    subjects_erased: int
    items_deleted: int
    records_expired: dict[str, int]
    blocked: int
    failed: int
    plan: RetentionPlan

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "as_of": self.as_of.isoformat(),
            "dry_run": self.dry_run,
            "subjects_erased": self.subjects_erased,
            "items_deleted": self.items_deleted,
            "records_expired": self.records_expired,
            "blocked": self.blocked,
            "failed": self.failed,
            "plan": self.plan.to_dict(),
        }


@dataclass(frozen=True)
class RetentionRun:
    """A recorded run, as `last_run` reads it back."""

    id: str
    started_at: datetime
    finished_at: datetime
    as_of: datetime
    dry_run: bool
    actor_id: str
    subjects_erased: int
    items_deleted: int
    records_expired: int
    blocked: int
    failed: int


def run(
    session: RegisterSession,
    now: datetime | None = None,
    *,
    dry_run: bool = False,
    actor: Actor = RETENTION_ACTOR,
    clock: Callable[[], datetime] | None = None,
) -> RetentionSummary:
    """Erase and expire what is due at `now` (the present when None) under the session's
    policy, in the session's transaction; `dry_run` only plans. The actor must be the system or
    staff allowed to handle requests and run provisions."""
    wall = clock or (lambda: datetime.now(UTC))
    started = wall()
    as_of = now if now is not None else started
    run_id = f"ret-{secrets.token_hex(8)}"
    the_plan = plan(session.connection, session.policy, as_of)
    if dry_run:
        erased, deleted, failed = the_plan.subjects_to_erase, the_plan.items_to_delete, 0
        expired = {name: the_plan.kind(name).due_now for name in _records.EXPIRING}
    else:
        erased, deleted, failed = _apply(session, actor, the_plan, run_id)
        expired = _records.expire(session, actor, as_of)
    # The access log's rows follow their items' retention (mamori.accesslog): counted as
    # records expired, rows deleted and values cleared.
    access = expire_access_log(session, actor, as_of, dry_run=dry_run)
    expired["access_log"] = access["rows_deleted"] + access["values_cleared"]
    blocked = sum(len(due.blocked) for due in the_plan.due if not due.erase)
    session.record_event(
        actor,
        "retention.run",
        "retention",
        None,
        rule="retention_dry_run" if dry_run else "retention_run",
        request_id=run_id,
    )
    summary = RetentionSummary(
        run_id, as_of, dry_run, erased, deleted, expired, blocked, failed, the_plan
    )
    _record(session.connection, summary, actor, started, wall())
    return summary


def _apply(
    session: RegisterSession, actor: Actor, the_plan: RetentionPlan, run_id: str
) -> tuple[int, int, int]:
    erased = deleted = failed = 0
    for due in the_plan.due:
        try:
            if due.erase:
                session.erase(actor, due.subject_id, reason="retention")
                erased += 1
            elif due.delete:
                session.delete_items(actor, due.subject_id, due.delete, REQUEST, request_id=run_id)
                deleted += len(due.delete)
        except MamoriError:
            # The register audited the refusal (an actor without the permission, a subject
            # erased meanwhile); the other subjects go on.
            failed += 1
    return erased, deleted, failed


def last_run(connection: Connection, *, include_dry_runs: bool = False) -> RetentionRun | None:
    """The run that finished last (real runs only, unless `include_dry_runs`)."""
    query = select(runs).order_by(runs.c.finished_at.desc()).limit(1)
    if not include_dry_runs:
        query = query.where(runs.c.dry_run.is_(False))
    row = connection.execute(query).first()
    if row is None:
        return None
    values = row._mapping
    return RetentionRun(
        id=values["id"],
        started_at=_aware(values["started_at"]),
        finished_at=_aware(values["finished_at"]),
        as_of=_aware(values["as_of"]),
        dry_run=bool(values["dry_run"]),
        actor_id=values["actor_id"],
        subjects_erased=values["subjects_erased"],
        items_deleted=values["items_deleted"],
        records_expired=values["records_expired"],
        blocked=values["blocked"],
        failed=values["failed"],
    )


def _record(
    connection: Connection,
    summary: RetentionSummary,
    actor: Actor,
    started: datetime,
    finished: datetime,
) -> None:
    counts = {
        kind.name: {"due_now": kind.due_now, "blocked": kind.blocked}
        for kind in summary.plan.kinds
        if kind.due_now or kind.blocked
    }
    connection.execute(
        insert(runs).values(
            id=summary.run_id,
            started_at=started,
            finished_at=finished,
            as_of=summary.as_of,
            dry_run=summary.dry_run,
            actor_id=actor.id,
            subjects_erased=summary.subjects_erased,
            items_deleted=summary.items_deleted,
            records_expired=sum(summary.records_expired.values()),
            blocked=summary.blocked,
            failed=summary.failed,
            counts=json.dumps(counts, sort_keys=True),
        )
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
