"""Reading the versions kept in the database, and the outbox's side of the announcements.

from mamori.versions import active_policy, history, pending_announcements, mark_delivered

with engine.begin() as connection:                 # the caller owns the transaction
    policy = active_policy(connection)             # the Policy activated last, or None
    batch = pending_announcements(connection, limit=500)
    ...                                            # send them
    mark_delivered(connection, [a.id for a in batch])
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal

from sqlalchemy import Connection, func, select, update

from mamori.errors import IntegrityError, NotFoundError, ValidationError
from mamori.policy import Policy
from mamori.versions._tables import announcements, policy_versions

__all__ = [
    "Announcement",
    "AnnouncementKind",
    "PolicyVersion",
    "active_policy",
    "active_version",
    "canonical_document",
    "history",
    "mark_delivered",
    "pending_announcements",
    "stored_policy",
]

AnnouncementKind = Literal["notify", "consent_required"]

_CHUNK = 5_000
"""Ids per IN list: within SQLite's and PostgreSQL's limits on bound parameters."""


@dataclass(frozen=True)
class PolicyVersion:
    """One activated version: what, when, by whom, and its diff from the version before."""

    seq: int
    policy_name: str
    version: str
    content_hash: str
    effective_date: date
    activated_at: datetime
    actor_kind: str
    actor_id: str
    classification: str | None
    """The diff's classification; None for the first version (nothing to compare with)."""
    diff: dict[str, Any] | None
    """`PolicyDiff.to_dict()` from the version before; None for the first version."""

    @property
    def summary(self) -> dict[str, Any]:
        """The classification, the counts of changes, and what must be asked or told."""
        if self.diff is None:
            return {"classification": None, "counts": {}, "consent_affected": {}, "affected": {}}
        return {
            "classification": self.classification,
            "counts": self.diff["counts"],
            "consent_affected": _nonempty(self.diff["consent_affected"]),
            "affected": _nonempty(self.diff["affected"]),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "policy_name": self.policy_name,
            "version": self.version,
            "content_hash": self.content_hash,
            "effective_date": self.effective_date.isoformat(),
            "activated_at": self.activated_at.isoformat(),
            "actor_kind": self.actor_kind,
            "actor_id": self.actor_id,
            **self.summary,
        }


@dataclass(frozen=True)
class Announcement:
    """What one person is owed about one version: told (notify), or asked again
    (consent_required). `changes` holds keys only: purposes, provisions, items... and, when
    consent is asked again, the `targets` the person had consented to."""

    id: int
    subject_id: str
    version_seq: int
    policy_version: str
    kind: AnnouncementKind
    changes: dict[str, list[str]]
    created_at: datetime
    delivered_at: datetime | None


def canonical_document(policy: Policy) -> str:
    """The policy as canonical JSON: sorted keys, no spaces; its SHA-256 is the content hash."""
    return json.dumps(
        policy.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


def active_version(connection: Connection) -> PolicyVersion | None:
    """The version activated last, or None before the first activation."""
    row = connection.execute(
        select(*_SUMMARY_COLUMNS).order_by(policy_versions.c.seq.desc()).limit(1)
    ).first()
    return None if row is None else _version(row._mapping)


def active_policy(connection: Connection) -> Policy | None:
    """The active policy, rebuilt from its stored document; None before the first activation.

    Open the register with it (`Register.open(url, active_policy(c), ...)`) so that it enforces
    the version activated last."""
    seq = connection.execute(select(func.max(policy_versions.c.seq))).scalar()
    return None if seq is None else _policy_of(connection, policy_versions.c.seq == seq)


def stored_policy(connection: Connection, version: str) -> Policy:
    """An activated version of the policy, as it was, to show or compare later."""
    found = _policy_of(connection, policy_versions.c.version == version)
    if found is None:
        listed = ", ".join(v.version for v in history(connection)) or "none yet"
        raise NotFoundError(
            f"no policy version '{version}' was activated; activated: {listed}", field="version"
        )
    return found


def history(connection: Connection) -> list[PolicyVersion]:
    """Every activated version, oldest first, with its diff from the one before."""
    rows = connection.execute(select(*_SUMMARY_COLUMNS).order_by(policy_versions.c.seq))
    return [_version(row._mapping) for row in rows]


def pending_announcements(connection: Connection, limit: int = 1_000) -> list[Announcement]:
    """Announcements not delivered yet, oldest first: what the notifications outbox sends."""
    if limit < 1:
        raise ValidationError("limit must be at least 1", field="limit")
    rows = connection.execute(
        select(announcements)
        .where(announcements.c.delivered_at.is_(None))
        .order_by(announcements.c.id)
        .limit(limit)
    )
    return [_announcement(row._mapping) for row in rows]


def mark_delivered(
    connection: Connection, ids: Iterable[int], *, at: datetime | None = None
) -> int:
    """Record that these announcements reached their people; returns how many were pending.
    Marking one again changes nothing (its first delivery time stays)."""
    moment = at or datetime.now(UTC)
    listed = sorted(set(ids))
    marked = 0
    for start in range(0, len(listed), _CHUNK):
        result = connection.execute(
            update(announcements)
            .where(
                announcements.c.id.in_(listed[start : start + _CHUNK]),
                announcements.c.delivered_at.is_(None),
            )
            .values(delivered_at=moment)
        )
        marked += result.rowcount
    return marked


_SUMMARY_COLUMNS = tuple(c for c in policy_versions.c if c.name != "document")


def _policy_of(connection: Connection, where: Any) -> Policy | None:
    row = connection.execute(
        select(policy_versions.c.seq, policy_versions.c.content_hash, policy_versions.c.document)
        .where(where)
        .order_by(policy_versions.c.seq.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    if hashlib.sha256(row.document.encode()).hexdigest() != row.content_hash:
        raise IntegrityError(
            f"the stored document of policy version #{row.seq} does not match its content hash: "
            "it was changed in the database; restore it from a backup"
        )
    return Policy.model_validate(json.loads(row.document))


def _version(row: Any) -> PolicyVersion:
    return PolicyVersion(
        seq=row["seq"],
        policy_name=row["policy_name"],
        version=row["version"],
        content_hash=row["content_hash"],
        effective_date=row["effective_date"],
        activated_at=_aware(row["activated_at"]),
        actor_kind=row["actor_kind"],
        actor_id=row["actor_id"],
        classification=row["classification"],
        diff=None if row["diff"] is None else json.loads(row["diff"]),
    )


def _announcement(row: Any) -> Announcement:
    delivered = row["delivered_at"]
    return Announcement(
        id=row["id"],
        subject_id=row["subject_id"],
        version_seq=row["version_seq"],
        policy_version=row["policy_version"],
        kind=row["kind"],
        changes=json.loads(row["changes"]),
        created_at=_aware(row["created_at"]),
        delivered_at=None if delivered is None else _aware(delivered),
    )


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored here is UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _nonempty(affected: dict[str, Sequence[str]]) -> dict[str, list[str]]:
    return {name: list(keys) for name, keys in affected.items() if keys}
