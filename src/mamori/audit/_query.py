"""Reading events back: by subject, by actor, by time, purpose and outcome."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Table, select

from mamori.audit._canonical import decode_body
from mamori.audit._entry import AuditEvent, Outcome, enum_value, to_microseconds
from mamori.audit._models import AuditEventRow
from mamori.db import json_field
from mamori.errors import ValidationError

__all__ = ["MAX_LIMIT", "query_events"]

MAX_LIMIT = 10_000
_EVENT: Table = AuditEventRow.__table__  # type: ignore[assignment]


def query_events(
    conn: Connection,
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
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError(f"limit must be between 1 and {MAX_LIMIT}", field="limit")
    if offset < 0:
        raise ValidationError("offset must be 0 or more", field="offset")
    body = _EVENT.c.body
    statement = select(_EVENT.c.seq, body)
    if subject_id is not None:
        statement = statement.where(_EVENT.c.subject_id == subject_id)
    if actor_id is not None:
        statement = statement.where(_EVENT.c.actor_id == actor_id)
    if purpose is not None:
        statement = statement.where(json_field(body, "purpose") == purpose)
    if outcome is not None:
        wanted = enum_value(Outcome, "outcome", outcome)
        statement = statement.where(json_field(body, "outcome") == wanted.value)
    if since is not None:
        statement = statement.where(
            json_field(body, "time", integer=True) >= to_microseconds(since)
        )
    if until is not None:
        statement = statement.where(json_field(body, "time", integer=True) < to_microseconds(until))
    order = _EVENT.c.seq.desc() if newest_first else _EVENT.c.seq
    statement = statement.order_by(order).limit(limit).offset(offset)
    return [decode_body(seq, text) for seq, text in conn.execute(statement)]
