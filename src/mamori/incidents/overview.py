"""The incident register at a glance: each incident with its deadlines, where they stand now,
and the overdue ones first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from mamori.incidents import _store
from mamori.incidents._guard import require_manager, shown
from mamori.incidents.assessment import Assessment, must_report
from mamori.incidents.deadlines import Deadlines, deadlines_for
from mamori.incidents.model import Incident
from mamori.policy import Policy
from mamori.register import Actor, RegisterSession

__all__ = ["DeadlineState", "IncidentEntry", "assess", "list_incidents", "standing"]

State = Literal["met", "late", "overdue", "pending", "not_required"]


@dataclass(frozen=True)
class DeadlineState:
    """One deadline of an incident: `appi_preliminary`, `appi_final` or `gdpr_authority`."""

    name: str
    due_at: datetime
    required: bool
    met_at: datetime | None
    state: State

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "due_at": self.due_at.isoformat(),
            "required": self.required,
            "met_at": self.met_at.isoformat() if self.met_at else None,
            "state": self.state,
        }


@dataclass(frozen=True)
class IncidentEntry:
    """An incident, what the law asks of it, and its deadlines as they stand at `now`."""

    incident: Incident
    assessment: Assessment
    deadlines: Deadlines
    states: tuple[DeadlineState, ...]

    @property
    def overdue(self) -> bool:
        return any(state.state == "overdue" for state in self.states)

    @property
    def next_due(self) -> datetime | None:
        pending = [s.due_at for s in self.states if s.state in ("pending", "overdue")]
        return min(pending, default=None)

    def to_dict(self) -> dict[str, object]:
        return {
            "overdue": self.overdue,
            "incident": self.incident.to_dict(),
            "assessment": self.assessment.to_dict(),
            "deadlines": self.deadlines.to_dict(),
            "states": [state.to_dict() for state in self.states],
        }


def _state(
    name: str, due_at: datetime, required: bool, met_at: datetime | None, now: datetime
) -> DeadlineState:
    state: State
    if not required:
        state = "not_required"
    elif met_at is not None:
        state = "met" if met_at < due_at else "late"
    else:
        state = "overdue" if now >= due_at else "pending"
    return DeadlineState(name, due_at, required, met_at, state)


def standing(incident: Incident, policy: Policy, now: datetime | None = None) -> IncidentEntry:
    """`incident`'s assessment and deadlines at `now`. A report to the authority counts for
    the GDPR's 72 hours and the APPI preliminary report alike (a final report made first
    counts as both)."""
    moment = now or datetime.now(UTC)
    assessment = must_report(incident, policy)
    deadlines = deadlines_for(incident.learned_at, wrongful=incident.wrongful)
    first_report = incident.preliminary_reported_at or incident.final_reported_at
    states = []
    if assessment.appi_applies:
        required = assessment.appi_report
        preliminary = deadlines.appi_preliminary_due_at
        states.append(_state("appi_preliminary", preliminary, required, first_report, moment))
        final = deadlines.appi_final_due_at
        states.append(_state("appi_final", final, required, incident.final_reported_at, moment))
    if assessment.gdpr_applies:
        required = assessment.gdpr_report
        states.append(
            _state("gdpr_authority", deadlines.gdpr_due_at, required, first_report, moment)
        )
    return IncidentEntry(incident, assessment, deadlines, tuple(states))


def list_incidents(
    session: RegisterSession,
    actor: Actor,
    *,
    now: datetime | None = None,
    include_closed: bool = False,
) -> list[IncidentEntry]:
    """The incidents (open ones unless `include_closed`): overdue first, then by the next
    deadline, then by when they were learned."""
    require_manager(session, actor, "incident.list")
    moment = now or datetime.now(UTC)
    entries = [
        standing(incident, session.policy, moment)
        for incident in _store.load_all(session.connection)
        if include_closed or not incident.is_closed
    ]
    far = datetime.max.replace(tzinfo=UTC)
    return sorted(
        entries,
        key=lambda entry: (not entry.overdue, entry.next_due or far, entry.incident.learned_at),
    )


def assess(
    session: RegisterSession, actor: Actor, incident_id: str, *, now: datetime | None = None
) -> IncidentEntry:
    """One incident with `must_report`'s answer and its deadlines at `now`."""
    require_manager(session, actor, "incident.assess", shown(incident_id))
    return standing(_store.load(session.connection, incident_id), session.policy, now)
