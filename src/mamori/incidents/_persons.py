"""Listing persons concerned by an incident: the rows, one history entry, an event each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from mamori.incidents import _store
from mamori.incidents._guard import PURPOSE
from mamori.register import Actor, RegisterSession

__all__ = ["add_persons"]

_NONE: Mapping[str, object] = {}


def add_persons(
    session: RegisterSession,
    actor: Actor,
    rule: str,
    incident_id: str,
    subject_ids: Sequence[str],
    source: str,
    at: datetime,
    detail: Mapping[str, object] = _NONE,
) -> list[str]:
    """Adds the subjects not yet listed; returns those added, sorted."""
    added = _store.add_subjects(session.connection, incident_id, subject_ids, source, at)
    if added:
        _store.add_update(
            session.connection,
            incident_id,
            action="add_subjects",
            at=at,
            actor_kind=actor.kind,
            actor_id=actor.id,
            changes={"subjects_added": len(added), "source": source, **detail},
        )
    for subject_id in added:
        session.record_event(
            actor, "incident.subject", PURPOSE, subject_id, rule=rule, request_id=incident_id
        )
    return added
