"""Classification of changes to the file's head, organization, items, purposes and roles."""

from __future__ import annotations

from mamori.policy.diff._verdict import (
    ANY,
    REST,
    Context,
    On,
    Verdict,
    consent,
    editorial,
    notify,
    top_use,
)
from mamori.policy.diff._walk import RawChange

__all__ = ["RULES"]

_WORDING = "a change of wording: what is done with the data stays the same"
_VISIBILITY = ("private", "profile", "public")


def _wording(ctx: Context, change: RawChange) -> Verdict:
    return editorial(_WORDING)


def _head(ctx: Context, change: RawChange) -> Verdict:
    return editorial("the policy's version, dates, languages or general text")


def _organization(ctx: Context, change: RawChange) -> Verdict:
    return editorial("organization or contact data: what is done with the data stays the same")


def _jurisdictions(ctx: Context, change: RawChange) -> Verdict:
    return notify(ctx, "the laws that protect people change", appi="APPI Art. 32(1)")


def _subject_kind(ctx: Context, change: RawChange) -> Verdict:
    return notify(ctx, f"a kind of person held in the register is {change.kind}")


def _community_purposes(ctx: Context, change: RawChange) -> Verdict:
    if change.kind == "removed":
        return notify(ctx, "community admins lose a purpose")
    return consent(
        ctx,
        "community admins reach members' data for a further purpose: provision to the "
        "community's client (AZ-7)",
        appi="APPI Art. 27(1)",
    )


def _community(ctx: Context, change: RawChange) -> Verdict:
    admin = (change.new or {}).get("admin_purposes") if change.kind == "added" else None
    if admin:
        return _community_purposes(ctx, change)
    return notify(ctx, f"communities are {change.kind}")


def _item_added(ctx: Context, change: RawChange) -> Verdict:
    key = str(change.path[1])
    if (item := ctx.new.items.get(key)) is not None and item.sensitive:
        return consent(
            ctx,
            f"a new sensitive item '{key}': special-care data is acquired only with consent",
            appi="APPI Art. 20(2)",
            gdpr="GDPR Art. 9(2)(a)",
        )
    return notify(ctx, f"a new item '{key}' is held")


def _item_removed(ctx: Context, change: RawChange) -> Verdict:
    return notify(ctx, f"item '{change.path[1]}' is no longer held: processing shrinks")


def _item_sensitive(ctx: Context, change: RawChange) -> Verdict:
    if change.new is True:
        return consent(
            ctx,
            f"item '{change.path[1]}' becomes sensitive: it is kept only with consent",
            appi="APPI Art. 20(2)",
            gdpr="GDPR Art. 9(2)(a)",
        )
    return notify(ctx, f"item '{change.path[1]}' is no longer treated as sensitive")


def _item_visibility(ctx: Context, change: RawChange) -> Verdict:
    before = _VISIBILITY.index(change.old) if change.old in _VISIBILITY else 0
    after = _VISIBILITY.index(change.new) if change.new in _VISIBILITY else 0
    if after > before:
        return consent(
            ctx,
            f"item '{change.path[1]}' becomes visible to others ({change.new}): showing it "
            "provides it to them",
            appi="APPI Art. 27(1)",
            gdpr="GDPR Art. 6(1)(a), 25(2)",
        )
    return notify(ctx, f"item '{change.path[1]}' is shown to fewer people")


def _item_technical(ctx: Context, change: RawChange) -> Verdict:
    return editorial(
        f"how item '{change.path[1]}' is stored or typed ({change.path[2]}), not what it is "
        "used for"
    )


def _item_other(ctx: Context, change: RawChange) -> Verdict:
    return notify(ctx, f"what item '{change.path[1]}' is or how long it is kept ({change.path[2]})")


def _collection(ctx: Context, change: RawChange) -> Verdict:
    return notify(
        ctx,
        "where and what data is collected changes: announced before collecting (OP-5)",
        appi="APPI Art. 21(2)",
        gdpr="GDPR Art. 13(1)",
    )


def _purpose_added(ctx: Context, change: RawChange) -> Verdict:
    key = str(change.path[1])
    purpose = ctx.new.purposes.get(key)
    if purpose is None:
        return notify(ctx, f"a new purpose '{key}'")
    use = top_use(purpose.data_use)
    related = [k for k, p in ctx.old.purposes.items() if top_use(p.data_use) == use]
    if not related:
        return consent(
            ctx,
            f"a new purpose '{key}' of a kind ({use}) no existing purpose has: beyond the "
            "reasonably related scope",
        )
    if purpose.legal_basis == "consent":
        return consent(ctx, f"a new purpose '{key}' that rests on consent")
    return notify(
        ctx,
        f"a new purpose '{key}' within a reasonably related scope (a {use} use, like "
        f"'{related[0]}')",
    )


