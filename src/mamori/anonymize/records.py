"""Release records: what was released, when, to whom, for what, and how it was made.

Every release function returns one; `mamori.anonymize.store.record_release` persists it. A
record never holds a data value: only column names, counts and parameters.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["ReleaseKind", "ReleaseRecord"]

ReleaseKind = str  # "k_anonymous", "statistics", "research_export", "anonymously_processed", ...


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _new_id() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class ReleaseRecord:
    kind: ReleaseKind
    items: tuple[str, ...]  # released columns (or table dimensions)
    records: int  # released rows, or published cells for a statistics table
    recipient: str | None = None
    purpose: str | None = None
    terms: str | None = None
    legal_basis: str | None = None  # e.g. "APPI Art. 43"
    third_party_provision_allowed: bool = True
    parameters: Mapping[str, object] = field(default_factory=dict)
    id: str = field(default_factory=_new_id)
    created_at: dt.datetime = field(default_factory=_now)
    declared_as: str | None = None  # the policy's release, e.g. "statistics.ad_market_statistics"
    actor_id: str | None = None  # who made the release (an id, never a name)
    actor_role: str | None = None
    announcement: Mapping[str, object] | None = None  # APPI Art. 43(3)/(4): categories, method
    policy_name: str | None = None
    policy_version: str | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form, as the register stores it."""
        return {
            "id": self.id,
            "kind": self.kind,
            "created_at": self.created_at.isoformat(),
            "recipient": self.recipient,
            "purpose": self.purpose,
            "terms": self.terms,
            "legal_basis": self.legal_basis,
            "third_party_provision_allowed": self.third_party_provision_allowed,
            "items": list(self.items),
            "records": self.records,
            "parameters": dict(self.parameters),
            "declared_as": self.declared_as,
            "actor_id": self.actor_id,
            "actor_role": self.actor_role,
            "announcement": None if self.announcement is None else dict(self.announcement),
            "policy_name": self.policy_name,
            "policy_version": self.policy_version,
        }
