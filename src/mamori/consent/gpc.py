"""Global Privacy Control: a browser's `Sec-GPC: 1` taken as the person's refusal.

    if gpc_requested(request.headers):
        honour_gpc(session, Actor.subject(user), user, Collected(method="gpc", language="ja"))

The GPC specification leaves open whether the signal invokes GDPR Arts. 7 and 21; treating it
as a refusal of what it covers is Mamori's design choice (docs/consent.md):

- it covers every target whose `gpc` is true: each declared provision (consent or opt-out)
  and the modules and cookie categories that send data to another company (analytics,
  advertising); never a first-party purpose;
- a covered target the person has not refused or withdrawn is refused, method "gpc";
- an explicit consent given *after* the signal refused that target counts: the person chose it
  knowing their browser says no, so later signals leave it alone until they withdraw it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from mamori.consent.ledger import (
    Collected,
    ConsentEvent,
    ConsentLedger,
    _check_collected,
    _may_record,
    history,
    refuse,
)
from mamori.consent.targets import consent_targets
from mamori.errors import AccessDeniedError
from mamori.register import Actor, RegisterSession

__all__ = ["GPC_HEADER", "gpc_requested", "gpc_targets", "honour_gpc"]

GPC_HEADER = "Sec-GPC"


def gpc_requested(headers: Mapping[str, str]) -> bool:
    """Whether the request's headers carry `Sec-GPC: 1` (the header name in any case; the
    value exactly "1", as the specification says: any other value is no signal)."""
    wanted = GPC_HEADER.lower()
    return any(
        isinstance(name, str) and name.lower() == wanted and value == "1"
        for name, value in headers.items()
    )


def gpc_targets(session: RegisterSession, subject_id: str) -> list[str]:
    """The targets a signal from `subject_id` would refuse now (see the module's rules)."""
    policy = session.policy
    covered = [name for name, target in consent_targets(policy).items() if target.gpc]
    if not covered:
        return []
    answers = ConsentLedger().checker(session.connection, [subject_id], covered)
    signalled: dict[str, ConsentEvent] = {}
    for event in history(session.connection, subject_id):
        if event.gpc and event.decision == "refused":
            signalled[event.target] = event
    refused: list[str] = []
    for name in covered:
        found = answers.status(subject_id, name)
        if found.state in ("refused", "withdrawn"):
            continue
        earlier = signalled.get(name)
        if (
            found.state == "given"
            and earlier is not None
            and found.decided_at is not None
            and found.decided_at > earlier.recorded_at
        ):
            continue  # an explicit consent given after the signal refused it
        refused.append(name)
    return refused


def honour_gpc(
    session: RegisterSession, actor: Actor, subject_id: str, how: Collected
) -> list[ConsentEvent]:
    """Record the signal of `subject_id` as a refusal of each target it covers that is not
    already refused or withdrawn (method "gpc", gpc=True). The signal itself is audited
    ("consent.gpc") even when it refuses nothing new."""
    signal = replace(how, method="gpc", gpc=True, foreign_information=False)
    _check_collected(session.policy, signal)
    if not _may_record(session.policy, actor, subject_id):
        session.record_event(
            actor, "consent.gpc", "gpc", subject_id, allowed=False, rule="consent_recorder"
        )
        raise AccessDeniedError(
            f"actor {actor.id} may not record consent for another person", rule="consent_recorder"
        )
    session.require_subject(actor, "consent.gpc", "gpc", subject_id)
    session.record_event(actor, "consent.gpc", "gpc", subject_id, rule="gpc_signal")
    targets = gpc_targets(session, subject_id)
    if not targets:
        return []
    return refuse(session, actor, subject_id, targets, signal)
