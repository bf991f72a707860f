"""Classification of changes to what others receive: trackers, provisions, releases, entrustees,
joint use and storage."""

from __future__ import annotations

from typing import Any

from mamori.policy.diff._verdict import (
    ANY,
    REST,
    Context,
    Handler,
    On,
    Verdict,
    consent,
    editorial,
    notify,
)
from mamori.policy.diff._walk import RawChange

__all__ = ["RULES"]

_WORDING = "a change of wording: what is done with the data stays the same"
_TRACKER_CONSENT = "ePrivacy Directive Art. 5(3)"
_TRACKER_NOTICE_JP = "Telecommunications Business Act Art. 27-12"
_CONSENT_TRANSFERS = frozenset({"consent", "derogation"})


def _wording(ctx: Context, change: RawChange) -> Verdict:
    return editorial(_WORDING)


def _tracker_category(ctx: Context, section: str, key: str) -> str | None:
    tracker: Any = getattr(ctx.new, section).get(key) or getattr(ctx.old, section).get(key)
    return None if tracker is None else str(tracker.category)


_CONSENT_FIELDS = frozenset({"category", "provider", "provider_country"})
"""Fields of a tracker whose change asks consent again (EU); others, such as lifetime, notify."""


def _tracker(what: str) -> Handler:
    """A handler for a change to a cookie or module: under the EU, a non-essential tracker that
    is added, sends more, serves more purposes or goes to another provider needs consent."""

    def handler(ctx: Context, change: RawChange) -> Verdict:
        section, key = str(change.path[0]), str(change.path[1])
        category = _tracker_category(ctx, section, key)
        detail = f"changes its {change.path[2]}" if what == "changes" else what
        reason = f"{section[:-1]} '{key}' {detail}"
        if change.kind == "removed":
            shrinks = "is removed" if len(change.path) == 2 else f"drops from {change.path[2]}"
            return notify(ctx, f"{section[:-1]} '{key}' {shrinks}", appi=_TRACKER_NOTICE_JP)
        field = str(change.path[2]) if len(change.path) > 2 else None
        asks = what != "changes" or field in _CONSENT_FIELDS
        if ctx.eu and asks and category not in {None, "essential"}:
            return consent(
                ctx,
                f"{reason} ({category}): set only with consent",
                appi=None,
                gdpr=_TRACKER_CONSENT,
            )
        return notify(ctx, reason, appi=_TRACKER_NOTICE_JP, gdpr=_TRACKER_CONSENT)

    return handler


def _recipient_country(ctx: Context, change: RawChange) -> Verdict:
    key = change.path[1]
    if ctx.jp and str(change.new).upper() != "JP":
        return consent(
            ctx,
            f"recipient '{key}' moves to {change.new}: consent to provision abroad was given for "
            "the country named then",
            appi="APPI Art. 28(1)-(2)",
            gdpr="GDPR Art. 13(1)(f)",
        )
    return notify(ctx, f"recipient '{key}' moves to {change.new}")


def _recipient_route(ctx: Context, change: RawChange) -> Verdict:
    key = change.path[1]
    if change.path[2] == "foreign_route" and change.new == "consent":
        return consent(
            ctx, f"provision to recipient '{key}' now rests on consent", appi="APPI Art. 28(1)"
        )
    return notify(
        ctx, f"the Art. 28 information on recipient '{key}' changes", appi="APPI Art. 28(2)"
    )


def _recipient(ctx: Context, change: RawChange) -> Verdict:
    key = change.path[1]
    if len(change.path) == 2:
        return notify(ctx, f"recipient '{key}' is {change.kind}", appi="APPI Art. 27(1), 29(1)")
    return notify(ctx, f"the identity of recipient '{key}' changes", appi="APPI Art. 29(1)")


def _provision_basis(ctx: Context, key: str) -> str:
    provision = ctx.new.provisions.get(key) or ctx.old.provisions.get(key)
    return "consent" if provision is None else provision.basis


def _provision_added(ctx: Context, change: RawChange) -> Verdict:
    key = str(change.path[1])
    if _provision_basis(ctx, key) == "opt_out":
        return notify(
            ctx,
            f"a new opt-out provision '{key}': the PPC and the persons are told in advance",
            appi="APPI Art. 27(2)-(3)",
        )
    return consent(
        ctx,
        f"a new third-party provision '{key}'",
        appi="APPI Art. 27(1)",
        gdpr="GDPR Art. 6(1)(a), 13(3)",
    )


