"""Validate the document against the model, and still check the rest when some parts are broken.

Pydantic builds nothing when one field is wrong, so cross-references could not be checked until
every field was right. Instead, the broken parts are dropped (a bad field, else its entry) and
the rest is validated again, a few rounds at most; the Policy so obtained is checked for
references, and references to the dropped entries are not reported (they were already).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError as PydanticValidationError

from mamori.policy._checks import check_policy
from mamori.policy._messages import Finding, describe_errors, locate_error
from mamori.policy._problems import PathTuple, step_into
from mamori.policy.model import Policy

__all__ = ["Outcome", "validate"]

_MAX_ROUNDS = 12

# Stand-ins for required top-level fields that nothing refers to, so that a broken one does
# not stop the other checks. They never reach the caller: the file is refused anyway.
_STAND_INS: dict[str, Any] = {
    "format": 1,
    "name": "stand_in",
    "version": "stand-in",
    "effective_date": date(2000, 1, 1),
    "locales": ["en"],
    "default_locale": "en",
    "jurisdictions": ["JP"],
    "organization": {"legal_name": "stand-in"},
    "rights": {"channels": [{"kind": "online"}], "verification": [{"kind": "session"}]},
}


class _Tracked(list[Any]):
    """A list that remembers the original index of each element left in it."""

    origin: list[int]


@dataclass
class Outcome:
    """The policy when the file is valid, and every finding (paths as written in the file)."""

    policy: Policy | None
    findings: list[Finding] = field(default_factory=list)


def validate(data: dict[str, Any]) -> Outcome:
    try:
        policy = Policy.model_validate(data)
    except PydanticValidationError as error:
        findings = describe_errors(error.errors(include_url=False), data)
    else:
        return Outcome(policy, check_policy(policy, lambda kind, key: False))
    tree = _track(data)
    pruned: list[PathTuple] = []
    checked = _check_pruned(tree, pruned)
    return Outcome(None, findings + checked)


def _check_pruned(tree: dict[str, Any], pruned: list[PathTuple]) -> list[Finding]:
    """Drop broken parts until the rest validates, then check it; [] if it never does."""
    for _ in range(_MAX_ROUNDS):
        try:
            policy = Policy.model_validate(tree)
        except PydanticValidationError as error:
            if not _drop(tree, error, pruned):
                return []
            continue

        def suppressed(kind: str, key: str) -> bool:
            return any(path[0] == kind and (len(path) == 1 or path[1] == key) for path in pruned)

        return [
            Finding(
                _translate(tree, finding.path),
                finding.message,
                finding.hint,
                finding.code,
                None if finding.at is None else _translate(tree, finding.at),
            )
            for finding in check_policy(policy, suppressed)
        ]
    return []


def _drop(tree: dict[str, Any], error: PydanticValidationError, pruned: list[PathTuple]) -> bool:
    targets: set[PathTuple] = set()
    stood_in = False
    for detail in error.errors(include_url=False):
        path, _ = locate_error(detail["loc"], tree)
        if detail["type"] == "missing":
            path = path[:-1]
        if not path:
            if not _stand_in(tree, ("locales", "default_locale"), pruned):
                return False
            stood_in = True
            continue
        if len(path) == 1 and isinstance(path[0], str) and path[0] in _STAND_INS:
            if not _stand_in(tree, (path[0],), pruned):
                return False
            stood_in = True
            continue
        targets.add(path)
    changed = stood_in
    order = sorted(targets, key=lambda p: [(isinstance(s, str), s) for s in p], reverse=True)
    for path in order:
        original = _translate(tree, path)
        if _delete(tree, path):
            pruned.append(original)
            changed = True
    return changed


def _stand_in(tree: dict[str, Any], names: tuple[str, ...], pruned: list[PathTuple]) -> bool:
    if all(tree.get(name) == _STAND_INS[name] for name in names):
        return False  # already stood in: the fault lies elsewhere
    for name in names:
        tree[name] = _track(_STAND_INS[name])
        pruned.append((name,))
    return True


def _track(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _track(item) for key, item in value.items()}
    if isinstance(value, list):
        tracked = _Tracked(_track(item) for item in value)
        tracked.origin = list(range(len(value)))
        return tracked
    return value


def _translate(tree: Any, path: PathTuple) -> PathTuple:
    """A path in the pruned tree, as it was in the file."""
    result: list[str | int] = []
    node = tree
    for step in path:
        if isinstance(node, _Tracked) and isinstance(step, int) and 0 <= step < len(node):
            result.append(node.origin[step])
            node = node[step]
        elif isinstance(node, dict) and step in node:
            result.append(step)
            node = node[step]
        else:
            result.append(step)
            node = None
    return tuple(result)


def _delete(tree: Any, path: PathTuple) -> bool:
    node = tree
    for step in path[:-1]:
        found, node = step_into(node, step)
        if not found:
            return False
    last = path[-1]
    if isinstance(node, dict) and last in node:
        del node[last]
        return True
    if isinstance(node, _Tracked) and isinstance(last, int) and 0 <= last < len(node):
        del node[last]
        del node.origin[last]
        return True
    return False
