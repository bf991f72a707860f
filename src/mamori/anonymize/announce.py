"""The APPI announcements of anonymously processed information, as the notice publishes them.

Art. 43(3) asks to publish the categories of items of each set of anonymously processed
information made; Art. 43(4), before a provision, the categories and the method of provision.
`anonymously_processed` writes them into its record's `announcement`, `record_release` stores
it, and this module reads every stored one back for the notice:

    with engine.connect() as connection:
        facts = NoticeFacts(anonymously_processed=published_announcements(connection))
    page = render_notice(policy, locale="ja", format="html", facts=facts)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from mamori.anonymize.records import ReleaseRecord
from mamori.anonymize.store import list_releases
from mamori.policy.notice import AnonymouslyProcessedAnnouncement

__all__ = ["announcement_of", "published_announcements"]

KIND = "anonymously_processed"


def published_announcements(
    db: Connection | Session,
) -> tuple[AnonymouslyProcessedAnnouncement, ...]:
    """One announcement per recorded set of anonymously processed information, oldest first."""
    return tuple(announcement_of(record) for record in list_releases(db, kind=KIND))


def announcement_of(record: ReleaseRecord) -> AnonymouslyProcessedAnnouncement:
    """What the notice publishes of one release of anonymously processed information.

    The record's `announcement` decides: its `items` (the categories), `created_at` and
    `method_of_provision`. A record stored without one (or with a part missing) is still a set
    the law asks to announce, so the record fills the gap: its released columns, its time. It
    counts as provided to a third party when it names a recipient or a method.
    """
    announced: Mapping[str, object] = record.announcement or {}
    items = announced.get("items")
    categories = (
        tuple(str(item) for item in items)
        if isinstance(items, list | tuple) and items
        else record.items
    )
    method = announced.get("method_of_provision")
    method_text = str(method) if method not in (None, "") else None
    return AnonymouslyProcessedAnnouncement(
        created=_created(announced.get("created_at"), record.created_at),
        items=categories,
        provided=record.recipient is not None or method_text is not None,
        method_of_provision=method_text,
    )


def _created(announced: object, recorded: dt.datetime) -> dt.date:
    # The announcement keeps the zone its maker gave (a date in Japan is a JST date); the
    # stored record time is UTC.
    if isinstance(announced, str):
        try:
            return dt.datetime.fromisoformat(announced).date()
        except ValueError:
            pass
    return recorded.date()
