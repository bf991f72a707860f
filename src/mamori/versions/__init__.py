"""Policy versions kept in the database: activation, history, and the announcements a change
owes to the people it concerns (docs/versions.md).

    from mamori.versions import activate, active_policy, history

    with register.session() as session:
        done = activate(session, Actor.system(), load_policy("policy-v2.yaml"))
    done.diff.classification, done.renewals, done.asked_again, done.notified

The register enforces the Policy it was opened with: after an activation, reopen it with
`done.policy` (or `active_policy(connection)`).
"""

from mamori.versions.activation import ANNOUNCE_PURPOSE, Activation, activate, version_order
from mamori.versions.store import (
    Announcement,
    AnnouncementKind,
    PolicyVersion,
    active_policy,
    active_version,
    canonical_document,
    history,
    mark_delivered,
    pending_announcements,
    stored_policy,
)

__all__ = [
    "ANNOUNCE_PURPOSE",
    "Activation",
    "Announcement",
    "AnnouncementKind",
    "PolicyVersion",
    "activate",
    "active_policy",
    "active_version",
    "canonical_document",
    "history",
    "mark_delivered",
    "pending_announcements",
    "stored_policy",
    "version_order",
]
