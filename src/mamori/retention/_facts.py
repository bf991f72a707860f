"""What the retention job knows about each value held, read from the audit log.

The register's tables are its own (only `mamori.register` reads them), and every change to a
value leaves an allowed audit event in the same transaction: `create` and `write` name the
items collected, `delete` the items removed, `erase` the whole subject. Replaying the log
therefore gives, per subject and item, when the value now held was collected and when it was
last used, without reading any personal value.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection

from mamori.audit import AuditEvent, AuditLog, Outcome

__all__ = ["COLLECT_ACTIONS", "USE_ACTIONS", "HeldValues", "scan_audit_log"]

COLLECT_ACTIONS = frozenset({"create", "write"})
"""Actions that store a value: the value held now was collected at the latest of them."""

USE_ACTIONS = frozenset(
    {"read", "write", "create", "provide", "export", "authenticate", "provision.run"}
)
"""Actions that use a value: the latest of them is its last use."""

_PAGE = 10_000


@dataclass
class HeldValues:
    """Per subject, the items held now, with when each was collected and last used."""

    collected: dict[str, dict[str, datetime]] = field(default_factory=dict)
    last_used: dict[str, dict[str, datetime]] = field(default_factory=dict)
    events_read: int = 0

    def subjects(self) -> Iterator[tuple[str, dict[str, datetime]]]:
        return iter(self.collected.items())

    def last_use(self, subject_id: str, item_key: str) -> datetime | None:
        return self.last_used.get(subject_id, {}).get(item_key)

    def _apply(self, event: AuditEvent) -> None:
        subject = event.subject_id
        if subject is None or event.outcome is not Outcome.ALLOWED:
            return
        action = event.action
        if action == "erase":
            self.collected.pop(subject, None)
            self.last_used.pop(subject, None)
            return
        if action == "delete":
            held = self.collected.get(subject)
            for key in event.item_keys:
                if held is not None:
                    held.pop(key, None)
                self.last_used.get(subject, {}).pop(key, None)
            return
        if action in COLLECT_ACTIONS and event.item_keys:
            held = self.collected.setdefault(subject, {})
            for key in event.item_keys:
                held[key] = event.time
        if action in USE_ACTIONS:
            used = self.last_used.setdefault(subject, {})
            # An event without item keys used every item the purpose reaches: counting it as a
            # use of every item held keeps data in use rather than erasing it early.
            keys = event.item_keys or tuple(self.collected.get(subject, {}))
            for key in keys:
                used[key] = event.time


def scan_audit_log(connection: Connection) -> HeldValues:
    """Replay the audit log, oldest first, in pages, in the caller's transaction."""
    log = AuditLog()
    held = HeldValues()
    offset = 0
    while True:
        page = log.query(connection, limit=_PAGE, offset=offset)
        for event in page:
            held._apply(event)
        held.events_read += len(page)
        if len(page) < _PAGE:
            return held
        offset += _PAGE
