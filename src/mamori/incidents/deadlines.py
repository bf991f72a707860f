"""When an incident must be reported, and the days that move a deadline.

APPI (Art. 26(1); rules 規則8):
- the preliminary report (速報) is due "promptly" (速やかに) after the operator learned of the
  incident; the PPC guideline (通則編 3-5-3-3) reads that as about three to five days. Mamori shows
  both: the **target** on the 3rd day and the **limit** on the 5th, counted like the final
  report (the day learned is day 1), in calendar days, never moved: "promptly" is not a period
  that a holiday extends.
- the final report (確報) is due within 30 days, 60 when the incident may have been caused by a
  wrongful act (規則7(3), 規則8(2)), counted from the day learned as day 1 (guideline
  3-5-3-4). When the last day is a day the administration is closed, the deadline is the next
  day it is open (Act on Holidays of Administrative Organs, 行政機関の休日に関する法律 Arts. 1-2):
  Saturdays, Sundays, national holidays (from the `holidays` package, offline) and the year-end
  closure from 29 December to 3 January.

Days are Japan's (UTC+9): a deadline ends at midnight in Tokyo at the end of its day.

GDPR (Art. 33(1)): the supervisory authority is notified within 72 hours of becoming aware,
counted by the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import lru_cache

__all__ = [
    "APPI_FINAL_DAYS",
    "APPI_FINAL_DAYS_WRONGFUL",
    "APPI_PRELIMINARY_LIMIT_DAYS",
    "APPI_PRELIMINARY_TARGET_DAYS",
    "GDPR_WINDOW",
    "JST",
    "Deadlines",
    "appi_day",
    "deadlines_for",
    "end_of_day",
    "is_closed_day",
    "next_open_day",
]

JST = timezone(timedelta(hours=9), "JST")
APPI_PRELIMINARY_TARGET_DAYS = 3
APPI_PRELIMINARY_LIMIT_DAYS = 5
APPI_FINAL_DAYS = 30
APPI_FINAL_DAYS_WRONGFUL = 60
GDPR_WINDOW = timedelta(hours=72)


@lru_cache(maxsize=64)
def _national_holidays(year: int) -> frozenset[date]:
    import holidays  # imported here: the CLI's other commands never need it

    return frozenset(holidays.country_holidays("JP", years=year))


def is_closed_day(day: date) -> bool:
    """A Saturday, a Sunday, a national holiday, or 29 December to 3 January."""
    if day.weekday() >= 5:
        return True
    if (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3):
        return True
    return day in _national_holidays(day.year)


def next_open_day(day: date) -> date:
    """`day` itself when the administration is open, else the next day it is."""
    while is_closed_day(day):
        day += timedelta(days=1)
    return day


def appi_day(moment: datetime) -> date:
    """The day in Japan of an aware moment."""
    return moment.astimezone(JST).date()


def end_of_day(day: date) -> datetime:
    """The first moment after `day` in Japan, in UTC: the deadline has passed from then on."""
    return datetime.combine(day + timedelta(days=1), time(0), JST).astimezone(UTC)


def _nth_day(first: date, n: int) -> date:
    return first + timedelta(days=n - 1)


@dataclass(frozen=True)
class Deadlines:
    """The report deadlines of an incident learned at `learned_at` (each law's, whether or not
    the incident is reportable under it: `must_report` says that)."""

    learned_at: datetime
    appi_preliminary_target: date
    """The 3rd day: the target for the preliminary report."""
    appi_preliminary_limit: date
    """The 5th day: the end of "promptly" as the guideline reads it."""
    appi_final_days: int
    appi_final: date
    """The 30th (60th) day, moved to the next open day when it falls on a closed one."""
    gdpr_due_at: datetime
    """72 hours after the operator became aware."""

    @property
    def appi_preliminary_due_at(self) -> datetime:
        return end_of_day(self.appi_preliminary_limit)

    @property
    def appi_final_due_at(self) -> datetime:
        return end_of_day(self.appi_final)

    def to_dict(self) -> dict[str, object]:
        return {
            "learned_at": self.learned_at.isoformat(),
            "appi_preliminary_target": self.appi_preliminary_target.isoformat(),
            "appi_preliminary_limit": self.appi_preliminary_limit.isoformat(),
            "appi_final_days": self.appi_final_days,
            "appi_final": self.appi_final.isoformat(),
            "gdpr_due_at": self.gdpr_due_at.isoformat(),
        }


def deadlines_for(learned_at: datetime, *, wrongful: bool) -> Deadlines:
    """The deadlines of an incident learned at the aware moment `learned_at`."""
    first = appi_day(learned_at)
    days = APPI_FINAL_DAYS_WRONGFUL if wrongful else APPI_FINAL_DAYS
    return Deadlines(
        learned_at=learned_at,
        appi_preliminary_target=_nth_day(first, APPI_PRELIMINARY_TARGET_DAYS),
        appi_preliminary_limit=_nth_day(first, APPI_PRELIMINARY_LIMIT_DAYS),
        appi_final_days=days,
        appi_final=next_open_day(_nth_day(first, days)),
        gdpr_due_at=learned_at.astimezone(UTC) + GDPR_WINDOW,
    )
