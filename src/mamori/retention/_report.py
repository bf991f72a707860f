"""The pieces of a retention plan: per subject what is due, per kind what expires when."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

__all__ = ["DueSubject", "KindReport", "Status"]

Status = Literal["expiring", "kept", "until_account_deletion", "no_retention", "not_computable"]


@dataclass(frozen=True)
class DueSubject:
    """What the run does to one subject: erase it (every item it holds is due), or delete the
    due voluntary items. `blocked` are due required items, which only go with the account."""

    subject_id: str
    erase: bool
    delete: tuple[str, ...]
    blocked: tuple[str, ...] = ()
    due_since: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject_id": self.subject_id,
            "erase": self.erase,
            "delete": list(self.delete),
            "blocked": list(self.blocked),
            "due_since": self.due_since.isoformat() if self.due_since else None,
        }


@dataclass
class KindReport:
    """One item or record kind: its retention, how many are held, due now, and when the rest
    fall due (a count per month, "YYYY-MM"). Counts and dates only."""

    kind: Literal["item", "record", "log"]
    name: str
    retention: str
    status: Status
    held: int | None = 0
    due_now: int = 0
    blocked: int = 0
    not_computable: int = 0
    schedule: Counter[str] = field(default_factory=Counter)
    next_due: datetime | None = None
    note: str = ""

    def _count_due(self, at: datetime, now: datetime) -> None:
        if at <= now:
            self.due_now += 1
            return
        self.schedule[at.strftime("%Y-%m")] += 1
        if self.next_due is None or at < self.next_due:
            self.next_due = at

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "retention": self.retention,
            "status": self.status,
            "held": self.held,
            "due_now": self.due_now,
            "blocked": self.blocked,
            "not_computable": self.not_computable,
            "schedule": dict(sorted(self.schedule.items())),
            "next_due": self.next_due.isoformat() if self.next_due else None,
            "note": self.note,
        }
