"""Who may do what with a request, and how a refused step is audited before it is raised."""

from __future__ import annotations

import re
from typing import NoReturn

from mamori.errors import AccessDeniedError, MamoriError, ValidationError
from mamori.policy import Policy
from mamori.register import Actor, RegisterSession, has_permission

__all__ = [
    "HANDLE",
    "REQUEST_PURPOSE",
    "can_handle",
    "check_text",
    "follower_rule",
    "handler_rule",
    "refuse_step",
    "require_handler",
]

HANDLE = "requests.handle"
_MAX_TEXT = 2000
# What most often slips a personal value into an explanation: an e-mail address, a phone or
# card number, a Japanese postal code. Dates (2026-03-01) pass.
_PERSONAL_LOOKING = re.compile(
    r"[^\s@]+@[^\s@]+\.[A-Za-z]{2,}|\d{7,}|\d{2,4}-\d{2,4}-\d{3,4}|\b\d{3}-\d{4}\b"
)


REQUEST_PURPOSE = "request"
"""The audit purpose of every step; the event's request_id names the request it serves."""


def handler_rule(policy: Policy, actor: Actor) -> str | None:
    """The rule under which `actor` handles requests (staff with `requests.handle`, or the
    system), or None."""
    if actor.kind == "system":
        return "system"
    return HANDLE if has_permission(policy, actor, HANDLE) else None


def can_handle(policy: Policy, actor: Actor) -> bool:
    """True when `actor` may handle requests (and read the queue)."""
    return handler_rule(policy, actor) is not None


def follower_rule(policy: Policy, actor: Actor, subject_id: str) -> str | None:
    """The rule under which `actor` may file or follow a request of `subject_id`: the person
    themself, or a handler."""
    if actor.kind == "subject" and actor.id == subject_id:
        return "self"
    return handler_rule(policy, actor)


def refuse_step(
    session: RegisterSession,
    actor: Actor,
    action: str,
    request_id: str | None,
    subject_id: str | None,
    rule: str,
    error: MamoriError,
) -> NoReturn:
    """Audit the refused step (the event outlives a rollback), then raise `error`."""
    session.record_event(
        actor,
        action,
        REQUEST_PURPOSE,
        subject_id,
        allowed=False,
        rule=rule,
        request_id=request_id,
    )
    raise error


def require_handler(
    session: RegisterSession, actor: Actor, action: str, request_id: str, subject_id: str
) -> str:
    rule = handler_rule(session.policy, actor)
    if rule is None:
        refuse_step(
            session,
            actor,
            action,
            request_id,
            subject_id,
            "requests_handle",
            AccessDeniedError(
                f"actor {actor.id} may not handle requests: it needs a role with the "
                f"{HANDLE} permission",
                rule="requests_handle",
            ),
        )
    return rule


def check_text(text: object, field: str) -> str:
    """An explanation for the person (a refusal's or an extension's reasons): the operator's
    own words, kept for the letter; never a personal value (the text is not repeated here)."""
    if not isinstance(text, str) or not text.strip():
        raise ValidationError(f"give the {field} in words the person will read", field=field)
    if len(text) > _MAX_TEXT:
        raise ValidationError(f"the {field} is longer than {_MAX_TEXT} characters", field=field)
    if _PERSONAL_LOOKING.search(text):
        raise ValidationError(
            f"the {field} seems to hold an e-mail address or a number such as a phone or postal "
            "code; explain without the person's data (it is kept in plain text for the letter)",
            field=field,
        )
    return text.strip()
