"""Records and logs: what the law keeps, and the domain function that expires each.

Provision records (APPI Art. 29) and receipt records (Art. 30) carry their own end of retention
(`retain_until`, rule 21 / 25: one or three years) and their domain deletes them. The other
records have no period in the law or the policy that Mamori could apply, and no domain function
to delete them: they are reported as kept, with the reason.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Connection

from mamori.policy import Policy
from mamori.register import Actor, RegisterSession
from mamori.retention._report import KindReport

__all__ = ["EXPIRING", "expire", "kept", "reports"]

EXPIRING = ("provision_records", "receipt_records")

_KEPT: tuple[tuple[Literal["record", "log"], str, str], ...] = (
    (
        "log",
        "audit_log",
        "kept: the log is hash-chained from its first event, so deleting old events would break "
        "its verification; it holds ids and item keys, never a value, and is the proof of every "
        "access (APPI Art. 23, GDPR Art. 5(2)) and of every erasure",
    ),
    (
        "log",
        "retention_runs",
        "kept: one row per run, counts only (what mamori doctor reads)",
    ),
    (
        "record",
        "consent_events",
        "kept: the proof of consent (GDPR Art. 7(1)) for as long as data given under it may be "
        "questioned; the consent domain has no expiry function",
    ),
    (
        "record",
        "rights_requests",
        "kept: the record of requests and answers; the law gives no period and the rights "
        "domain has no expiry function",
    ),
    (
        "record",
        "notify_outbox",
        "kept: delivered messages hold ids and template keys, no address; the notify domain has "
        "no expiry function",
    ),
    (
        "record",
        "anonymization_releases",
        "kept: APPI Art. 43(3)/44 announcements and release records; no period in the law",
    ),
    (
        "record",
        "policy_versions",
        "kept: the versions people were shown (purpose_end retention is computed from them)",
    ),
)


def reports(connection: Connection, policy: Policy, now: datetime) -> list[KindReport]:
    from mamori.provision import list_receipts, list_records

    provision = KindReport(
        "record",
        "provision_records",
        "APPI rule 21: 1 or 3 years after the last provision",
        "expiring",
    )
    provision.held = 0
    for record in list_records(connection):
        provision.held += 1
        provision._count_due(_aware(record.retain_until), now)
    receipt = KindReport(
        "record", "receipt_records", "APPI rule 25: 1 or 3 years after receipt", "expiring"
    )
    receipt.held = 0
    for found in list_receipts(connection):
        receipt.held += 1
        receipt._count_due(_aware(found.retain_until), now)
    return [provision, receipt, *_access_log(connection, policy, now)]


def _access_log(connection: Connection, policy: Policy, now: datetime) -> list[KindReport]:
    """One line per point keeping an access log: its rows fall due field by field
    (`mamori accesslog expire --dry-run` counts exactly what would go)."""
    from mamori.accesslog import outlook

    lines = []
    for found in outlook(connection, policy, now):
        name = f"access_log:{found.point}"
        if found.shortest is None:
            lines.append(
                KindReport(
                    "log",
                    name,
                    "none",
                    "no_retention",
                    held=found.held,
                    note="kept: its items declare no retention period",
                )
            )
            continue
        line = KindReport(
            "log", name, f"per item, the shortest {found.shortest.days} days", "expiring"
        )
        line.held, line.due_now, line.next_due = found.held, found.due_now, found.next_due
        lines.append(line)
    return lines


def kept() -> list[KindReport]:
    return [
        KindReport(kind, name, "kept", "kept", held=None, note=note) for kind, name, note in _KEPT
    ]


def expire(session: RegisterSession, actor: Actor, now: datetime) -> dict[str, int]:
    """Expire the records due at `now` through their domains (each audits its own)."""
    from mamori.provision import expire_receipts, expire_records

    return {
        "provision_records": expire_records(session, actor, now),
        "receipt_records": expire_receipts(session, actor, now),
    }


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
