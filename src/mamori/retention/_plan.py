"""What is due now, and what will expire when: `plan(connection, policy, now)`.

Items follow the policy (`items.<key>.retention`: a period from collection, last use, the end
of the purposes or the account's deletion); records follow the law, through their domain; logs
are kept. A plan names subjects by id and items by key, never a value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from mamori.policy import Policy
from mamori.retention import _records
from mamori.retention._facts import HeldValues, scan_audit_log
from mamori.retention._report import DueSubject, KindReport

__all__ = ["RetentionPlan", "plan"]


@dataclass(frozen=True)
class RetentionPlan:
    as_of: datetime
    due: tuple[DueSubject, ...]
    kinds: tuple[KindReport, ...]
    events_read: int

    @property
    def subjects_to_erase(self) -> int:
        return sum(1 for due in self.due if due.erase)

    @property
    def items_to_delete(self) -> int:
        return sum(len(due.delete) for due in self.due if not due.erase)

    @property
    def records_due(self) -> int:
        return sum(kind.due_now for kind in self.kinds if kind.kind == "record")

    def kind(self, name: str) -> KindReport:
        return next(report for report in self.kinds if report.name == name)

    def to_dict(self, *, with_subjects: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "as_of": self.as_of.isoformat(),
            "subjects_to_erase": self.subjects_to_erase,
            "items_to_delete": self.items_to_delete,
            "records_due": self.records_due,
            "kinds": [kind.to_dict() for kind in self.kinds],
        }
        if with_subjects:
            data["due"] = [due.to_dict() for due in self.due]
        return data


def plan(connection: Connection, policy: Policy, now: datetime | None = None) -> RetentionPlan:
    """What `run` would do at `now` (the present when None), and when the rest expires."""
    as_of = _aware(now) if now is not None else datetime.now(UTC)
    held = scan_audit_log(connection)
    items = _ItemPlanner(connection, policy, held, as_of)
    due = [found for found in (items.judge(s, k) for s, k in held.subjects()) if found]
    kinds = [
        *items.reports.values(),
        *_records.reports(connection, policy, as_of),
        *_records.kept(),
    ]
    return RetentionPlan(as_of, tuple(due), tuple(kinds), held.events_read)


class _ItemPlanner:
    def __init__(
        self, connection: Connection, policy: Policy, held: HeldValues, now: datetime
    ) -> None:
        self._policy = policy
        self._held = held
        self._now = now
        self._ended = _purpose_ends(connection, policy)
        self.reports: dict[str, KindReport] = {
            key: _item_report(key, policy, self._ended) for key in policy.items
        }

    def judge(self, subject_id: str, held: dict[str, datetime]) -> DueSubject | None:
        due: list[str] = []
        kept = False
        since: datetime | None = None
        for key, collected_at in held.items():
            at = self._due_at(subject_id, key, collected_at)
            if at is None or at > self._now:
                kept = True
                continue
            due.append(key)
            since = at if since is None or at < since else since
        if not due:
            return None
        if not kept:
            return DueSubject(subject_id, True, tuple(sorted(due)), (), since)
        items = self._policy.items
        blocked = tuple(sorted(k for k in due if k in items and items[k].required))
        for key in blocked:
            self.reports[key].blocked += 1
        delete = tuple(sorted(k for k in due if k not in blocked))
        return DueSubject(subject_id, False, delete, blocked, since) if delete or blocked else None

    def _due_at(self, subject_id: str, key: str, collected_at: datetime) -> datetime | None:
        report = self.reports.get(key)
        if report is None:  # an item the policy no longer declares
            report = self.reports[key] = KindReport(
                "item", key, "none", "no_retention", note="not declared by the policy in force"
            )
        assert report.held is not None
        report.held += 1
        item = self._policy.items.get(key)
        retention = item.retention if item is not None else None
        if retention is None or retention.period is None:
            return None  # no retention, or kept until the account is deleted (erase)
        start: datetime | None
        if retention.starts == "collection":
            start = collected_at
        elif retention.starts == "last_use":
            start = self._held.last_use(subject_id, key) or collected_at
        elif retention.starts == "purpose_end":
            start = self._ended.get(key)
            if start is None:
                if key not in self._ended:  # the purposes run: nothing is due
                    return None
                report.not_computable += 1
                return None
        else:
            return None
        at = start + retention.period
        report._count_due(at, self._now)
        return at


def _item_report(key: str, policy: Policy, ended: dict[str, datetime | None]) -> KindReport:
    retention = policy.items[key].retention
    if retention is None:
        return KindReport("item", key, "none", "no_retention", note="the policy gives none")
    if retention.period is None:
        return KindReport(
            "item",
            key,
            "while the account exists",
            "until_account_deletion",
            note="erased with the account (mamori erasure is immediate)",
        )
    period = f"{retention.model_dump(mode='json')['period']} from {retention.starts}"
    report = KindReport("item", key, period, "expiring")
    if retention.starts == "purpose_end":
        if key not in ended:
            report.note = "its purposes are in force: nothing is due"
        elif ended[key] is None:
            report.status = "not_computable"
            report.note = (
                "no purpose of the policy in force uses it, and no activated policy version "
                "records when the last one ended (mamori policy activate keeps that history)"
            )
    return report


def _purpose_ends(connection: Connection, policy: Policy) -> dict[str, datetime | None]:
    """For each item whose retention runs from the end of its purposes and which no purpose of
    `policy` uses any more: when the first policy version without such a purpose was activated
    (None when the version history cannot tell). Items whose purposes run are absent."""
    from mamori.versions import history, stored_policy

    wanted = [
        key
        for key, item in policy.items.items()
        if item.retention is not None
        and item.retention.starts == "purpose_end"
        and not _used(policy, key)
    ]
    if not wanted:
        return {}
    versions = list(reversed(history(connection)))
    policies = [(v.activated_at, stored_policy(connection, v.version)) for v in versions]
    ends: dict[str, datetime | None] = {}
    for key in wanted:
        ended: datetime | None = None
        for activated_at, version in policies:  # newest first
            if _used(version, key):
                break
            ended = _aware(activated_at)
        else:
            ended = None  # unused in every version: no record of when its purposes ended
        ends[key] = ended
    return ends


def _used(policy: Policy, key: str) -> bool:
    return bool(policy.purposes_using(key))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
