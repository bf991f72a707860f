"""Checks that need more than one part of the policy: references, and what they must agree on."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from mamori.policy import taxonomy
from mamori.policy._messages import Finding
from mamori.policy._problems import PathTuple, closest
from mamori.policy.model import RESERVED_PURPOSES, Policy

__all__ = ["check_policy"]

_SINGULAR = {
    "items": "item",
    "purposes": "purpose",
    "subject_kinds": "subject kind",
    "cookies": "cookie",
    "recipients": "recipient",
}

Suppressed = Callable[[str, str], bool]


def check_policy(policy: Policy, suppressed: Suppressed) -> list[Finding]:
    """Every cross-part problem; `suppressed(kind, key)` is true for keys already reported
    broken (their entry was dropped to check the rest), so they are not reported twice."""
    return [
        *_reserved_purposes(policy),
        *_references(policy, suppressed),
        *_masks(policy),
        *_pseudonyms(policy),
        *_collection_points(policy),
        *_releases(policy),
        *_taxonomy(policy),
    ]


def _references(policy: Policy, suppressed: Suppressed) -> Iterator[Finding]:
    seen: set[tuple[PathTuple, str]] = set()
    for path, kind, key in policy.iter_references():
        targets = getattr(policy, kind)
        noun = _SINGULAR.get(kind, kind.rstrip("s"))
        if isinstance(path[-1], int):
            if (path[:-1], key) in seen:
                yield Finding(path, f"'{key}' is listed twice", "remove one", "duplicate_entry")
            seen.add((path[:-1], key))
        if key in targets or suppressed(kind, key):
            continue
        match = closest(key, targets)
        if match is not None:
            hint = f"did you mean '{match}'?"
        elif targets:
            shown = ", ".join(list(targets)[:10]) + (", ..." if len(targets) > 10 else "")
            hint = f"declare it under {kind}, or use one of: {shown}"
        else:
            hint = f"declare it under {kind}"
        yield Finding(path, f"no {noun} '{key}'", hint, "unknown_reference")


def _reserved_purposes(policy: Policy) -> Iterator[Finding]:
    for key in policy.purposes:
        if key in RESERVED_PURPOSES:
            yield Finding(
                ("purposes", key),
                f"'{key}' is a purpose the register reserves "
                f"({', '.join(sorted(RESERVED_PURPOSES))}), with a meaning of its own",
                f"give this purpose another key, e.g. '{key}_use', and use that key wherever "
                "the policy names it",
                "reserved_purpose",
            )


def _masks(policy: Policy) -> Iterator[Finding]:
    for key, purpose in policy.purposes.items():
        if not set(purpose.items) <= set(policy.items):
            continue  # a misspelt item is reported as such; the mask may be right
        for masked in purpose.masks:
            if masked in policy.items and masked not in purpose.items:
                yield Finding(
                    ("purposes", key, "masks", masked),
                    f"masks item '{masked}', which this purpose does not use",
                    f"add '{masked}' to purposes.{key}.items, or remove the mask",
                    "mask_outside_items",
                )


def _pseudonyms(policy: Policy) -> Iterator[Finding]:
    for key, item in policy.items.items():
        target = item.pseudonym_of
        if target == key:
            yield Finding(
                ("items", key, "pseudonym_of"),
                "an item cannot be a pseudonym of itself",
                "name the item it stands in for (e.g. a nickname for the name)",
                "invalid",
            )
        elif target in policy.items and policy.items[target].pseudonym_of is not None:
            yield Finding(
                ("items", key, "pseudonym_of"),
                f"'{target}' is itself a pseudonym",
                f"point at the real item '{policy.items[target].pseudonym_of}' instead",
                "invalid",
            )


def _collection_points(policy: Policy) -> Iterator[Finding]:
    for key, point in policy.collection_points.items():
        collected = set(point.items)
        for index, purpose_key in enumerate(point.purposes):
            purpose = policy.purposes.get(purpose_key)
            if purpose is None or collected & set(purpose.items):
                continue
            yield Finding(
                ("collection_points", key, "purposes", index),
                f"purpose '{purpose_key}' uses none of the items collected here",
                f"add one of {', '.join(point.items)} to purposes.{purpose_key}.items, "
                "or remove the purpose from this collection point",
                "purpose_without_items",
            )
        yield from _access_log(policy, key)


def _access_log(policy: Policy, key: str) -> Iterator[Finding]:
    point = policy.collection_points[key]
    if point.linked and not point.access_log:
        yield Finding(
            ("collection_points", key, "linked"),
            "linked applies to the access log, which this collection point does not keep",
            "declare what it records (access_log: {ip: ..., page: ...}) or remove linked",
            "invalid",
        )
    for field, item_key in point.access_log.items():
        item = policy.items.get(item_key)
        if item is None:
            continue  # reported as an unknown reference
        if item_key not in point.items:
            yield Finding(
                ("collection_points", key, "access_log", field),
                f"'{item_key}' is not among the items of this collection point",
                f"add it to collection_points.{key}.items, or record {field} as one of them",
                "not_in_items",
            )
        elif item.source != "automatic":
            yield Finding(
                ("collection_points", key, "access_log", field),
                f"the access log records only automatic items; '{item_key}' has source "
                f"{item.source}",
                f"give items.{item_key} source: automatic, or record {field} as another item",
                "invalid",
            )


def _releases(policy: Policy) -> Iterator[Finding]:
    subsets = [
        *(
            (("research", key), "quasi_identifiers", research.quasi_identifiers, research.items)
            for key, research in policy.research.items()
        ),
        *(
            (("research", key), "sensitive", research.sensitive, research.items)
            for key, research in policy.research.items()
        ),
        *(
            (("statistics", key), "dimensions", release.dimensions, release.items)
            for key, release in policy.statistics.items()
        ),
    ]
    yield from _hierarchies(policy)
    for base, field, chosen, items in subsets:
        for index, item in enumerate(chosen):
            if item in policy.items and item not in items:
                yield Finding(
                    (*base, field, index),
                    f"'{item}' is not among the items of this release",
                    f"add it to {'.'.join(map(str, base))}.items, or remove it from {field}",
                    "not_in_items",
                )


def _hierarchies(policy: Policy) -> Iterator[Finding]:
    """A declared hierarchy generalises a dimension or a quasi-identifier of its own release."""
    owners = [
        *(
            (("statistics", key), "dimensions", release.dimensions, release.hierarchies)
            for key, release in policy.statistics.items()
        ),
        *(
            (("research", key), "quasi_identifiers", release.quasi_identifiers, release.hierarchies)
            for key, release in policy.research.items()
        ),
    ]
    for base, field, chosen, hierarchies in owners:
        for item in hierarchies:
            if item not in chosen:
                where = ".".join(map(str, base))
                yield Finding(
                    (*base, "hierarchies", item),
                    f"'{item}' is not among the {field.replace('_', ' ')} of this release",
                    f"add it to {where}.{field}, or remove its hierarchy",
                    "not_in_items",
                )


def _taxonomy(policy: Policy) -> Iterator[Finding]:
    categories = taxonomy.data_categories()
    for key, item in policy.items.items():
        if item.category not in categories:
            yield Finding(
                ("items", key, "category"),
                f"'{item.category}' is not a data category",
                taxonomy.suggest(item.category, "data_category"),
                "unknown_category",
            )
    uses = taxonomy.data_uses()
    for key, purpose in policy.purposes.items():
        if purpose.data_use not in uses:
            yield Finding(
                ("purposes", key, "data_use"),
                f"'{purpose.data_use}' is not a data use",
                taxonomy.suggest(purpose.data_use, "data_use"),
                "unknown_data_use",
            )
