"""The policy file as a whole, and the checks that need more than one part of it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from functools import cached_property
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from mamori.policy.model.base import Key, Locale, LocalizedText, PolicyModel
from mamori.policy.model.data import CollectionPoint, Community, Item, SubjectKind
from mamori.policy.model.organization import Jurisdiction, Organization
from mamori.policy.model.purposes import Purpose, Role
from mamori.policy.model.rights import RightsProcedure
from mamori.policy.model.sharing import (
    Cookie,
    Entrustee,
    JointUse,
    LegalException,
    Module,
    Provision,
    Recipient,
    ResearchRelease,
    StatisticsRelease,
    StorageLocation,
)

__all__ = ["ChangeLogEntry", "Policy", "SecurityMeasure"]

FORMAT_VERSION = 1


class ChangeLogEntry(PolicyModel):
    version: str
    date: date
    summary: LocalizedText


class SecurityMeasure(PolicyModel):
    """A security control measure (APPI Art. 23; PPC guideline Annex 10 groups them by kind)."""

    kind: Literal[
        "basic_policy",
        "handling_rules",
        "organizational",
        "human",
        "physical",
        "technical",
        "foreign_environment",
    ]
    description: LocalizedText


class Policy(PolicyModel):
    """A privacy policy, as the operator wrote it. Immutable; `content_hash` identifies it."""

    format: Literal[1]
    name: Key
    """A short name for the service (e.g. onplanetz)."""
    version: str
    effective_date: date
    locales: list[Locale] = Field(min_length=1)
    default_locale: Locale
    jurisdictions: list[Jurisdiction] = Field(min_length=1)
    title: LocalizedText | None = None
    preamble: LocalizedText | None = None
    changelog: list[ChangeLogEntry] = Field(default_factory=list)

    organization: Organization
    subject_kinds: dict[Key, SubjectKind] = Field(min_length=1)
    communities: Community | None = None
    items: dict[Key, Item] = Field(min_length=1)
    collection_points: dict[Key, CollectionPoint] = Field(default_factory=dict)
    purposes: dict[Key, Purpose] = Field(min_length=1)
    purposes_note: LocalizedText | None = None
    """What the policy says about purposes in general (e.g. no other use, WOX-5)."""
    roles: dict[Key, Role] = Field(default_factory=dict)

    cookies: dict[Key, Cookie] = Field(default_factory=dict)
    modules: dict[Key, Module] = Field(default_factory=dict)
    recipients: dict[Key, Recipient] = Field(default_factory=dict)
    provisions: dict[Key, Provision] = Field(default_factory=dict)
    provision_note: LocalizedText | None = None
    """What the policy says about third-party provision in general (never sold or lent, SOC-6)."""
    legal_exceptions: list[LegalException] = Field(default_factory=list)
    legal_exception_texts: dict[LegalException, LocalizedText] = Field(default_factory=dict)
    """The policy's own wording of an exception it allows (SOC-7 names the laws), shown in the
    notice instead of the standard text."""
    statistics: dict[Key, StatisticsRelease] = Field(default_factory=dict)
    research: dict[Key, ResearchRelease] = Field(default_factory=dict)
    entrustees: dict[Key, Entrustee] = Field(default_factory=dict)
    outsourcing: LocalizedText | None = None
    """What the policy says about entrustment in general, when it names no entrustee."""
    joint_use: dict[Key, JointUse] = Field(default_factory=dict)
    joint_use_note: LocalizedText | None = None
    """What the policy says about joint use in general, when it declares none in particular."""
    third_party_sources: LocalizedText | None = None
    """What the policy says about receiving data from third parties (APPI Art. 30; OA-3)."""
    storage: list[StorageLocation] = Field(default_factory=list)

    reciprocity: LocalizedText | None = None
    """Whoever withholds an item loses the services that show others' similar items (AZ-10):
    when set, the register hides from them that item on other people's profiles."""
    rights: RightsProcedure
    security_measures: list[SecurityMeasure] = Field(default_factory=list)
    exclusions: list[LocalizedText] = Field(default_factory=list)
    changes: LocalizedText | None = None
    """How the operator announces changes to this policy (OA-5, OP-9, OP-16)."""

    @model_validator(mode="after")
    def _default_locale_is_listed(self) -> Policy:
        if self.default_locale not in self.locales:
            raise ValueError(
                f"default_locale '{self.default_locale}' is not one of the locales "
                f"({', '.join(self.locales)}); add it to locales, or choose one of them"
            )
        return self

    @field_validator("legal_exception_texts")
    @classmethod
    def _worded_exceptions_are_allowed(
        cls, texts: dict[LegalException, dict[str, str]], info: ValidationInfo
    ) -> dict[LegalException, dict[str, str]]:
        if "legal_exceptions" not in info.data:  # already reported as invalid
            return texts
        stray = sorted(set(texts) - set(info.data["legal_exceptions"]))
        if stray:
            raise ValueError(
                f"it words {', '.join(stray)}, which legal_exceptions does not list; "
                "add it to legal_exceptions or remove its text"
            )
        return texts

    @cached_property
    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON of the policy: same content, same hash."""
        canonical = json.dumps(
            self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode()).hexdigest()

    def items_of(self, purpose: str) -> list[str]:
        return list(self.purposes[purpose].items)

    def purposes_using(self, item: str) -> list[str]:
        return [key for key, purpose in self.purposes.items() if item in purpose.items]

    def iter_references(self) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
        """Every cross-reference as (path, kind of target, key), for checking and for tools."""
        for key, item in self.items.items():
            if item.pseudonym_of is not None:
                yield ("items", key, "pseudonym_of"), "items", item.pseudonym_of
            for index, kind in enumerate(item.subject_kinds or []):
                yield ("items", key, "subject_kinds", index), "subject_kinds", kind
        for key, point in self.collection_points.items():
            yield from _each(("collection_points", key, "items"), "items", point.items)
            yield from _each(("collection_points", key, "purposes"), "purposes", point.purposes)
            yield from _each(
                ("collection_points", key, "subject_kinds"), "subject_kinds", point.subject_kinds
            )
            for field, logged in point.access_log.items():
                yield ("collection_points", key, "access_log", field), "items", logged
        for key, purpose in self.purposes.items():
            yield from _each(("purposes", key, "items"), "items", purpose.items)
            for masked in purpose.masks:
                yield ("purposes", key, "masks", masked), "items", masked
            yield from _each(
                ("purposes", key, "subject_kinds"), "subject_kinds", purpose.subject_kinds
            )
        for key, role in self.roles.items():
            yield from _each(("roles", key, "purposes"), "purposes", role.purposes)
        if self.communities is not None:
            purposes = self.communities.admin_purposes
            yield from _each(("communities", "admin_purposes"), "purposes", purposes)
        for key, module in self.modules.items():
            yield from _each(("modules", key, "cookies"), "cookies", module.cookies)
        for key, provision in self.provisions.items():
            yield from _each(("provisions", key, "recipients"), "recipients", provision.recipients)
            yield from _each(("provisions", key, "items"), "items", provision.items)
        for key, release in self.statistics.items():
            yield from _each(("statistics", key, "items"), "items", release.items)
            yield from _each(("statistics", key, "dimensions"), "items", release.dimensions)
            if release.purpose is not None:
                yield ("statistics", key, "purpose"), "purposes", release.purpose
        for key, research in self.research.items():
            yield from _each(("research", key, "items"), "items", research.items)
            qis = research.quasi_identifiers
            yield from _each(("research", key, "quasi_identifiers"), "items", qis)
            yield from _each(("research", key, "sensitive"), "items", research.sensitive)
            if research.purpose is not None:
                yield ("research", key, "purpose"), "purposes", research.purpose
        for key, entrustee in self.entrustees.items():
            yield from _each(("entrustees", key, "items"), "items", entrustee.items)
        for key, joint in self.joint_use.items():
            yield from _each(("joint_use", key, "items"), "items", joint.items)


def _each(
    path: tuple[str | int, ...], kind: str, keys: list[str] | None
) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    for index, key in enumerate(keys or []):
        yield (*path, index), kind, key
