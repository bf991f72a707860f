"""Recording an incident and each change to it: every field checked first, the change
appended to its history and audited; nothing is ever overwritten without a trace.

    with register.session() as session:
        incident = record_incident(session, officer, kind="unauthorised_access",
                                   learned_at=learned, occurred_at=occurred,
                                   items=["email", "name"], summary="...", wrongful=True)
        update_incident(session, officer, incident.id, {"measures": "..."})
        update_incident(session, officer, incident.id, status="reported_preliminary")
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from mamori.audit import ID_PATTERN
from mamori.errors import ConflictError, ValidationError
from mamori.incidents import _store
from mamori.incidents._fields import check_changes, check_consistent
from mamori.incidents._guard import PURPOSE, require_manager, shown
from mamori.incidents._persons import add_persons
from mamori.incidents.assessment import must_report
from mamori.incidents.model import STATUSES, Incident
from mamori.register import Actor, RegisterSession

__all__ = ["TRANSITIONS", "add_subjects", "record_incident", "show_incident", "update_incident"]

TRANSITIONS: Mapping[str, tuple[str, ...]] = {
    "open": ("reported_preliminary", "reported_final", "closed"),
    "reported_preliminary": ("reported_final",),
    "reported_final": ("closed",),
    "closed": (),
}
"""The status moves forward only; closing an open incident needs it not to be reportable."""
_REPORTED_AT = {
    "reported_preliminary": "preliminary_reported_at",
    "reported_final": "final_reported_at",
    "closed": "closed_at",
}
_STATUS_FIELDS = frozenset({"status", *_REPORTED_AT.values()})
_ID = re.compile(ID_PATTERN)
_EMPTY: Mapping[str, object] = {}


def record_incident(
    session: RegisterSession,
    actor: Actor,
    *,
    kind: str,
    learned_at: datetime,
    items: Sequence[str],
    summary: str,
    occurred_at: datetime | None = None,
    persons_estimate: int | None = None,
    subject_ids: Sequence[str] = (),
    encrypted: bool = False,
    wrongful: bool = False,
    cause: str | None = None,
    measures: str | None = None,
    secondary_harm: str | None = None,
    gdpr_risk: str | None = None,
    gdpr_risk_reason: str | None = None,
    at: datetime | None = None,
) -> Incident:
    """Record an incident, status "open". `learned_at` is when the operator learned of it
    (deadlines count from it); `items` are policy item keys; the persons are `subject_ids`
    (each must exist) or `persons_estimate`, or both. Bad input raises and stores nothing."""
    action = "incident.record"
    rule = require_manager(session, actor, action)
    fields = check_changes(
        session.policy,
        {
            "kind": kind,
            "learned_at": learned_at,
            "occurred_at": occurred_at,
            "items": list(items) if isinstance(items, Sequence) else items,
            "persons_estimate": persons_estimate,
            "summary": summary,
            "encrypted": encrypted,
            "wrongful": wrongful,
            "cause": cause,
            "measures": measures,
            "secondary_harm": secondary_harm,
            "gdpr_risk": gdpr_risk,
            "gdpr_risk_reason": gdpr_risk_reason,
        },
    )
    check_consistent(fields)
    subjects = _subject_ids(subject_ids)
    for subject_id in subjects:
        session.require_subject(actor, action, PURPOSE, subject_id)
    now = at or datetime.now(UTC)
    incident_id = uuid.uuid4().hex
    connection = session.connection
    _store.insert_incident(
        connection, {**fields, "id": incident_id, "status": "open", "recorded_at": now}
    )
    _store.add_update(
        connection,
        incident_id,
        action="record",
        at=now,
        actor_kind=actor.kind,
        actor_id=actor.id,
        changes={**fields, "status": "open"},
    )
    session.record_event(actor, action, PURPOSE, None, rule=rule, request_id=incident_id)
    add_persons(session, actor, rule, incident_id, subjects, "manual", now)
    return _store.load(connection, incident_id)


def update_incident(
    session: RegisterSession,
    actor: Actor,
    incident_id: str,
    changes: Mapping[str, object] = _EMPTY,
    *,
    status: str | None = None,
    at: datetime | None = None,
) -> Incident:
    """Change fields (`changes`: field to new value) and/or move the status forward; the
    change is appended to the history and audited. `at` dates a status change (a report made
    earlier); now by default."""
    action = "incident.update"
    rule = require_manager(session, actor, action, shown(incident_id))
    connection = session.connection
    incident = _store.load(connection, incident_id, for_update=True)
    checked = check_changes(session.policy, changes)
    if not checked and status is None:
        raise ValidationError("nothing to change: give fields or a status", field="changes")
    current = {name: getattr(incident, name) for name in checked}
    check_consistent({**incident.__dict__, **checked})
    moment = at or datetime.now(UTC)
    if at is not None and at.tzinfo is None:
        raise ValidationError("at must be timezone-aware", field="at")
    if status is not None:
        checked.update(_status_change(session, incident, checked, status, moment))
    changed = {name: value for name, value in checked.items() if current.get(name, ...) != value}
    if not changed:
        return incident
    _store.save(connection, incident.id, changed)
    _store.add_update(
        connection,
        incident.id,
        action="status" if set(changed) <= _STATUS_FIELDS else "update",
        at=moment,
        actor_kind=actor.kind,
        actor_id=actor.id,
        changes=changed,
    )
    session.record_event(actor, action, PURPOSE, None, rule=rule, request_id=incident.id)
    return _store.load(connection, incident.id)


def _status_change(
    session: RegisterSession,
    incident: Incident,
    checked: Mapping[str, object],
    status: str,
    at: datetime,
) -> dict[str, object]:
    if status not in STATUSES:
        raise ValidationError(f"status is one of {', '.join(STATUSES)}", field="status")
    if status == incident.status:
        return {}
    allowed = TRANSITIONS[incident.status]
    if status not in allowed:
        raise ConflictError(
            f"incident {incident.id} is {incident.status}: it can move to "
            f"{', '.join(allowed) or 'nothing (it is closed)'}, not {status}",
            field="status",
        )
    if status == "closed" and incident.status == "open":
        after = Incident(**{**incident.__dict__, **checked})
        if must_report(after, session.policy).must_report:
            raise ConflictError(
                f"incident {incident.id} must be reported (`mamori incidents assess`): report "
                "it (status reported_preliminary, reported_final) before closing it",
                field="status",
            )
    return {"status": status, _REPORTED_AT[status]: at}


def add_subjects(
    session: RegisterSession,
    actor: Actor,
    incident_id: str,
    subject_ids: Sequence[str],
    *,
    at: datetime | None = None,
) -> list[str]:
    """List persons concerned by id (each must exist and not be erased); returns the ids
    added (those not yet listed). Each person added is audited."""
    action = "incident.add_subjects"
    rule = require_manager(session, actor, action, shown(incident_id))
    incident = _store.load(session.connection, incident_id, for_update=True)
    subjects = _subject_ids(subject_ids)
    if not subjects:
        raise ValidationError("give at least one subject id", field="subject_ids")
    for subject_id in subjects:
        session.require_subject(actor, action, PURPOSE, subject_id)
    return add_persons(
        session, actor, rule, incident.id, subjects, "manual", at or datetime.now(UTC)
    )


def show_incident(session: RegisterSession, actor: Actor, incident_id: str) -> Incident:
    """The incident with its persons and history (for those who work incidents)."""
    require_manager(session, actor, "incident.show", shown(incident_id))
    return _store.load(session.connection, incident_id)


def _subject_ids(subject_ids: object) -> list[str]:
    if isinstance(subject_ids, str) or not isinstance(subject_ids, Sequence):
        raise ValidationError("subject_ids is a list of subject ids", field="subject_ids")
    for subject_id in subject_ids:
        if not isinstance(subject_id, str) or not _ID.fullmatch(subject_id):
            raise ValidationError(
                "a subject id is an opaque id (letters, digits and _ . : -), never a name or an "
                "e-mail address",
                field="subject_ids",
            )
    return sorted(set(subject_ids))
