"""Who else receives data: provisions, modules, statistics, research, entrustees, joint use."""

from __future__ import annotations

import math
from itertools import pairwise
from typing import Literal

from pydantic import Field, model_validator

from mamori.policy.model.base import Duration, Key, LocalizedText, PolicyModel
from mamori.policy.model.organization import RegistryNumber

__all__ = [
    "Cookie",
    "DateGranularity",
    "Entrustee",
    "HierarchySpec",
    "HierarchyType",
    "JointUse",
    "LegalException",
    "Module",
    "Provision",
    "ProvisionBasis",
    "Recipient",
    "ResearchRelease",
    "StatisticsRelease",
    "StorageLocation",
    "TrackerCategory",
    "TransferBasis",
]

ProvisionBasis = Literal["consent", "opt_out", "sale", "lending"]
"""sale and lending can be written so that the law lint can refuse them (SOC-6)."""
LegalException = Literal[
    "by_law",
    "court_order",
    "police_inquiry",
    "protect_life_body_property",
    "public_health_children",
    "cooperate_public_bodies",
    "protect_rights_terms_violation",
]
"""Provision without consent (APPI Art. 27(1)); the policy lists those it allows."""
TrackerCategory = Literal["essential", "functional", "analytics", "advertising"]
TransferBasis = Literal[
    "domestic",
    "adequacy",
    "standard_contractual_clauses",
    "binding_corporate_rules",
    "consent",
    "equivalent_system",
    "derogation",
]
ForeignRoute = Literal["consent", "equivalent_system", "adequacy"]


class Recipient(PolicyModel):
    """A third party that receives data (APPI Art. 29 records name it)."""

    name: LocalizedText
    address: LocalizedText | None = None
    representative: LocalizedText | None = None
    country: str = Field(default="JP", min_length=2, max_length=2)
    """ISO 3166-1 alpha-2 code."""
    foreign_route: ForeignRoute | None = None
    """For a recipient outside Japan: how Art. 28 is met."""
    country_regime: LocalizedText | None = None
    """For the consent route: information on the country's data-protection regime (Art. 28(2))."""
    recipient_measures: LocalizedText | None = None
    """For the consent route: the recipient's measures for protecting the data (Art. 28(2))."""
    policy_url: str | None = None


class Provision(PolicyModel):
    """A declared third-party provision (第三者提供)."""

    label: LocalizedText
    description: LocalizedText | None = None
    recipients: list[Key] = Field(default_factory=list)
    recipient_description: LocalizedText | None = None
    """Who receives it when the policy names a kind of recipient rather than a company."""
    items: list[Key]
    recipient_purposes: list[LocalizedText]
    basis: ProvisionBasis
    personally_referable: bool = False
    """The items are personally referable information (cookie IDs, browsing history) that the
    recipient is expected to link to a person: APPI Art. 31 confirmation applies."""
    consent_expiry: Duration | None = None
    opt_out_started: str | None = None
    """For basis opt_out: the date provision starts, after filing with the PPC."""

    @model_validator(mode="after")
    def _names_who_receives(self) -> Provision:
        if not self.recipients and self.recipient_description is None:
            raise ValueError("name the recipients, or describe them in recipient_description")
        return self


class Cookie(PolicyModel):
    """A cookie or similar storage the service sets."""

    label: LocalizedText
    provider: LocalizedText
    purpose: LocalizedText
    lifetime: Duration | Literal["session"] | None = None
    """How long it lasts: a duration, or session (deleted when the browser closes); None when
    the policy does not say (the lint warns where the law wants it said)."""
    category: TrackerCategory
    holds: LocalizedText | None = None
    """What it holds; an opaque token for a session cookie (WOX-8)."""


class Module(PolicyModel):
    """An information-gathering module (e.g. Google Analytics) that sends data to its provider."""

    label: LocalizedText
    provider: LocalizedText
    provider_country: str | None = Field(default=None, min_length=2, max_length=2)
    sends: list[LocalizedText]
    purpose: LocalizedText
    provider_purposes: list[LocalizedText] = Field(default_factory=list)
    category: TrackerCategory
    cookies: list[Key] = Field(default_factory=list)
    policy_url: str | None = None
    terms_url: str | None = None
    opt_out: LocalizedText | None = None


HierarchyType = Literal["interval", "prefix", "date"]
DateGranularity = Literal["month", "quarter", "year", "decade"]
_GRANULARITY_ORDER: tuple[DateGranularity, ...] = ("month", "quarter", "year", "decade")


