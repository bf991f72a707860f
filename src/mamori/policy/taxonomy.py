"""Data categories and data uses: fideslang's default taxonomy plus Mamori's `mamori.` extension.

Items name a data category (`user.contact.email`) and purposes a data use (`essential.service`)
from fideslang's default taxonomy. Where it has no key for something the seeds hold, Mamori adds
one under the prefix `mamori.`, each with the fideslang key it narrows (its parent). fideslang is
imported only when a policy is checked: it takes about a quarter of a second to import.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Literal

from mamori.policy._problems import closest

__all__ = [
    "COVERED_BY_FIDESLANG",
    "EXTENSION_CATEGORIES",
    "EXTENSION_USES",
    "TaxonomyEntry",
    "data_categories",
    "data_uses",
    "suggest",
]

Kind = Literal["data_category", "data_use"]


@dataclass(frozen=True)
class TaxonomyEntry:
    """One key of the taxonomy; `origin` says whether fideslang or Mamori defines it."""

    key: str
    name: str
    description: str
    parent: str | None
    origin: Literal["fideslang", "mamori"]


def _mamori(key: str, parent: str, name: str, description: str) -> TaxonomyEntry:
    return TaxonomyEntry(key, name, description, parent, "mamori")


EXTENSION_CATEGORIES: tuple[TaxonomyEntry, ...] = (
    _mamori(
        "mamori.user.transfer_name",
        "user.financial",
        "Transfer name",
        "The name a payer writes on a bank transfer, used to match the payment (WOX-2).",
    ),
    _mamori(
        "mamori.user.industry",
        "user.workplace",
        "Industry",
        "The line of business the subject works in (not the employer itself).",
    ),
    _mamori(
        "mamori.user.work_history",
        "user.workplace",
        "Work history",
        "Past employers, positions and periods of employment.",
    ),
    _mamori(
        "mamori.user.education",
        "user",
        "Education",
        "Schools attended, degrees and qualifications.",
    ),
    _mamori(
        "mamori.system.service_id",
        "system",
        "Service identifier",
        "An identifier of a space the service runs (a bulletin board, a blog) that the operator "
        "does not treat as personal information (WOX-2); items with it set personal: false.",
    ),
)
"""Data categories fideslang lacks."""

EXTENSION_USES: tuple[TaxonomyEntry, ...] = (
    _mamori(
        "mamori.research",
        "third_party_sharing",
        "Research hand-over",
        "Hands data, stripped of direct identifiers and k-anonymous, to researchers under "
        "terms that forbid publishing anything that identifies a person (AZ-6).",
    ),
    _mamori(
        "mamori.statistics.third_party",
        "analytics.reporting",
        "Statistics for third parties",
        "Produces aggregate statistics that identify no one and gives them to third parties "
        "(OP-8, WOX-4).",
    ),
    _mamori(
        "mamori.community.administration",
        "essential.service.operations",
        "Community administration",
        "Lets the founder or an appointed admin of a community manage its members (AZ-7).",
    ),
    _mamori(
        "mamori.employment.staffing",
        "employment",
        "Staffing",
        "Places workers with client companies (temporary staffing; onplanetz's purposes).",
    ),
)
"""Data uses fideslang lacks."""

COVERED_BY_FIDESLANG: Mapping[str, str] = {
    "mamori.user.self_description": "user.content.public",
    "mamori.user.posted_content": "user.content",
    "mamori.user.feedback": "user.content.private",
    "mamori.user.interests": "user.demographic.profile",
    "mamori.user.payment_method": "user.payment",
    "mamori.user.usage_statistics": "user.behavior",
    "mamori.user.location_history": "user.location",
    "mamori.user.media": "user.content",
}
"""Keys once considered for the extension that fideslang already has: the key to use instead."""


@cache
def data_categories() -> Mapping[str, TaxonomyEntry]:
    """Every valid data category key (fideslang's, then Mamori's), with its entry."""
    return _load("data_category")


@cache
def data_uses() -> Mapping[str, TaxonomyEntry]:
    """Every valid data use key (fideslang's, then Mamori's), with its entry."""
    return _load("data_use")


def suggest(key: str, kind: Kind) -> str:
    """How to fix an unknown key: the covering fideslang key, a close key, or where to look."""
    if key in COVERED_BY_FIDESLANG:
        return f"fideslang has it: use '{COVERED_BY_FIDESLANG[key]}'"
    known = data_categories() if kind == "data_category" else data_uses()
    match = closest(key, known)
    if match is None:
        # A typo in the last part: compare with the keys under the same parent.
        parent = key.rpartition(".")[0]
        siblings = [k for k in known if k.rpartition(".")[0] == parent]
        match = closest(key, siblings) or (parent if parent in known else None)
    if match is not None:
        return f"did you mean '{match}'?"
    return "see `docs/policy.md` (taxonomy) for the keys"


def _load(kind: Kind) -> dict[str, TaxonomyEntry]:
    # Deferred: fideslang builds its taxonomy from pydantic models when imported (~0.25 s).
    from fideslang.default_taxonomy import DEFAULT_TAXONOMY

    entries = (
        DEFAULT_TAXONOMY.data_category if kind == "data_category" else DEFAULT_TAXONOMY.data_use
    )
    keys: dict[str, TaxonomyEntry] = {}
    for entry in entries:
        if entry.version_deprecated:
            continue
        keys[entry.fides_key] = TaxonomyEntry(
            entry.fides_key,
            entry.name or "",
            entry.description or "",
            entry.parent_key,
            "fideslang",
        )
    extension = EXTENSION_CATEGORIES if kind == "data_category" else EXTENSION_USES
    for own in extension:
        keys[own.key] = own
    return keys
