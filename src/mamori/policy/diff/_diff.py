"""`diff_policies`: walk two versions, classify each change, gather what it affects."""

from __future__ import annotations

import json
from collections import Counter

from mamori.policy.diff import _rules_data, _rules_rights, _rules_sharing
from mamori.policy.diff._affected import affected_by
from mamori.policy.diff._model import Affected, Change, PolicyDiff
from mamori.policy.diff._verdict import Context, On, Verdict, editorial, notify
from mamori.policy.diff._walk import RawChange, walk
from mamori.policy.model import Policy

__all__ = ["CLASSIFICATION_RULES", "diff_policies"]

CLASSIFICATION_RULES: tuple[On, ...] = (
    *_rules_data.RULES,
    *_rules_sharing.RULES,
    *_rules_rights.RULES,
)
"""Tried in order; the first whose pattern matches and whose handler gives a verdict wins."""


def diff_policies(old: Policy, new: Policy) -> PolicyDiff:
    """The classified changes from `old` to `new` (see docs/policy-changes.md)."""
    ctx = Context(old, new)
    changes = []
    for raw in walk(old.model_dump(mode="json"), new.model_dump(mode="json")):
        verdict = _classify(ctx, raw)
        affected = Affected() if verdict.classification == "editorial" else affected_by(ctx, raw)
        changes.append(
            Change(
                path=raw.path,
                kind=raw.kind,
                old=raw.old,
                new=raw.new,
                classification=verdict.classification,
                reason=verdict.reason,
                citation=verdict.citation,
                affected=affected,
            )
        )
    return PolicyDiff(
        old_version=old.version,
        new_version=new.version,
        old_hash=old.content_hash,
        new_hash=new.content_hash,
        changes=tuple(changes),
    )


def _classify(ctx: Context, raw: RawChange) -> Verdict:
    if _reordered(raw):
        return editorial("the same entries in another order")
    for candidate in CLASSIFICATION_RULES:
        if candidate.applies(raw):
            verdict = candidate.handler(ctx, raw)
            if verdict is not None:
                return verdict
    return notify(ctx, "a change no rule classifies: announced to be safe")


def _reordered(raw: RawChange) -> bool:
    if raw.kind != "changed" or not (isinstance(raw.old, list) and isinstance(raw.new, list)):
        return False
    return Counter(map(_canonical, raw.old)) == Counter(map(_canonical, raw.new))


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
