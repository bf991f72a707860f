"""Activating a policy version: record it, compare it with the active one, ask for consent
again where a change needs it (OP-16) and owe an announcement to each person a change
concerns (OA-5, OP-9).

    from mamori.versions import activate

    with register.session() as session:             # one transaction: all of it, or nothing
        done = activate(session, Actor.system(), load_policy("policy-v2.yaml"))
    register.close()
    register = Register.open(url, done.policy, ...)   # the register enforces the new version
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select

from mamori.consent import require_renewal
from mamori.errors import AccessDeniedError, ConflictError, ValidationError
from mamori.policy import Policy, diff_policies
from mamori.policy.diff import PolicyDiff
from mamori.register import Actor, RegisterSession, has_permission
from mamori.versions import _announce
from mamori.versions._tables import policy_versions
from mamori.versions.store import (
    PolicyVersion,
    active_policy,
    active_version,
    canonical_document,
)

__all__ = ["ANNOUNCE_PURPOSE", "Activation", "activate", "version_order"]

ANNOUNCE_PURPOSE = "policy.announce"
"""The purpose under which activation lists the subjects to tell (audited)."""
_ACTION = "policy.activate"
_PERMISSION = "policy.manage"
_STORED = tuple(name for name in PolicyVersion.__dataclass_fields__ if name != "diff")


@dataclass(frozen=True)
class Activation:
    """What an activation did."""

    version: PolicyVersion
    policy: Policy
    """The version now active: reopen the register with it."""
    created: bool
    """False when this content was already the active version: nothing changed."""
    diff: PolicyDiff | None = None
    """From the version active before; None for the first version and for a repeat."""
    renewals: tuple[str, ...] = ()
    """Consent targets whose earlier consents no longer count until given again."""
    asked_again: int = 0
    """People who had consented to one of `renewals`: a consent_required announcement each."""
    notified: int = 0
    """People told of the changes: a notify announcement each."""
    unasked: tuple[str, ...] = field(default=())
    """Purposes or provisions a consent_required change touches that the register does not
    gate by consent (their basis is not consent): ask outside Mamori, or base them on consent."""

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.version.to_dict(),
            "created": self.created,
            "renewals": list(self.renewals),
            "announcements": {"consent_required": self.asked_again, "notify": self.notified},
            "unasked": list(self.unasked),
        }


def activate(
    session: RegisterSession, actor: Actor, policy: Policy, *, at: datetime | None = None
) -> Activation:
    """Make `policy` the active version, in the session's transaction.

    The first activation only records it; the active content again changes nothing. A version
    that is not newer than the active one is refused (ConflictError: bump `version`).
    Otherwise the change from the active version is classified (`diff_policies`): consents to
    the targets a consent_required change touches must be given again (`require_renewal`), and
    each person who had given one is asked again; each person a notify change concerns is told.

    Only the system or staff whose role has `policy.manage` (in the active version) may
    activate. The session's register still enforces the policy it was opened with: reopen it
    with `Activation.policy`.
    """
    moment = at or datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValidationError("the activation time must carry its time zone", field="at")
    connection = session.connection
    current = active_version(connection)
    old = active_policy(connection) if current is not None else None
    _check_actor(session, actor, old or session.policy)
    if current is not None and current.content_hash == policy.content_hash:
        return Activation(current, policy, created=False)
    if old is not None:
        _check_newer(session, actor, old, policy)
    diff = diff_policies(old, policy) if old is not None else None
    seq = (connection.execute(select(func.max(policy_versions.c.seq))).scalar() or 0) + 1
    recorded = PolicyVersion(
        seq=seq,
        policy_name=policy.name,
        version=policy.version,
        content_hash=policy.content_hash,
        effective_date=policy.effective_date,
        activated_at=moment,
        actor_kind=actor.kind,
        actor_id=actor.id,
        classification=None if diff is None else diff.classification,
        diff=None if diff is None else diff.to_dict(),
    )
    connection.execute(
        insert(policy_versions).values(
            **{name: getattr(recorded, name) for name in _STORED},
            document=canonical_document(policy),
            diff=None if diff is None else json.dumps(recorded.diff, ensure_ascii=False),
        )
    )
    done = Activation(recorded, policy, created=True, diff=diff)
    if old is not None and diff is not None:
        done = _announce_changes(session, actor, old, policy, done, seq, moment)
    session.record_event(
        actor,
        _ACTION,
        _PERMISSION,
        None,
        rule="first_version" if diff is None else diff.classification,
    )
    return done


def version_order(version: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key for version strings: runs of digits compare as numbers, so "1.10" comes
    after "1.9" and "2019-04-01" after "2018-10-05"."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part)
        for part in re.findall(r"\d+|[^\d]+", version)
    )


def _announce_changes(
    session: RegisterSession,
    actor: Actor,
    old: Policy,
    new: Policy,
    done: Activation,
    seq: int,
    moment: datetime,
) -> Activation:
    assert done.diff is not None
    diff = done.diff
    connection = session.connection
    renewals = _announce.renewal_targets(new, diff.consent_affected)
    asked = 0
    if renewals:
        everyone = session.subject_ids(actor, ANNOUNCE_PURPOSE)
        # Read before the renewal is recorded: afterwards no earlier consent counts.
        live = _announce.live_consents(connection, everyone, renewals, moment)
        require_renewal(connection, renewals, since=moment, policy_version=new.version)
        asked_about = _keys(diff.consent_affected.to_dict())
        texts: dict[object, str] = {}
        asked = _announce.insert_announcements(
            connection,
            version_seq=seq,
            policy_version=new.version,
            kind="consent_required",
            changes_of=(
                (subject, _encoded(texts, targets, {"targets": list(targets), **asked_about}))
                for subject, targets in live.items()
            ),
            at=moment,
        )
    told = _announce.announced_changes(new, diff)
    notified = 0
    if told:
        kinds = _announce.notify_kinds(old, new, told)
        if kinds is not None and kinds >= set(new.subject_kinds):
            kinds = None
        subjects = session.subject_ids(actor, ANNOUNCE_PURPOSE, kinds)
        about: dict[str, list[str]] = {}
        for change in told:
            for name, keys in change.affected.to_dict().items():
                about[name] = sorted({*about.get(name, ()), *keys})
        told_about = json.dumps(_keys(about), sort_keys=True)
        notified = _announce.insert_announcements(
            connection,
            version_seq=seq,
            policy_version=new.version,
            kind="notify",
            changes_of=((subject, told_about) for subject in subjects),
            at=moment,
        )
    unasked = sorted(
        {
            *(p for p in diff.consent_affected.purposes if p in new.purposes),
            *(f"provision:{p}" for p in diff.consent_affected.provisions if p in new.provisions),
        }
        - set(renewals)
    )
    return Activation(
        done.version,
        new,
        created=True,
        diff=diff,
        renewals=renewals,
        asked_again=asked,
        notified=notified,
        unasked=tuple(unasked),
    )


def _check_actor(session: RegisterSession, actor: Actor, reference: Policy) -> None:
    if has_permission(reference, actor, _PERMISSION):
        return
    session.record_event(actor, _ACTION, _PERMISSION, None, allowed=False, rule="policy_manage")
    raise AccessDeniedError(
        f"actor {actor.id} may not activate a policy version: only the system or staff whose "
        f"role has the permission {_PERMISSION}",
        rule="policy_manage",
    )


def _check_newer(session: RegisterSession, actor: Actor, old: Policy, new: Policy) -> None:
    problem = None
    if new.name != old.name:
        problem = (
            f"the active policy is '{old.name}' but this file is '{new.name}': a register "
            "enforces one policy; activate a version of the same policy (its `name`)"
        )
    elif version_order(new.version) <= version_order(old.version):
        problem = (
            f"policy version '{new.version}' is not newer than the active version "
            f"'{old.version}' but its content differs: bump `version` (and `effective_date`) "
            "in the file"
        )
    if problem is not None:
        session.record_event(
            actor, _ACTION, _PERMISSION, None, allowed=False, rule="policy_version"
        )
        raise ConflictError(problem, field="version")


def _encoded(texts: dict[object, str], key: object, changes: dict[str, list[str]]) -> str:
    # Many people share the same changes: encoded once, one string for them all.
    if key not in texts:
        texts[key] = json.dumps(changes, sort_keys=True)
    return texts[key]


def _keys(affected: dict[str, list[str]]) -> dict[str, list[str]]:
    return {name: list(keys) for name, keys in affected.items() if keys}
