"""Which purposes, provisions, items ... a change touches."""

from __future__ import annotations

from typing import Any

from mamori.policy.diff._model import Affected
from mamori.policy.diff._verdict import Context
from mamori.policy.diff._walk import RawChange

__all__ = ["affected_by"]


def affected_by(ctx: Context, change: RawChange) -> Affected:
    """The keys `change` touches, looked up in both versions (a removed key is still named)."""
    path = change.path
    section = str(path[0])
    key = str(path[1]) if len(path) > 1 else None
    touched = _values(change, ("items", "dimensions", "quasi_identifiers", "sensitive"))
    if section == "purposes" and key is not None:
        items = touched if len(path) > 2 else _keys_of(ctx, "purposes", key, "items")
        return Affected(purposes=(key,), items=items)
    if section == "items" and key is not None:
        return Affected(
            items=(key,),
            purposes=_using(ctx, "purposes", key),
            provisions=_using(ctx, "provisions", key),
        )
    if section == "provisions" and key is not None:
        items = touched if len(path) > 2 else _keys_of(ctx, "provisions", key, "items")
        return Affected(provisions=(key,), items=items)
    if section in {"statistics", "research"} and key is not None:
        items = touched if len(path) > 2 else _keys_of(ctx, section, key, "items")
        return Affected(**{section: (key,)}, items=items)
    if section == "recipients" and key is not None:
        users = {
            name
            for policy in (ctx.old, ctx.new)
            for name, provision in policy.provisions.items()
            if key in provision.recipients
        }
        return Affected(provisions=tuple(sorted(users)))
    if section in {"cookies", "modules", "joint_use"} and key is not None:
        items = _keys_of(ctx, "joint_use", key, "items") if section == "joint_use" else ()
        return Affected(**{section: (key,)}, items=items)
    if section == "collection_points" and key is not None:
        return Affected(
            items=_keys_of(ctx, section, key, "items"),
            purposes=_keys_of(ctx, section, key, "purposes"),
        )
    if section == "communities":
        return Affected(purposes=_values(change, ("admin_purposes",)))
    return Affected()


def _values(change: RawChange, fields: tuple[str, ...]) -> tuple[str, ...]:
    """The keys a change adds or removes in a list of keys (or lists in a whole new object)."""
    found: set[str] = set()
    for value in (change.old, change.new):
        if isinstance(value, str) and len(change.path) > 2 and change.path[2] in fields:
            found.add(value)
        elif isinstance(value, dict):
            for field in fields:
                listed = value.get(field)
                if isinstance(listed, list):
                    found.update(v for v in listed if isinstance(v, str))
    return tuple(sorted(found))


def _keys_of(ctx: Context, section: str, key: str, field: str) -> tuple[str, ...]:
    found: set[str] = set()
    for policy in (ctx.old, ctx.new):
        part: Any = getattr(policy, section).get(key)
        if part is not None:
            found.update(getattr(part, field))
    return tuple(sorted(found))


def _using(ctx: Context, section: str, item: str) -> tuple[str, ...]:
    return tuple(
        sorted(
            {
                name
                for policy in (ctx.old, ctx.new)
                for name, part in getattr(policy, section).items()
                if item in part.items
            }
        )
    )
