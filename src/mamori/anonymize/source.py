"""Rows from the register: every subject's items, read for one declared purpose.

Each value is read through `RegisterSession.read`, so the register checks the actor's role
against the purpose, applies the purpose's masks, and audits every read (allowed or refused)
as usual. A subject the purpose may not reach (the person suspended or objected to it, gave no
consent to a consent-based purpose, or is of a kind the purpose does not cover) is left out and
counted; any other refusal (the actor may not use the purpose, an item outside it) stops the
whole read. The subjects are listed with `RegisterSession.subject_ids`, audited like the reads.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mamori.errors import AccessDeniedError, NotFoundError, ValidationError

if TYPE_CHECKING:
    from mamori.register import Actor, Register

__all__ = ["NOT_GIVEN", "SKIPPED_RULES", "RegisterRows", "read_register"]

NOT_GIVEN = "(not given)"
"""The value of an item a subject does not have (a voluntary item left empty)."""

SKIPPED_RULES = frozenset({"suspended", "consent", "subject_kind"})
"""Refusals that concern one person, not the release: that subject is left out."""


@dataclass(frozen=True)
class RegisterRows:
    """Values read for one purpose: one column per item, one row per subject, in random order
    (never in subject-id order, which could link a released row back to its person)."""

    purpose: str
    items: tuple[str, ...]
    columns: dict[str, list[str]] = field(repr=False)
    listed: int
    """Subjects of the chosen kinds, not erased, when the read began."""
    skipped: Mapping[str, int]
    """Subjects left out, by the rule that refused them (suspended, consent, subject_kind,
    subject_erased)."""

    @property
    def rows(self) -> int:
        return len(self.columns[self.items[0]]) if self.items else 0

    def to_dicts(self) -> Iterator[dict[str, str]]:
        for index in range(self.rows):
            yield {item: self.columns[item][index] for item in self.items}


def read_register(
    register: Register,
    actor: Actor,
    purpose: str,
    items: Sequence[str],
    *,
    kinds: Collection[str] | None = None,
    batch: int = 1000,
) -> RegisterRows:
    """Read `items` of every subject of `kinds` for `purpose`, as `actor`.

    `kinds` defaults to the kinds the purpose covers (all when it names none). An item a subject
    does not have reads as `NOT_GIVEN`. Subjects are read `batch` at a time, one register
    session (one transaction, its audit events committed with it) per batch.
    """
    policy = register.policy
    declared = policy.purposes.get(purpose)
    if declared is None:
        raise ValidationError(f"the policy declares no purpose '{purpose}'", field="purpose")
    wanted = tuple(dict.fromkeys(items))
    if not wanted:
        raise ValidationError("name at least one item to read", field="items")
    if batch < 1:
        raise ValidationError("batch must be 1 or more", field="batch")
    chosen = _kinds(policy.subject_kinds, declared.subject_kinds, kinds)
    with register.session() as session:
        ids = session.subject_ids(actor, purpose, chosen)
    random.SystemRandom().shuffle(ids)
    columns: dict[str, list[str]] = {item: [] for item in wanted}
    skipped: Counter[str] = Counter()
    for start in range(0, len(ids), batch):
        with register.session() as session:
            for subject in ids[start : start + batch]:
                try:
                    values = session.read(actor, subject, purpose, wanted)
                except AccessDeniedError as refused:
                    if refused.rule not in SKIPPED_RULES:
                        raise
                    skipped[str(refused.rule)] += 1
                    continue
                except NotFoundError:  # erased since the listing
                    skipped["subject_erased"] += 1
                    continue
                for item in wanted:
                    value = values.get(item)
                    columns[item].append(NOT_GIVEN if value is None else value.reveal())
    return RegisterRows(purpose, wanted, columns, len(ids), dict(skipped))


def _kinds(
    known: Iterable[str], covered: Sequence[str] | None, asked: Collection[str] | None
) -> list[str]:
    declared = list(known)
    if asked is None:
        return list(covered) if covered is not None else declared
    unknown = sorted(set(asked) - set(declared))
    if unknown:
        raise ValidationError(
            f"unknown subject kind {', '.join(unknown)}; use {', '.join(declared)}",
            field="kinds",
        )
    return list(asked)