class HierarchySpec(PolicyModel):
    """How the values of one item are generalised, level by level, up to `*`.

    interval: numbers into ranges (widths [5, 10, 20]: 37 -> 35-39 -> 30-39 -> 20-39 -> *);
    prefix: codes keep a shrinking prefix (lengths [3, 1]: 1500001 -> 150**** -> 1****** -> *);
    date: ISO dates to a coarser unit (granularity [month, year]: 2024-03-15 -> 2024-03 -> 2024).
    """

    type: HierarchyType
    """interval (numbers), prefix (codes such as postal codes) or date (ISO dates)."""
    widths: list[float] | None = None
    """For interval: the width of the ranges at each level, each a multiple of the one before."""
    start: float | None = None
    """For interval: where the ranges start counting (0 when omitted)."""
    bottom: float | None = None
    """For interval: values below it become `<bottom` at every level (bottom coding)."""
    top: float | None = None
    """For interval: values at or above it become `>=top` at every level (top coding)."""
    lengths: list[int] | None = None
    """For prefix: how many leading characters each level keeps, decreasing (e.g. [5, 3, 1])."""
    granularity: list[DateGranularity] | None = None
    """For date: the unit of each level, from fine to coarse (month, quarter, year, decade)."""

    @model_validator(mode="after")
    def _fields_of_its_type(self) -> HierarchySpec:
        own = {"interval": "widths", "prefix": "lengths", "date": "granularity"}[self.type]
        if getattr(self, own) is None:
            raise ValueError(f"a hierarchy of type {self.type} needs {own}")
        interval_only = ("widths", "start", "bottom", "top")
        others = [
            name
            for name in (*interval_only, "lengths", "granularity")
            if name != own
            and getattr(self, name) is not None
            and not (self.type == "interval" and name in interval_only)
        ]
        if others:
            raise ValueError(f"{', '.join(others)} do not apply to type {self.type}")
        if self.widths is not None:
            _check_widths(self.widths, self.bottom, self.top)
        if self.lengths is not None:
            _check_lengths(self.lengths)
        if self.granularity is not None:
            ranks = [_GRANULARITY_ORDER.index(unit) for unit in self.granularity]
            if not ranks or ranks != sorted(set(ranks)):
                raise ValueError("granularity goes from fine to coarse, e.g. [month, year]")
        return self


def _check_widths(widths: list[float], bottom: float | None, top: float | None) -> None:
    if not widths or any(not width > 0 or math.isinf(width) for width in widths):
        raise ValueError("widths must be positive numbers, e.g. [5, 10, 20]")
    for small, large in pairwise(widths):
        ratio = large / small
        # Ranges nest only when each width is a whole multiple of the previous one.
        if ratio < 1 or abs(ratio - round(ratio)) > 1e-9:
            raise ValueError(f"width {large:g} is not a multiple of {small:g}; ranges must nest")
    if bottom is not None and top is not None and bottom >= top:
        raise ValueError("bottom must be below top")


def _check_lengths(lengths: list[int]) -> None:
    if not lengths or any(length < 0 for length in lengths):
        raise ValueError("lengths must be whole numbers >= 0, e.g. [5, 3, 1]")
    if any(longer <= shorter for longer, shorter in pairwise(lengths)):
        raise ValueError("lengths must decrease, e.g. [5, 3, 1]")


class StatisticsRelease(PolicyModel):
    """Statistics made so that no one can be identified, given to others (OP-8, WOX-4)."""

    label: LocalizedText
    items: list[Key]
    dimensions: list[Key]
    recipient_description: LocalizedText
    recipient_purposes: list[LocalizedText] = Field(default_factory=list)
    min_cell_size: int = Field(ge=2)
    purpose: Key | None = None
    hierarchies: dict[Key, HierarchySpec] = Field(default_factory=dict)
    """Dimensions counted in groups rather than by value (birth years in ten-year bands): each
    dimension is counted at the first level of its hierarchy."""


class ResearchRelease(PolicyModel):
    """A hand-over for research under terms (AZ-6): no direct identifiers, k-anonymous."""

    label: LocalizedText
    items: list[Key]
    quasi_identifiers: list[Key]
    sensitive: list[Key] = Field(default_factory=list)
    k: int = Field(ge=2)
    l_diversity: int | None = Field(default=None, ge=2)
    recipient_description: LocalizedText
    terms: LocalizedText
    purpose: Key | None = None
    hierarchies: dict[Key, HierarchySpec] = Field(default_factory=dict)
    """How each quasi-identifier may be generalised; a release generalises them as little as it
    can while reaching k (a folder of hierarchy files can supply the others)."""


class Entrustee(PolicyModel):
    """A processor the organization entrusts with handling (委託; not a third party)."""

    name: LocalizedText
    task: LocalizedText
    address: LocalizedText | None = None
    legal_form: LocalizedText | None = None
    """The entrustee's legal form (e.g. SAS), when the policy identifies it by its legal facts
    (AZ-3: aozora names its host only so)."""
    share_capital: str | None = None
    """The entrustee's share capital as the policy states it (e.g. "10 059 500 EUR")."""
    registry_numbers: list[RegistryNumber] = Field(default_factory=list)
    """The entrustee's company registry entries."""
    """A policy may identify its host only by legal facts (AZ-3: capital, RCS, VAT number)."""
    country: str | None = Field(default=None, min_length=2, max_length=2)
    location: LocalizedText | None = None
    agreement: LocalizedText
    """The confidentiality or processing agreement."""
    supervision: LocalizedText | None = None
    items: list[Key] = Field(default_factory=list)


class JointUse(PolicyModel):
    """Joint use (共同利用): the four facts announced in advance (APPI Art. 27(5)(iii))."""

    items: list[Key]
    joint_users: LocalizedText
    purposes: list[LocalizedText]
    responsible: LocalizedText
    """Name of the person responsible for managing the data."""
    responsible_address: LocalizedText | None = None
    responsible_representative: LocalizedText | None = None


class StorageLocation(PolicyModel):
    """Where data is stored, and on what basis it crosses a border (AZ-8, GDPR 44-49)."""

    description: LocalizedText
    countries: list[str] = Field(default_factory=list)
    transfer_basis: TransferBasis
    transfer_note: LocalizedText | None = None