def _provision_grows(ctx: Context, change: RawChange) -> Verdict:
    key, field = str(change.path[1]), str(change.path[2])
    if change.kind != "added":
        return notify(ctx, f"provision '{key}' shrinks ({field})", appi="APPI Art. 27(1)")
    what = {"items": "gains an item", "recipients": "gains a recipient"}.get(
        field, "gains a recipient purpose"
    )
    if _provision_basis(ctx, key) == "opt_out":
        return notify(
            ctx, f"opt-out provision '{key}' {what}: told in advance", appi="APPI Art. 27(3)"
        )
    return consent(
        ctx, f"provision '{key}' {what}", appi="APPI Art. 27(1)", gdpr="GDPR Art. 6(1)(a), 13(3)"
    )


def _provision_basis_change(ctx: Context, change: RawChange) -> Verdict:
    return consent(
        ctx,
        f"provision '{change.path[1]}' moves from {change.old} to {change.new}",
        appi="APPI Art. 27(1)-(2)",
        gdpr="GDPR Art. 6(1)",
    )


def _provision_other(ctx: Context, change: RawChange) -> Verdict:
    key = change.path[1]
    if len(change.path) == 2:
        return notify(ctx, f"provision '{key}' ends: processing shrinks", appi="APPI Art. 27(1)")
    return notify(ctx, f"provision '{key}' changes its {change.path[2]}", appi="APPI Art. 27")


def _legal_exceptions(ctx: Context, change: RawChange) -> Verdict:
    return notify(
        ctx, "the legal exceptions the notice lists change", appi="APPI Art. 27(1)", gdpr=None
    )


def _release_added(ctx: Context, change: RawChange) -> Verdict:
    return consent(
        ctx,
        f"a new {change.path[0]} hand-over '{change.path[1]}' to third parties",
        appi="APPI Art. 17(2), 18(1), 27(1)",
        gdpr="GDPR Art. 6(4), 89(1)",
    )


def _release_threshold(ctx: Context, change: RawChange) -> Verdict:
    key, field = change.path[1], change.path[2]
    lowered = change.old is not None and (change.new is None or change.new < change.old)
    if lowered:
        return notify(ctx, f"{change.path[0]} '{key}' protect smaller groups ({field} lowered)")
    return editorial(f"{change.path[0]} '{key}' protect larger groups ({field} raised)")


def _release_other(ctx: Context, change: RawChange) -> Verdict:
    if len(change.path) == 2:
        return notify(ctx, f"{change.path[0]} '{change.path[1]}' end: processing shrinks")
    return notify(ctx, f"{change.path[0]} '{change.path[1]}' change their {change.path[2]}")


def _entrustee(ctx: Context, change: RawChange) -> Verdict:
    key = str(change.path[1])
    entrustee = ctx.new.entrustees.get(key) or ctx.old.entrustees.get(key)
    abroad = entrustee is not None and (entrustee.country or "JP").upper() != "JP"
    if ctx.jp and abroad:
        return notify(
            ctx,
            f"entrustee '{key}' abroad is {change.kind} or changes",
            appi="APPI Art. 28(1), 32(1)(iv)",
            gdpr="GDPR Art. 13(1)(e)-(f)",
        )
    if ctx.eu:
        return notify(
            ctx,
            f"entrustee '{key}' is {change.kind} or changes",
            appi=None,
            gdpr="GDPR Art. 13(1)(e)",
        )
    return editorial("entrustment is not provision: the notice need not name entrustees")


def _joint_use_items(ctx: Context, change: RawChange) -> Verdict:
    key = change.path[1]
    if change.kind == "added" or change.path[2] == "joint_users":
        return consent(
            ctx,
            f"joint use '{key}' covers more items or other joint users",
            appi="APPI Art. 27(5)(iii); PPC guideline (general) 3-6-3",
            gdpr="GDPR Art. 26",
        )
    return notify(ctx, f"joint use '{key}' shrinks", appi="APPI Art. 27(5)(iii)")


