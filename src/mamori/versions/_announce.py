"""Whom a policy change concerns: the consent targets to ask about again and who had consented
to them; the subject kinds a notify change is about. Then the announcements, in bulk."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Connection

from mamori.consent import ConsentLedger, consent_targets
from mamori.policy import Policy
from mamori.policy.diff import Affected, Change, PolicyDiff
from mamori.versions._tables import announcements

__all__ = [
    "announced_changes",
    "insert_announcements",
    "live_consents",
    "notify_kinds",
    "renewal_targets",
]

_CHUNK = 5_000
"""Subjects per consent query: within the databases' limits on bound parameters."""


def renewal_targets(policy: Policy, affected: Affected) -> tuple[str, ...]:
    """The consent targets of `policy` that `affected` touches: purposes based on consent,
    `provision:<key>`, `module:<key>`, `cookies:<category>`."""
    offered = consent_targets(policy)
    names = [
        *affected.purposes,
        *(f"provision:{key}" for key in affected.provisions),
        *(f"module:{key}" for key in affected.modules),
        *(
            f"cookies:{policy.cookies[key].category}"
            for key in affected.cookies
            if key in policy.cookies
        ),
    ]
    return tuple(sorted({name for name in names if name in offered}))


def announced_changes(policy: Policy, diff: PolicyDiff) -> tuple[Change, ...]:
    """The changes people are told about: the notify ones, and the consent_required ones that
    touch no consent target (nothing to ask again in the ledger, but people must know)."""
    return tuple(
        change
        for change in diff.changes
        if change.classification == "notify"
        or (
            change.classification == "consent_required"
            and not renewal_targets(policy, change.affected)
        )
    )


def notify_kinds(old: Policy, new: Policy, changes: Iterable[Change]) -> frozenset[str] | None:
    """The subject kinds that hold an item (or are served by a purpose) the changes touch;
    None for every kind, when a change concerns the policy as a whole."""
    kinds: set[str] = set()
    for change in changes:
        found = _kinds_of(old, new, change.affected)
        if found is None:
            return None
        kinds |= found
    return frozenset(kinds)


def _kinds_of(old: Policy, new: Policy, affected: Affected) -> frozenset[str] | None:
    if affected.items:
        sections, keys = ("items",), affected.items
    elif affected.purposes:
        sections, keys = ("purposes",), affected.purposes
    else:
        return None  # a provision without items, a module, the rights...: everyone
    kinds: set[str] = set()
    for key in keys:
        declared = [
            getattr(policy, section).get(key) for policy in (old, new) for section in sections
        ]
        for part in declared:
            if part is None:
                continue
            if part.subject_kinds is None:
                return None
            kinds.update(part.subject_kinds)
    return frozenset(kinds) if kinds else None


def live_consents(
    connection: Connection, subject_ids: Sequence[str], targets: Sequence[str], at: datetime
) -> dict[str, tuple[str, ...]]:
    """For each subject whose consent to one of `targets` counts at `at`: those targets."""
    ledger = ConsentLedger()
    live: dict[str, tuple[str, ...]] = {}
    for start in range(0, len(subject_ids), _CHUNK):
        chunk = subject_ids[start : start + _CHUNK]
        answers = ledger.checker(connection, chunk, targets, at=at)
        for subject_id in chunk:
            given = tuple(t for t in targets if answers.has_consent(subject_id, t))
            if given:
                live[subject_id] = given
    return live


def insert_announcements(
    connection: Connection,
    *,
    version_seq: int,
    policy_version: str,
    kind: str,
    changes_of: Iterable[tuple[str, str]],
    at: datetime,
) -> int:
    """One announcement per (subject id, changes as JSON text), written in bulk on the
    session's own transaction: COPY on PostgreSQL, one executemany elsewhere."""
    created_at: object = at
    dialect = connection.dialect
    process = announcements.c.created_at.type.dialect_impl(dialect).bind_processor(dialect)
    if process is not None:
        created_at = process(at)  # SQLite's text form, as SQLAlchemy writes and reads it
    rows = [
        (subject_id, version_seq, policy_version, kind, changes, created_at)
        for subject_id, changes in changes_of
    ]
    if not rows:
        return 0
    columns = "subject_id, version_seq, policy_version, kind, changes, created_at"
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        if connection.dialect.name == "postgresql":
            with cursor.copy(f"COPY {announcements.name} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
            values = ", ".join([marker] * 6)
            cursor.executemany(
                f"INSERT INTO {announcements.name} ({columns}) VALUES ({values})", rows
            )
    finally:
        cursor.close()
    return len(rows)
