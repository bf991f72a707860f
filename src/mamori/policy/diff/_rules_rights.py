"""Classification of changes to the rights procedure and the security measures."""

from __future__ import annotations

from mamori.policy.diff._verdict import ANY, REST, Context, On, Verdict, editorial, notify
from mamori.policy.diff._walk import RawChange

__all__ = ["RULES"]

_PROCEDURE = "APPI Art. 32(1)(iii), 37"
_RIGHTS = "GDPR Art. 12, 13(2)(b)"


def _security(ctx: Context, change: RawChange) -> Verdict:
    return editorial("security measures: how data is protected, not what is done with it")


def _procedure(ctx: Context, change: RawChange) -> Verdict:
    return editorial("how requests are made or answered; people's rights are unchanged")


def _fee(ctx: Context, change: RawChange) -> Verdict:
    if change.kind == "removed" and len(change.path) == 3:
        return editorial("a fee is dropped")
    lowered = (
        isinstance(change.old, int) and isinstance(change.new, int) and change.new <= change.old
    )
    if change.path[-1] == "amount" and lowered:
        return editorial("a fee is lowered")
    if change.path[-1] == "note":
        return editorial("the wording of a fee's note")
    return notify(
        ctx,
        "a fee is added or raised, or applies to more requests",
        appi="APPI Art. 32(1)(iii), 38",
        gdpr=_RIGHTS,
    )


def _request_kinds(ctx: Context, change: RawChange) -> Verdict:
    if change.kind == "removed":
        return notify(
            ctx, f"{change.old} requests are no longer offered", appi=_PROCEDURE, gdpr=_RIGHTS
        )
    return editorial("a further kind of request is offered")


def _refusal_grounds(ctx: Context, change: RawChange) -> Verdict:
    if change.kind == "added":
        return notify(
            ctx,
            f"requests may now be refused on the ground {change.new}",
            appi="APPI Art. 32(1)(iii)",
            gdpr="GDPR Art. 12(4)-(5)",
        )
    return editorial("a refusal ground is dropped")


def _deadline(ctx: Context, change: RawChange) -> Verdict:
    before, after = ctx.old.rights.response_deadline, ctx.new.rights.response_deadline
    if after is None or (before is not None and after <= before):
        return editorial("requests are answered sooner")
    return notify(
        ctx, "requests may take longer to answer", appi=_PROCEDURE, gdpr="GDPR Art. 12(3)"
    )


def _agents(ctx: Context, change: RawChange) -> Verdict:
    if change.new is False:
        return notify(
            ctx,
            "requests through agents are no longer accepted",
            appi="APPI Art. 37(3)",
            gdpr="GDPR Art. 12",
        )
    return editorial("requests through agents are accepted")


RULES: list[On] = [
    On(("security_measures", REST), _security),
    On(("rights", "fees", REST), _fee),
    On(("rights", "request_kinds", REST), _request_kinds),
    On(("rights", "refusal_grounds", ANY), _refusal_grounds),
    On(("rights", "response_deadline"), _deadline),
    On(("rights", "agents_allowed"), _agents),
    On(("rights", REST), _procedure),
]
