"""The APPI announcements read back from the release records, as the notice publishes them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from mamori.anonymize import (
    IntervalHierarchy,
    PrefixHierarchy,
    ReleaseRecord,
    announcement_of,
    anonymously_processed,
    published_announcements,
    record_release,
)
from mamori.policy.notice import AnonymouslyProcessedAnnouncement
from tests.anonymize.test_appi import customers

JST = dt.timezone(dt.timedelta(hours=9))


def make(now: dt.datetime, method: str | None = "encrypted file transfer") -> ReleaseRecord:
    return anonymously_processed(
        customers(),
        identifying=["name"],
        identification_codes=["my_number"],
        linking_codes=["member_id"],
        quasi_identifiers=["postcode", "age"],
        hierarchies={"postcode": PrefixHierarchy((3, 1)), "age": IntervalHierarchy((10, 20))},
        k=5,
        keep=["plan"],
        item_categories={"postcode": "郵便番号（上3桁）", "age": "年齢", "plan": "契約プラン"},
        recipient="Research partner Ltd." if method else None,
        method_of_provision=method,
        now=now,
    ).record


def test_a_recorded_set_reads_back_as_its_announcement(engine: Engine) -> None:
    # 08:00 in Tokyo is the day before in UTC: the announced date is the maker's.
    made = make(dt.datetime(2026, 4, 1, 8, 0, tzinfo=JST))
    with engine.begin() as connection:
        record_release(connection, made)
    with engine.connect() as connection:
        announced = published_announcements(connection)
    assert announced == (
        AnonymouslyProcessedAnnouncement(
            created=dt.date(2026, 4, 1),
            items=("郵便番号（上3桁）", "年齢", "契約プラン"),
            provided=True,
            method_of_provision="encrypted file transfer",
        ),
    )


def test_only_anonymously_processed_sets_are_announced_oldest_first(engine: Engine) -> None:
    statistics = ReleaseRecord(kind="statistics", items=("gender",), records=12)
    later = make(dt.datetime(2026, 5, 2, 12, 0, tzinfo=JST), method=None)
    earlier = make(dt.datetime(2026, 4, 1, 12, 0, tzinfo=JST))
    with engine.begin() as connection:
        for record in (statistics, later, earlier):
            record_release(connection, record)
    with engine.connect() as connection:
        announced = published_announcements(connection)
    assert [(a.created, a.provided, a.method_of_provision) for a in announced] == [
        (dt.date(2026, 4, 1), True, "encrypted file transfer"),
        (dt.date(2026, 5, 2), False, None),
    ]


def test_a_record_without_announcement_is_still_announced_from_its_columns() -> None:
    record = ReleaseRecord(
        kind="anonymously_processed",
        items=("age", "plan"),
        records=60,
        recipient="Research partner Ltd.",
        created_at=dt.datetime(2026, 4, 1, 3, 0, tzinfo=dt.UTC),
    )
    assert announcement_of(record) == AnonymouslyProcessedAnnouncement(
        created=dt.date(2026, 4, 1), items=("age", "plan"), provided=True
    )


def test_a_partial_announcement_is_completed_from_its_record() -> None:
    record = ReleaseRecord(
        kind="anonymously_processed",
        items=("age",),
        records=60,
        announcement={"items": ["年齢"], "created_at": "not a time", "method_of_provision": ""},
        created_at=dt.datetime(2026, 4, 1, 3, 0, tzinfo=dt.UTC),
    )
    assert announcement_of(record) == AnonymouslyProcessedAnnouncement(
        created=dt.date(2026, 4, 1), items=("年齢",), provided=False
    )
