"""Consents about to lapse: whom to remind to give them again.

    for lapsing in expiring(connection, policy, timedelta(days=30)):
        outbox.remind(lapsing.subject_id, lapsing.target)

Subject ids, targets and dates only: the reminder itself is another domain's work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, select

from mamori.consent._tables import consent_renewals, consent_state
from mamori.consent.targets import consent_targets
from mamori.errors import ValidationError
from mamori.policy import Policy

__all__ = ["Lapsing", "expiring"]


@dataclass(frozen=True)
class Lapsing:
    """A consent in force now that lapses at `expires_at`."""

    subject_id: str
    target: str
    expires_at: datetime


def expiring(
    connection: Connection, policy: Policy, within: timedelta, *, at: datetime | None = None
) -> list[Lapsing]:
    """Consents in force at `at` (now when None) that lapse within `within` of it, soonest
    first. A consent already lapsed, or outdated by a policy change, is not in force: it is
    not listed (the person is asked anew rather than reminded)."""
    if within <= timedelta(0):
        raise ValidationError("within must be a positive duration, e.g. 30 days", field="within")
    now = (at or datetime.now(UTC)).astimezone(UTC)  # SQLite compares the stored UTC text
    names = [name for name, target in consent_targets(policy).items() if target.expiry]
    if not names:
        return []
    renewals = {
        row.target: _aware(row.since)
        for row in connection.execute(
            select(consent_renewals.c.target, consent_renewals.c.since).where(
                consent_renewals.c.target.in_(names)
            )
        )
    }
    rows = connection.execute(
        select(
            consent_state.c.subject_id,
            consent_state.c.target,
            consent_state.c.decided_at,
            consent_state.c.expires_at,
        )
        .where(
            consent_state.c.target.in_(names),
            consent_state.c.decision == "given",
            consent_state.c.expires_at > now,
            consent_state.c.expires_at <= now + within,
        )
        .order_by(consent_state.c.expires_at, consent_state.c.subject_id, consent_state.c.target)
    )
    found: list[Lapsing] = []
    for row in rows:
        since = renewals.get(row.target)
        if since is not None and _aware(row.decided_at) < since:
            continue
        found.append(Lapsing(row.subject_id, row.target, _aware(row.expires_at)))
    return found


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything the ledger stores is UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
