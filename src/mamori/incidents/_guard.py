"""Who may work incidents, and how a refused attempt is audited before it is raised."""

from __future__ import annotations

import re
from typing import NoReturn

from mamori.audit import ID_PATTERN
from mamori.errors import AccessDeniedError, MamoriError
from mamori.register import INCIDENT, Actor, RegisterSession, has_permission

__all__ = ["MANAGE", "PURPOSE", "refuse", "require_manager", "shown"]

MANAGE = "incidents.manage"
PURPOSE = INCIDENT
"""The audit purpose of every incident event (the register's reserved purpose under which a
notice reads the person's address); the event's request_id names the incident."""


def refuse(
    session: RegisterSession,
    actor: Actor,
    action: str,
    incident_id: str | None,
    rule: str,
    error: MamoriError,
) -> NoReturn:
    """Audit the refused attempt (the event outlives a rollback), then raise `error`."""
    session.record_event(
        actor, action, PURPOSE, None, allowed=False, rule=rule, request_id=incident_id
    )
    raise error


def require_manager(
    session: RegisterSession, actor: Actor, action: str, incident_id: str | None = None
) -> str:
    """The rule under which `actor` works incidents: the system, or staff with a role that has
    `incidents.manage`; anyone else is refused (audited)."""
    if has_permission(session.policy, actor, MANAGE):
        return "system" if actor.kind == "system" else MANAGE
    refuse(
        session,
        actor,
        action,
        incident_id,
        "incidents_manage",
        AccessDeniedError(
            f"actor {actor.id} may not work incidents: it needs a role with the {MANAGE} "
            "permission",
            rule="incidents_manage",
        ),
    )


_ID = re.compile(ID_PATTERN)


def shown(incident_id: object) -> str | None:
    """An incident id fit for the audit log, or None (a malformed one is not repeated)."""
    return incident_id if isinstance(incident_id, str) and _ID.fullmatch(incident_id) else None
