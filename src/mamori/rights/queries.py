"""Following requests: one request, a person's requests, and the staff's work queue."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from mamori.errors import AccessDeniedError, NotFoundError
from mamori.register import Actor, RegisterSession
from mamori.rights import _store
from mamori.rights._guard import HANDLE, REQUEST_PURPOSE, follower_rule, refuse_step
from mamori.rights._tables import requests
from mamori.rights.deadlines import urgency
from mamori.rights.model import QueueEntry, RightsRequest

__all__ = ["queue", "requests_of", "show"]

_RANK = {"overdue": 0, "near_due": 1, "on_time": 2}


def show(session: RegisterSession, actor: Actor, request_id: str) -> RightsRequest:
    """One request with its steps: for the person whose request it is, or a handler. Another
    person is told there is no such request, as if it did not exist (audited as refused)."""
    action = "request.show"
    try:
        request = _store.load(session.connection, request_id)
    except NotFoundError as error:
        shown = request_id if isinstance(request_id, str) else None
        refuse_step(session, actor, action, shown, None, "request_unknown", error)
    rule = follower_rule(session.policy, actor, request.subject_id)
    if rule is None:
        refuse_step(
            session,
            actor,
            action,
            request.id,
            request.subject_id,
            "request_owner",
            NotFoundError(f"no request {request.id}", field="request_id"),
        )
    session.record_event(
        actor, action, REQUEST_PURPOSE, request.subject_id, rule=rule, request_id=request.id
    )
    return request


def requests_of(session: RegisterSession, actor: Actor, subject_id: str) -> list[RightsRequest]:
    """Every request of `subject_id`, newest first: for the person themself or a handler."""
    action = "request.list"
    rule = follower_rule(session.policy, actor, subject_id)
    if rule is None:
        refuse_step(
            session,
            actor,
            action,
            None,
            subject_id if isinstance(subject_id, str) else None,
            "request_owner",
            AccessDeniedError(
                f"actor {actor.id} may see only their own requests, or needs {HANDLE}",
                rule="request_owner",
            ),
        )
    found = _store.load_many(
        session.connection,
        select(requests)
        .where(requests.c.subject_id == subject_id)
        .order_by(requests.c.received_at.desc(), requests.c.id),
    )
    session.record_event(actor, action, REQUEST_PURPOSE, subject_id, rule=rule)
    return found


def queue(connection: Connection, now: datetime) -> list[QueueEntry]:
    """Open requests for staff: overdue first, then near due (within three days), then by due
    date. Ids, kinds and dates only: no personal value; the caller checks that the reader may
    handle requests."""
    open_requests = _store.load_many(
        connection,
        select(requests)
        .where(requests.c.closed_at.is_(None))
        .order_by(requests.c.due_at, requests.c.received_at, requests.c.id),
    )
    entries = [QueueEntry(request, urgency(request.due_at, now)) for request in open_requests]
    return sorted(entries, key=lambda entry: (_RANK[entry.urgency], entry.request.due_at))
