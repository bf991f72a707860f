"""Reading and writing incident rows, in the caller's transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from mamori.errors import NotFoundError
from mamori.incidents._tables import incident_subjects, incident_updates, incidents
from mamori.incidents.model import Incident, IncidentUpdate

__all__ = [
    "add_subjects",
    "add_update",
    "insert_incident",
    "json_ready",
    "load",
    "load_all",
    "mark_notified",
    "save",
]

_TIMES = (
    "learned_at",
    "recorded_at",
    "occurred_at",
    "preliminary_reported_at",
    "final_reported_at",
    "closed_at",
)


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; every moment Mamori stores is UTC.
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def json_ready(changes: Mapping[str, object]) -> dict[str, object]:
    return {
        name: value.isoformat()
        if isinstance(value, datetime)
        else list(value)
        if isinstance(value, tuple)
        else value
        for name, value in changes.items()
    }


def _history(connection: Connection, incident_id: str) -> tuple[IncidentUpdate, ...]:
    rows = connection.execute(
        select(incident_updates)
        .where(incident_updates.c.incident_id == incident_id)
        .order_by(incident_updates.c.seq)
    )
    found = []
    for row in rows:
        at = _aware(row.at)
        assert at is not None
        found.append(
            IncidentUpdate(
                row.seq, row.action, at, row.actor_kind, row.actor_id, json.loads(row.changes)
            )
        )
    return tuple(found)


def _subjects(connection: Connection, incident_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    rows = connection.execute(
        select(incident_subjects.c.subject_id, incident_subjects.c.message_id)
        .where(incident_subjects.c.incident_id == incident_id)
        .order_by(incident_subjects.c.subject_id)
    ).all()
    return (
        tuple(row.subject_id for row in rows),
        tuple(row.subject_id for row in rows if row.message_id is not None),
    )


def _incident(connection: Connection, row: Mapping[Any, Any]) -> Incident:
    fields = dict(row)
    for name in _TIMES:
        fields[name] = _aware(fields[name])
    fields["items"] = tuple(json.loads(fields["items"]))
    fields["encrypted"] = bool(fields["encrypted"])
    fields["wrongful"] = bool(fields["wrongful"])
    subject_ids, notified = _subjects(connection, fields["id"])
    return Incident(
        **fields,
        subject_ids=subject_ids,
        notified=notified,
        history=_history(connection, fields["id"]),
    )


def load(connection: Connection, incident_id: str, *, for_update: bool = False) -> Incident:
    """The incident with its persons and history; NotFoundError when there is none."""
    query = select(incidents).where(incidents.c.id == incident_id)
    if for_update:
        query = query.with_for_update()
    row = connection.execute(query).mappings().first()
    if row is None:
        raise NotFoundError(
            f"no incident {incident_id}; `mamori incidents list` shows them", field="incident_id"
        )
    return _incident(connection, row)


def load_all(connection: Connection) -> list[Incident]:
    rows = list(connection.execute(select(incidents).order_by(incidents.c.learned_at)).mappings())
    return [_incident(connection, row) for row in rows]


def insert_incident(connection: Connection, fields: Mapping[str, object]) -> None:
    values = dict(fields)
    values["items"] = json.dumps(list(values["items"]))  # type: ignore[call-overload]
    connection.execute(insert(incidents).values(**values))


def save(connection: Connection, incident_id: str, changes: Mapping[str, object]) -> None:
    values = dict(changes)
    if "items" in values:
        values["items"] = json.dumps(list(values["items"]))  # type: ignore[call-overload]
    connection.execute(update(incidents).where(incidents.c.id == incident_id).values(**values))


def add_update(
    connection: Connection,
    incident_id: str,
    *,
    action: str,
    at: datetime,
    actor_kind: str,
    actor_id: str,
    changes: Mapping[str, object],
) -> None:
    last = connection.execute(
        select(func.max(incident_updates.c.seq)).where(
            incident_updates.c.incident_id == incident_id
        )
    ).scalar()
    connection.execute(
        insert(incident_updates).values(
            incident_id=incident_id,
            seq=(last or 0) + 1,
            action=action,
            at=at,
            actor_kind=actor_kind,
            actor_id=actor_id,
            changes=json.dumps(json_ready(changes), ensure_ascii=False, sort_keys=True),
        )
    )


def add_subjects(
    connection: Connection, incident_id: str, subject_ids: Iterable[str], source: str, at: datetime
) -> list[str]:
    """Adds the subjects not yet listed; returns those added, sorted."""
    known = set(
        connection.execute(
            select(incident_subjects.c.subject_id).where(
                incident_subjects.c.incident_id == incident_id
            )
        ).scalars()
    )
    new = sorted(set(subject_ids) - known)
    if new:
        connection.execute(
            insert(incident_subjects),
            [
                {
                    "incident_id": incident_id,
                    "subject_id": subject_id,
                    "source": source,
                    "added_at": at,
                }
                for subject_id in new
            ],
        )
    return new


def mark_notified(
    connection: Connection, incident_id: str, subject_id: str, message_id: str
) -> None:
    connection.execute(
        update(incident_subjects)
        .where(
            incident_subjects.c.incident_id == incident_id,
            incident_subjects.c.subject_id == subject_id,
        )
        .values(message_id=message_id)
    )