def _purpose_removed(ctx: Context, change: RawChange) -> Verdict:
    return notify(ctx, f"purpose '{change.path[1]}' ends: processing shrinks")


def _purpose_items(ctx: Context, change: RawChange) -> Verdict:
    key, item_key = str(change.path[1]), change.new if change.kind == "added" else change.old
    if change.kind == "changed":
        return editorial(f"the items of purpose '{key}' are listed in another order")
    if change.kind == "removed":
        return notify(ctx, f"purpose '{key}' no longer uses '{item_key}': processing shrinks")
    item = ctx.new.items.get(str(item_key))
    purpose = ctx.new.purposes.get(key)
    if item is not None and item.sensitive:
        return consent(
            ctx,
            f"purpose '{key}' starts using the sensitive item '{item_key}'",
            appi="APPI Art. 20(2)",
            gdpr="GDPR Art. 9(2)(a)",
        )
    if purpose is not None and purpose.legal_basis == "consent":
        return consent(
            ctx,
            f"the consent-based purpose '{key}' starts using '{item_key}': consent was given "
            "for the items listed then",
            appi="APPI Art. 17(2), 18(1)",
            gdpr="GDPR Art. 4(11), 6(1)(a)",
        )
    return notify(ctx, f"purpose '{key}' starts using '{item_key}' (reasonably related scope)")


def _purpose_masks(ctx: Context, change: RawChange) -> Verdict:
    key = change.path[1]
    if change.kind == "added":
        return notify(ctx, f"purpose '{key}' sees less of an item (a new mask)")
    return notify(ctx, f"purpose '{key}' sees more of an item (a mask lifted or changed)")


def _purpose_data_use(ctx: Context, change: RawChange) -> Verdict:
    key = change.path[1]
    if top_use(str(change.old)) == top_use(str(change.new)):
        return notify(
            ctx,
            f"purpose '{key}' changes its data use within {top_use(str(change.new))} "
            "(reasonably related scope)",
        )
    return consent(
        ctx,
        f"purpose '{key}' changes its kind of use from {change.old} to {change.new}: beyond the "
        "reasonably related scope",
    )


def _purpose_basis(ctx: Context, change: RawChange) -> Verdict:
    return consent(
        ctx,
        f"purpose '{change.path[1]}' moves from {change.old} to {change.new}",
        gdpr="GDPR Art. 6(1), 13(1)(c), 17(1)(b)",
    )


def _purpose_other(ctx: Context, change: RawChange) -> Verdict:
    return notify(ctx, f"purpose '{change.path[1]}' changes its {change.path[2]}")


def _role(ctx: Context, change: RawChange) -> Verdict:
    return editorial("internal access control: the purposes themselves are unchanged")


RULES: list[On] = [
    *(
        On((name, REST), _head)
        for name in (
            "format",
            "name",
            "version",
            "effective_date",
            "locales",
            "default_locale",
            "title",
            "preamble",
            "changelog",
            "changes",
            "exclusions",
        )
    ),
    On(("jurisdictions", REST), _jurisdictions),
    On(("organization", REST), _organization),
    On(("subject_kinds", ANY, "label"), _wording),
    On(("subject_kinds", ANY, "description"), _wording),
    On(("subject_kinds", REST), _subject_kind),
    On(("communities", "label"), _wording),
    On(("communities", "description"), _wording),
    On(("communities", "admin_purposes", REST), _community_purposes),
    On(("communities", REST), _community),
    On(("items", ANY), _item_added, kinds=("added",)),
    On(("items", ANY), _item_removed, kinds=("removed",)),
    On(("items", ANY, "sensitive"), _item_sensitive),
    On(("items", ANY, "visibility"), _item_visibility),
    On(("items", ANY, "label"), _wording),
    On(("items", ANY, "description"), _wording),
    *(
        On(("items", ANY, name, REST), _item_technical)
        for name in ("type", "choices", "max_length", "searchable", "financial_harm")
    ),
    On(("items", ANY, REST), _item_other),
    On(("collection_points", ANY, "label"), _wording),
    On(("collection_points", ANY, "description"), _wording),
    On(("collection_points", REST), _collection),
    On(("purposes", ANY), _purpose_added, kinds=("added",)),
    On(("purposes", ANY), _purpose_removed, kinds=("removed",)),
    On(("purposes", ANY, "label"), _wording),
    On(("purposes", ANY, "description"), _wording),
    On(("purposes", ANY, "items", REST), _purpose_items),
    On(("purposes", ANY, "masks", REST), _purpose_masks),
    On(("purposes", ANY, "data_use"), _purpose_data_use),
    On(("purposes", ANY, "legal_basis"), _purpose_basis),
    On(("purposes", ANY, REST), _purpose_other),
    On(("roles", REST), _role),
]
