"""What the register has recorded that the notice must publish, passed in as plain data.

The renderer opens no database: a caller that has one reads the records and hands them over as a
`NoticeFacts` (the CLI and the API use `mamori._notice_facts.read_notice_facts`). A new kind of
recorded fact becomes a new field here, empty by default, so that a notice rendered from the
policy alone is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["AnonymouslyProcessedAnnouncement", "NoticeFacts"]


@dataclass(frozen=True)
class AnonymouslyProcessedAnnouncement:
    """What APPI Art. 43(3) and 43(4) ask to publish about one set of anonymously processed
    information: the categories of personal information items it contains, made on `created`;
    when it is provided to third parties, the method of provision.

    An entry of `items` that is a key of the policy's items reads as that item's label in the
    page's language; any other entry is shown as written. `method_of_provision` implies
    `provided`.
    """

    created: date
    items: tuple[str, ...]
    provided: bool = False
    method_of_provision: str | None = None

    def __post_init__(self) -> None:
        # Kept hashable whatever sequence the caller passed, so pages can be cached by facts.
        object.__setattr__(self, "items", tuple(self.items))
        if self.method_of_provision is not None:
            object.__setattr__(self, "provided", True)


@dataclass(frozen=True)
class NoticeFacts:
    """The recorded facts a notice publishes besides the policy: today the APPI announcements of
    anonymously processed information, oldest first."""

    anonymously_processed: tuple[AnonymouslyProcessedAnnouncement, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "anonymously_processed", tuple(self.anonymously_processed))
