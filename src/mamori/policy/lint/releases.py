"""Rules on statistics and research hand-overs (OP-8, WOX-4, AZ-6; APPI Art. 18)."""

from __future__ import annotations

from collections.abc import Iterator

from mamori.policy.lint._facts import DIRECT_IDENTIFIER_CATEGORIES, category_under, key_list
from mamori.policy.lint._registry import Hit, rule
from mamori.policy.model import Policy

__all__: list[str] = []

_SANE_GROUP_SIZE = 5


@rule(
    "OP-8-MIN-CELL-SIZE",
    severity="warning",
    citation="OP-8; WOX-4",
    fix="raise min_cell_size to 5 or more",
)
def min_cell_size(policy: Policy) -> Iterator[Hit]:
    """Statistics may show groups of fewer than five people.

    A table cell of two or three people often identifies them to anyone who knows one of them;
    five is the floor statistical offices commonly use.
    """
    for key, release in policy.statistics.items():
        if release.min_cell_size < _SANE_GROUP_SIZE:
            yield Hit(
                ("statistics", key, "min_cell_size"),
                f"statistics '{key}' allow cells of {release.min_cell_size} people",
            )


@rule(
    "AZ-6-RESEARCH-K",
    severity="warning",
    citation="AZ-6",
    fix="raise k to 5 or more",
)
def research_k(policy: Policy) -> Iterator[Hit]:
    """A research hand-over with k below 5.

    k-anonymity with k of 2 to 4 is weak protection: a researcher who knows one person of a
    group narrows the rest to a handful.
    """
    for key, release in policy.research.items():
        if release.k < _SANE_GROUP_SIZE:
            yield Hit(("research", key, "k"), f"research '{key}' has k = {release.k}")


@rule(
    "AZ-6-DIRECT-IDENTIFIER",
    severity="warning",
    citation="AZ-6; OP-8; APPI Art. 43(1); PPC Rules Art. 34(i)",
    fix="remove the item from the release, or release only a masked form of it",
)
def direct_identifier(policy: Policy) -> Iterator[Hit]:
    """A research hand-over or a statistics dimension includes a direct identifier.

    Names, e-mail addresses, phone numbers, street addresses and account identifiers are removed
    from anything released to others; a purpose mask (e.g. keep_first of an address) is enough.
    """
    for key, research in policy.research.items():
        masked = _masked_items(policy, research.purpose)
        for index, item_key in enumerate(research.items):
            if _direct(policy, item_key) and item_key not in masked:
                yield Hit(
                    ("research", key, "items", index),
                    f"research '{key}' hands over the direct identifier '{item_key}'",
                )
    for key, statistics in policy.statistics.items():
        masked = _masked_items(policy, statistics.purpose)
        for index, item_key in enumerate(statistics.dimensions):
            if _direct(policy, item_key) and item_key not in masked:
                yield Hit(
                    ("statistics", key, "dimensions", index),
                    f"statistics '{key}' group by the direct identifier '{item_key}'",
                )


@rule(
    "APPI-18-RELEASE-OUTSIDE-PURPOSE",
    severity="warning",
    citation="APPI Art. 18(1); GDPR Art. 5(1)(b)",
    fix="add the items to the release's purpose, or drop them from the release",
)
def release_outside_purpose(policy: Policy) -> Iterator[Hit]:
    """A release uses items its purpose does not declare.

    Making statistics or a research extract is a use of the data: the purpose it serves must
    cover every item it reads.
    """
    releases = [("statistics", key, r.purpose, r.items) for key, r in policy.statistics.items()]
    releases += [("research", key, r.purpose, r.items) for key, r in policy.research.items()]
    for section, key, purpose_key, items in releases:
        purpose = policy.purposes.get(purpose_key) if purpose_key is not None else None
        if purpose is None:
            continue
        outside = [item for item in items if item not in purpose.items]
        if outside:
            yield Hit(
                (section, key, "items"),
                f"{section} '{key}' uses {key_list(outside)}, which purpose '{purpose_key}' "
                "does not declare",
            )


@rule(
    "APPI-18-RELEASE-NO-PURPOSE",
    severity="info",
    citation="APPI Art. 17(1), 18(1)",
    fix="name the purpose the release serves",
)
def release_without_purpose(policy: Policy) -> Iterator[Hit]:
    """A release that names no purpose.

    Statistics that link to no one fall outside the APPI, but the work of making them reads
    personal data and should serve a declared purpose.
    """
    releases = [("statistics", key, r.purpose) for key, r in policy.statistics.items()]
    releases += [("research", key, r.purpose) for key, r in policy.research.items()]
    for section, key, purpose in releases:
        if purpose is None:
            yield Hit((section, key), f"{section} '{key}' names no purpose")


def _direct(policy: Policy, item_key: str) -> bool:
    item = policy.items.get(item_key)
    return item is not None and category_under(item.category, DIRECT_IDENTIFIER_CATEGORIES)


def _masked_items(policy: Policy, purpose_key: str | None) -> set[str]:
    purpose = policy.purposes.get(purpose_key) if purpose_key is not None else None
    return set(purpose.masks) if purpose is not None else set()
