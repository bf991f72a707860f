"""Synthetic people for a policy: which kinds, at which collection points, with which values.

Each subject is made from `(seed, index)` alone, so subject 7 of seed 42 is the same person
whichever batch, process or order makes it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from mamori.errors import ValidationError
from mamori.policy import Policy
from mamori.register import Actor

__all__ = ["CollectionPlan", "DemoSubject", "SyntheticPeople"]

_FAKER_LOCALES = {"ja": "ja_JP", "en": "en_US", "fr": "fr_FR"}
_VOLUNTARY_SHARE = 0.8
"""How often a voluntary item is filled in."""


@dataclass(frozen=True)
class CollectionPlan:
    """Subjects of `kind` are registered at `point` by `collector` (None: the person themself,
    when no application role may collect there)."""

    kind: str
    point: str
    items: tuple[str, ...]
    collector: Actor | None
    weight: int


@dataclass(frozen=True)
class DemoSubject:
    id: str
    kind: str
    collection_point: str
    actor: Actor
    language: str
    values: dict[str, str]

    def __repr__(self) -> str:  # fake, but shaped like personal data: never printed whole
        return (
            f"DemoSubject({self.id}, {self.kind}, {self.collection_point}, {sorted(self.values)})"
        )


class SyntheticPeople:
    """Fake subjects for `policy`, in its locales, filling the items of its collection points."""

    def __init__(self, policy: Policy, *, seed: int) -> None:
        from faker import Faker
        from faker.config import AVAILABLE_LOCALES

        self.policy = policy
        self.seed = seed
        self.plans = _plans(policy)
        if not self.plans:
            raise ValidationError(
                f"policy {policy.name} has no collection point that accepts any of its subject "
                "kinds; declare collection_points to load demo subjects",
                field="collection_points",
            )
        self.notes: list[str] = []
        self.languages: list[str] = []
        self._fakers: dict[str, Any] = {}
        for language in policy.locales:
            locale = _faker_locale(language, AVAILABLE_LOCALES)
            if locale is None:
                self.notes.append(f"no Faker locale for '{language}': en_US values used instead")
                locale = "en_US"
            self.languages.append(language)
            self._fakers[language] = Faker(locale)
        # The policy's own language leads; the others appear too.
        self._language_weights = [
            3 if language == policy.default_locale else 1 for language in self.languages
        ]
        self._plan_weights = [plan.weight for plan in self.plans]
        self.notes.extend(_skipped_kinds(policy, self.plans))

    def subject_id(self, index: int) -> str:
        return f"demo-{self.seed}-{index:07d}"

    def subject(self, index: int) -> DemoSubject:
        from mamori.demo._values import fake_value

        rng = random.Random(f"mamori-demo:{self.seed}:{index}")
        plan = rng.choices(self.plans, self._plan_weights)[0]
        language = rng.choices(self.languages, self._language_weights)[0]
        fake = self._fakers[language]
        fake.seed_instance(rng.getrandbits(64))
        items = self.policy.items
        values = {
            key: fake_value(key, items[key], fake=fake, language=language, rng=rng, index=index)
            for key in plan.items
            if items[key].required or rng.random() < _VOLUNTARY_SHARE
        }
        subject_id = self.subject_id(index)
        actor = plan.collector or Actor.subject(subject_id)
        return DemoSubject(subject_id, plan.kind, plan.point, actor, language, values)


def _faker_locale(language: str, available: list[str]) -> str | None:
    code = language.replace("-", "_")
    for candidate in (_FAKER_LOCALES.get(code), code, f"{code}_{code.upper()}"):
        if candidate in available:
            return candidate
    return None


def _plans(policy: Policy) -> list[CollectionPlan]:
    """For each subject kind, the collection point that registers it best: the one asking most
    of the items it requires, then most items (a sign-up form rather than a cookie banner)."""
    plans = []
    for kind, declared in policy.subject_kinds.items():
        held = {
            key
            for key, item in policy.items.items()
            if item.subject_kinds is None or kind in item.subject_kinds
        }
        candidates = []
        for order, (name, point) in enumerate(policy.collection_points.items()):
            if point.subject_kinds is not None and kind not in point.subject_kinds:
                continue
            items = tuple(key for key in point.items if key in held)
            required = sum(1 for key in items if policy.items[key].required)
            candidates.append(((required, len(items), -order), name, items))
        if not candidates:
            continue
        _, name, items = max(candidates)
        weight = 4 if declared.registered else 1
        plans.append(CollectionPlan(kind, name, items, _collector(policy, name), weight))
    return plans


def _collector(policy: Policy, point_name: str) -> Actor | None:
    purposes = set(policy.collection_points[point_name].purposes)
    roles = sorted(
        name
        for name, role in policy.roles.items()
        if "application" in role.actor_kinds and purposes & set(role.purposes)
    )
    return Actor.application("demo-load", *roles) if roles else None


def _skipped_kinds(policy: Policy, plans: list[CollectionPlan]) -> list[str]:
    planned = {plan.kind for plan in plans}
    return [
        f"subject kind {kind}: no collection point accepts it, none made"
        for kind in policy.subject_kinds
        if kind not in planned
    ]