def _joint_use(ctx: Context, change: RawChange) -> Verdict:
    key = change.path[1]
    if len(change.path) == 2:
        return notify(
            ctx,
            f"joint use '{key}' is {change.kind}: announced in advance",
            appi="APPI Art. 27(5)(iii)",
            gdpr="GDPR Art. 26(2)",
        )
    return notify(
        ctx,
        f"joint use '{key}' changes its {change.path[2]}",
        appi="APPI Art. 27(6)",
        gdpr="GDPR Art. 26(2)",
    )


def _storage(ctx: Context, change: RawChange) -> Verdict:
    basis = None
    if change.kind == "added" and isinstance(change.new, dict):
        basis = change.new.get("transfer_basis")
    elif change.path[-1] == "transfer_basis":
        basis = change.new
    if basis in _CONSENT_TRANSFERS:
        return consent(
            ctx,
            f"a transfer abroad rests on the person's consent ({basis})",
            appi="APPI Art. 28(1)",
            gdpr="GDPR Art. 49(1)(a)",
        )
    if change.path[-1] in {"description", "transfer_note"}:
        return editorial(_WORDING)
    return notify(
        ctx,
        "where data is stored or on what basis it crosses a border changes",
        appi="APPI Art. 28, 32(1)(iv)",
        gdpr="GDPR Art. 13(1)(f)",
    )


def _general_text(ctx: Context, change: RawChange) -> Verdict:
    return editorial("a general statement of the notice, no declared processing")


RULES: list[On] = [
    On(("cookies", ANY, "label"), _wording),
    On(("cookies", ANY, "purpose"), _wording),
    On(("cookies", ANY, "holds"), _wording),
    On(("cookies", ANY), _tracker("is added"), kinds=("added", "removed")),
    On(("cookies", ANY, REST), _tracker("changes")),
    *(
        On(("modules", ANY, name), _wording)
        for name in ("label", "purpose", "policy_url", "terms_url", "opt_out")
    ),
    On(("modules", ANY), _tracker("is added"), kinds=("added", "removed")),
    On(("modules", ANY, "sends", REST), _tracker("sends more")),
    On(("modules", ANY, "provider_purposes", REST), _tracker("gains provider purposes")),
    On(("modules", ANY, REST), _tracker("changes")),
    On(("recipients", ANY, "country"), _recipient_country),
    On(("recipients", ANY, "foreign_route"), _recipient_route),
    On(("recipients", ANY, "country_regime"), _recipient_route),
    On(("recipients", ANY, "recipient_measures"), _recipient_route),
    On(("recipients", ANY, "address"), _wording),
    On(("recipients", ANY, "representative"), _wording),
    On(("recipients", ANY, "policy_url"), _wording),
    On(("recipients", REST), _recipient),
    On(("provisions", ANY), _provision_added, kinds=("added",)),
    On(("provisions", ANY, "label"), _wording),
    On(("provisions", ANY, "description"), _wording),
    On(("provisions", ANY, "recipient_description"), _wording),
    On(("provisions", ANY, "items", ANY), _provision_grows),
    On(("provisions", ANY, "recipients", ANY), _provision_grows),
    On(("provisions", ANY, "recipient_purposes", ANY), _provision_grows),
    On(("provisions", ANY, "basis"), _provision_basis_change),
    On(("provisions", REST), _provision_other),
    On(("legal_exceptions", REST), _legal_exceptions),
    On(("statistics", ANY), _release_added, kinds=("added",)),
    On(("research", ANY), _release_added, kinds=("added",)),
    On(("statistics", ANY, "label"), _wording),
    On(("research", ANY, "label"), _wording),
    On(("statistics", ANY, "min_cell_size"), _release_threshold),
    On(("research", ANY, "k"), _release_threshold),
    On(("research", ANY, "l_diversity"), _release_threshold),
    On(("statistics", REST), _release_other),
    On(("research", REST), _release_other),
    *(
        On(("entrustees", ANY, name), _wording)
        for name in ("name", "task", "address", "location", "agreement", "supervision")
    ),
    On(("entrustees", REST), _entrustee),
    On(("outsourcing",), _general_text),
    On(("joint_use_note",), _general_text),
    On(("third_party_sources",), _general_text),
    On(("joint_use", ANY, "items", ANY), _joint_use_items),
    On(("joint_use", ANY, "joint_users"), _joint_use_items),
    On(("joint_use", REST), _joint_use),
    On(("storage", REST), _storage),
]
