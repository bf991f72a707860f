"""Whether a target may run for a person now: what a tag manager or the portal's banner asks
before loading a module or setting cookies, and what a provision job asks before its run.

    if allows(connection, policy, "u1", "module:google_analytics"):
        ...load the tag...
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection

from mamori.consent.ledger import ConsentLedger
from mamori.consent.targets import consent_targets, target_of
from mamori.policy import Policy

__all__ = ["allows"]


def allows(
    connection: Connection,
    policy: Policy,
    subject_id: str,
    target: str,
    *,
    at: datetime | None = None,
) -> bool:
    """True when `target` may run for `subject_id` at `at` (now when None):

    - a purpose, a consent provision, a cookie category: consent given and in force;
    - an opt-out provision: the person has not refused or withdrawn it;
    - a module: consent to it given and in force, and no cookie category it sets refused or
      withdrawn (refusing the analytics cookies stops the analytics module, OA-4).
    """
    declared = target_of(policy, target)
    names = [declared.name]
    if declared.kind == "module":
        module = policy.modules[declared.key]
        offered = consent_targets(policy)
        names += [
            name
            for name in dict.fromkeys(
                f"cookies:{policy.cookies[key].category}" for key in module.cookies
            )
            if name in offered
        ]
    answers = ConsentLedger().checker(connection, [subject_id], names, at=at)
    if declared.opt_out:
        return not answers.has_refused(subject_id, declared.name)
    if not answers.has_consent(subject_id, declared.name):
        return False
    return not any(answers.has_refused(subject_id, name) for name in names[1:])
