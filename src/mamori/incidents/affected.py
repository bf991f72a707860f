"""Finding the persons an incident concerns in the audit log: every subject whose data a given
actor (a compromised staff account, a leaked application key) reached between two moments.

    with register.session() as session:
        found = add_affected_from_audit(session, officer, incident.id, actor_id="st-9",
                                        since=breach_start, until=breach_end)
        found.added       # subject ids listed on the incident by this call
        found.item_keys   # the items that actor read: added to the incident's items
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from mamori.audit import ID_PATTERN, AuditLog
from mamori.errors import ValidationError
from mamori.incidents import _store
from mamori.incidents._guard import PURPOSE, require_manager, shown
from mamori.incidents._persons import add_persons
from mamori.register import Actor, RegisterSession

__all__ = ["DATA_LEAVING", "AffectedFromAudit", "add_affected_from_audit", "subjects_reached"]

DATA_LEAVING: tuple[str, ...] = ("read", "export", "provide")
"""The audited actions by which data left the register (allowed ones only)."""
_PAGE = 10_000
_ID = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class AffectedFromAudit:
    """What the audit log showed: the subjects reached, those newly listed on the incident, the
    items reached (and those no longer in the policy), and how many events were read."""

    found: tuple[str, ...]
    added: tuple[str, ...]
    item_keys: tuple[str, ...]
    items_not_in_policy: tuple[str, ...]
    events: int

    def to_dict(self) -> dict[str, object]:
        return {name: list(v) if isinstance(v, tuple) else v for name, v in self.__dict__.items()}


def _moment(moment: object, name: str) -> datetime:
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        raise ValidationError(f"{name} must be a timezone-aware moment", field=name)
    return moment


def _window(actor_id: object, since: object, until: object) -> tuple[str, datetime, datetime]:
    if not isinstance(actor_id, str) or not _ID.fullmatch(actor_id):
        raise ValidationError("actor_id is the audited id of an actor (st-9)", field="actor_id")
    start, end = _moment(since, "since"), _moment(until, "until")
    if end <= start:
        raise ValidationError("until must be after since", field="until")
    return actor_id, start, end


def subjects_reached(
    session: RegisterSession,
    actor_id: str,
    since: datetime,
    until: datetime,
    actions: Iterable[str] = DATA_LEAVING,
) -> tuple[set[str], set[str], int]:
    """The subjects and items `actor_id` reached by `actions`, allowed, in [since, until), and
    the number of such events; read through the audit log's query API."""
    audit = AuditLog()
    wanted = set(actions)
    subjects: set[str] = set()
    items: set[str] = set()
    count = offset = 0
    while True:
        page = audit.query(
            session.connection,
            actor_id=actor_id,
            since=since,
            until=until,
            outcome="allowed",
            limit=_PAGE,
            offset=offset,
        )
        for event in page:
            if event.action in wanted and event.subject_id is not None:
                subjects.add(event.subject_id)
                items.update(event.item_keys)
                count += 1
        if len(page) < _PAGE:
            return subjects, items, count
        offset += _PAGE


def add_affected_from_audit(
    session: RegisterSession,
    actor: Actor,
    incident_id: str,
    *,
    actor_id: str,
    since: datetime,
    until: datetime,
    actions: Iterable[str] = DATA_LEAVING,
    add_items: bool = True,
    at: datetime | None = None,
) -> AffectedFromAudit:
    """List on the incident every subject `actor_id` reached in [since, until) (and, with
    `add_items`, the items reached among the incident's items). Audited like any change."""
    action = "incident.add_subjects"
    rule = require_manager(session, actor, action, shown(incident_id))
    who, start, end = _window(actor_id, since, until)
    connection = session.connection
    incident = _store.load(connection, incident_id, for_update=True)
    subjects, items, count = subjects_reached(session, who, start, end, actions)
    moment = at or datetime.now(UTC)
    detail = {"actor_id": who, "since": start.isoformat(), "until": end.isoformat()}
    added = add_persons(
        session, actor, rule, incident.id, sorted(subjects), "audit", moment, detail
    )
    known = tuple(sorted(key for key in items if key in session.policy.items))
    if add_items and set(known) - set(incident.items):
        merged = tuple(sorted(set(incident.items) | set(known)))
        _store.save(connection, incident.id, {"items": merged})
        _store.add_update(
            connection,
            incident.id,
            action="update",
            at=moment,
            actor_kind=actor.kind,
            actor_id=actor.id,
            changes={"items": merged, "source": "audit"},
        )
        session.record_event(
            actor, "incident.update", PURPOSE, None, rule=rule, request_id=incident.id
        )
    return AffectedFromAudit(
        found=tuple(sorted(subjects)),
        added=tuple(added),
        item_keys=known,
        items_not_in_policy=tuple(sorted(items - set(known))),
        events=count,
    )
