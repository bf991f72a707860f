"""When a request must be answered.

- GDPR Art. 12(3): within one month of receipt, a calendar month (Regulation 1182/71: the same
  date of the next month, or its last day when that month is shorter); extendable once by up to
  two further months, with notice and reasons given within the first month.
- APPI: "without delay", with no fixed number of days; but the person may sue two weeks after the
  request arrived (Art. 39), so the two-week mark is the deadline Mamori keeps.

The policy's own `rights.response_deadline` applies instead when it is shorter.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from mamori.policy import Policy

__all__ = [
    "APPI_SUIT_AFTER",
    "GDPR_MAX_EXTENSION_MONTHS",
    "NEAR_DUE",
    "Deadline",
    "Urgency",
    "add_months",
    "deadline_for",
    "extended_due",
    "extension_closes",
    "urgency",
]

APPI_SUIT_AFTER = timedelta(weeks=2)
"""APPI Art. 39: the person may sue once two weeks have passed since the request arrived."""
GDPR_MAX_EXTENSION_MONTHS = 2
NEAR_DUE = timedelta(days=3)
"""An open request due within this time is listed as near due."""

Urgency = Literal["overdue", "near_due", "on_time"]


@dataclass(frozen=True)
class Deadline:
    """The answer's due moment, and (APPI) when the person may sue."""

    due_at: datetime
    suit_possible_at: datetime | None = None


def add_months(moment: datetime, months: int) -> datetime:
    """`moment` plus calendar months: 31 January + 1 month is the last day of February."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def deadline_for(policy: Policy, jurisdiction: str, received_at: datetime) -> Deadline:
    """The deadline of a request received at `received_at` from a person under `jurisdiction`."""
    own = policy.rights.response_deadline
    if jurisdiction == "EU":
        due = add_months(received_at, 1)
        suit = None
    else:
        due = suit = received_at + APPI_SUIT_AFTER
    if own is not None and received_at + own < due:
        due = received_at + own
    return Deadline(due, suit)


def extension_closes(received_at: datetime) -> datetime:
    """The end of the first month: an extension must be notified by then (GDPR Art. 12(3))."""
    return add_months(received_at, 1)


def extended_due(received_at: datetime, months: int) -> datetime:
    """The due moment after an extension by `months` (1 or 2) beyond the first month."""
    return add_months(received_at, 1 + months)


def urgency(due_at: datetime, now: datetime) -> Urgency:
    """Overdue once the due moment has passed; near due within `NEAR_DUE` of it."""
    if due_at < now:
        return "overdue"
    if due_at - now <= NEAR_DUE:
        return "near_due"
    return "on_time"
