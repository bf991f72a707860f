"""A structural diff of two policies' JSON forms, before any classification."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mamori.policy.diff._model import ChangeKind, PathTuple
from mamori.policy.model import SUPPORTED_LOCALES

__all__ = ["RawChange", "walk"]

_LOCALES = frozenset({*SUPPORTED_LOCALES, "*"})


@dataclass(frozen=True)
class RawChange:
    path: PathTuple
    kind: ChangeKind
    old: Any
    new: Any


def walk(old: Any, new: Any, path: PathTuple = ()) -> Iterator[RawChange]:
    """Every difference between `old` and `new`, at the deepest level that means something.

    A localized text is one value; a keyed mapping differs key by key; a list is compared as a
    multiset (added and removed elements), except that a reordering alone is one change and
    lists of objects of the same length are compared element by element.
    """
    if old == new:
        return
    if old is None:
        yield RawChange(path, "added", None, new)
    elif new is None:
        yield RawChange(path, "removed", old, None)
    elif _is_mapping(old) and _is_mapping(new):
        yield from _walk_mapping(old, new, path)
    elif isinstance(old, list) and isinstance(new, list):
        yield from _walk_list(old, new, path)
    else:
        yield RawChange(path, "changed", old, new)


def _is_mapping(value: Any) -> bool:
    return isinstance(value, dict) and not _is_text(value)


def _is_text(value: dict[str, Any]) -> bool:
    return bool(value) and all(
        key in _LOCALES and isinstance(text, str) for key, text in value.items()
    )


def _walk_mapping(old: dict[str, Any], new: dict[str, Any], path: PathTuple) -> Iterator[RawChange]:
    for key in old:
        if key not in new:
            yield RawChange((*path, key), "removed", old[key], None)
        else:
            yield from walk(old[key], new[key], (*path, key))
    for key in new:
        if key not in old:
            yield RawChange((*path, key), "added", None, new[key])


def _walk_list(old: list[Any], new: list[Any], path: PathTuple) -> Iterator[RawChange]:
    old_keys = [_canonical(value) for value in old]
    new_keys = [_canonical(value) for value in new]
    if Counter(old_keys) == Counter(new_keys):
        yield RawChange(path, "changed", old, new)
        return
    if len(old) == len(new) and all(isinstance(value, dict) for value in (*old, *new)):
        for index, (before, after) in enumerate(zip(old, new, strict=True)):
            yield from walk(before, after, (*path, index))
        return
    removed = Counter(old_keys) - Counter(new_keys)
    added = Counter(new_keys) - Counter(old_keys)
    for index, key in enumerate(old_keys):
        if removed[key] > 0:
            removed[key] -= 1
            yield RawChange((*path, index), "removed", old[index], None)
    for index, key in enumerate(new_keys):
        if added[key] > 0:
            added[key] -= 1
            yield RawChange((*path, index), "added", None, new[index])


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
