"""What a policy diff is made of: changes, their classification and what they affect."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "CLASSIFICATIONS",
    "Affected",
    "Change",
    "ChangeKind",
    "Classification",
    "PathTuple",
    "PolicyDiff",
    "format_path",
    "strongest",
]

PathTuple = tuple[str | int, ...]
ChangeKind = Literal["added", "removed", "changed"]
Classification = Literal["editorial", "notify", "consent_required"]
CLASSIFICATIONS: tuple[Classification, ...] = ("editorial", "notify", "consent_required")
"""From the weakest to the strongest."""


def strongest(classifications: Iterable[Classification]) -> Classification:
    """The strongest classification of `classifications`; editorial when there is none."""
    return max(classifications, key=CLASSIFICATIONS.index, default="editorial")


def format_path(path: PathTuple) -> str:
    """`("purposes", "ads", "items", 2)` -> `purposes.ads.items[2]`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


@dataclass(frozen=True)
class Affected:
    """The keys of the policy's parts a change touches: whom to tell, or whose consent to ask."""

    purposes: tuple[str, ...] = ()
    provisions: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    statistics: tuple[str, ...] = ()
    research: tuple[str, ...] = ()
    cookies: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    joint_use: tuple[str, ...] = ()

    def __or__(self, other: Affected) -> Affected:
        return Affected(
            **{
                name: tuple(sorted({*getattr(self, name), *getattr(other, name)}))
                for name in self.__dataclass_fields__
            }
        )

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in self.__dataclass_fields__)

    def to_dict(self) -> dict[str, list[str]]:
        return {name: list(getattr(self, name)) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class Change:
    """One difference between two versions of a policy, classified.

    `path` is where it is in the file (the new file's place for added or changed values, the
    old file's for removed ones); `old` and `new` are JSON values (None when absent).
    """

    path: PathTuple
    kind: ChangeKind
    old: Any
    new: Any
    classification: Classification
    reason: str
    citation: str
    affected: Affected = field(default_factory=Affected)

    @property
    def location(self) -> str:
        return format_path(self.path)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.location,
            "kind": self.kind,
            "old": self.old,
            "new": self.new,
            "classification": self.classification,
            "reason": self.reason,
            "citation": self.citation,
            "affected": self.affected.to_dict(),
        }


@dataclass(frozen=True)
class PolicyDiff:
    """The classified changes from one policy version to the next.

    `classification` is the strongest of the changes' (editorial when nothing changed);
    `affected` gathers what every notify or consent_required change touches, and
    `consent_affected` what the consent_required changes touch: the purposes, provisions and
    items for which people must be asked again before the new use starts (OP-16).
    """

    old_version: str
    new_version: str
    old_hash: str
    new_hash: str
    changes: tuple[Change, ...]

    @property
    def classification(self) -> Classification:
        return strongest(change.classification for change in self.changes)

    @property
    def unchanged(self) -> bool:
        return not self.changes

    @property
    def affected(self) -> Affected:
        return _union(c.affected for c in self.changes if c.classification != "editorial")

    @property
    def consent_affected(self) -> Affected:
        return _union(c.affected for c in self.changes if c.classification == "consent_required")

    def of(self, classification: Classification) -> tuple[Change, ...]:
        """The changes of one classification."""
        return tuple(c for c in self.changes if c.classification == classification)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old_version": self.old_version,
            "new_version": self.new_version,
            "old_hash": self.old_hash,
            "new_hash": self.new_hash,
            "classification": self.classification,
            "counts": {name: len(self.of(name)) for name in CLASSIFICATIONS},
            "affected": self.affected.to_dict(),
            "consent_affected": self.consent_affected.to_dict(),
            "changes": [change.to_dict() for change in self.changes],
        }


def _union(parts: Iterable[Affected]) -> Affected:
    total = Affected()
    for part in parts:
        total = total | part
    return total
