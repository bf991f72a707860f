"""What the policy declares about the access log: per collection point, which request field
is recorded as which automatic item, and whether the rows name the subject (`linked`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from mamori.errors import ValidationError
from mamori.policy import Policy

__all__ = ["Declaration", "declaration", "declarations"]


@dataclass(frozen=True)
class Declaration:
    """One collection point's access log: `fields` maps a request field to its item key."""

    point: str
    fields: dict[str, str]
    linked: bool

    def retention(self, policy: Policy, field: str) -> timedelta | None:
        """How long the field's item is kept from collection; None when the policy gives no
        period (kept, or, for linked rows, until the account is erased)."""
        item = policy.items[self.fields[field]]
        if item.retention is None or item.retention.period is None:
            return None
        if item.retention.starts not in ("collection", "last_use"):
            return None  # purpose_end is judged by the retention plan, not per row
        return item.retention.period


def declarations(policy: Policy) -> list[Declaration]:
    """Every collection point that keeps an access log, in the policy's order."""
    return [
        Declaration(key, {str(name): item for name, item in point.access_log.items()}, point.linked)
        for key, point in policy.collection_points.items()
        if point.access_log
    ]


def declaration(policy: Policy, point: str | None) -> Declaration:
    """The access log of `point`; when None, of the one point that keeps one."""
    found = declarations(policy)
    if point is None:
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValidationError(
                "the policy declares no access log: give a collection point of automatic items "
                "an access_log (e.g. access_log: {ip: ip_address, page: pages_viewed})",
                field="point",
            )
        raise ValidationError(
            "several collection points keep an access log "
            f"({', '.join(d.point for d in found)}); name the one to record for",
            field="point",
        )
    for candidate in found:
        if candidate.point == point:
            return candidate
    keeping = ", ".join(d.point for d in found) or "none"
    raise ValidationError(
        f"collection point '{point}' keeps no access log (those that do: {keeping})",
        field="point",
    )
