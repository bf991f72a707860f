"""What is held: kinds of subjects, communities, items and where they are collected."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from mamori.policy.model.base import Duration, Key, LocalizedText, PolicyModel

__all__ = [
    "AccessLogField",
    "CollectionPoint",
    "Community",
    "Item",
    "ItemSource",
    "ItemType",
    "Retention",
    "SubjectKind",
    "Visibility",
]

ItemType = Literal[
    "text",
    "email",
    "phone",
    "postal_code",
    "date",
    "year",
    "number",
    "boolean",
    "choice",
    "url",
    "ip_address",
    "identifier",
    "password",
    "file",
    "location",
]
Visibility = Literal["private", "profile", "public"]
ItemSource = Literal["person", "automatic", "external_service", "staff", "derived"]
AccessLogField = Literal["ip", "cookie", "user_agent", "page"]
"""Request metadata the access log can record (mamori.accesslog); the time is always kept."""
RetentionStart = Literal["collection", "last_use", "account_deletion", "purpose_end"]


class SubjectKind(PolicyModel):
    """A kind of person the register holds (member, guest, ...; WOX-1)."""

    label: LocalizedText
    description: LocalizedText | None = None
    registered: bool = True
    """Guests are not registered: they exist without registration data."""


class Community(PolicyModel):
    """Communities of members whose founders or appointed admins may reach their members (AZ-7)."""

    label: LocalizedText
    description: LocalizedText | None = None
    admin_purposes: list[Key] = Field(default_factory=list)
    """Purposes a community admin may use, and only on members of their own community."""


class Retention(PolicyModel):
    """How long a value is kept: a period from an event, or until the account is deleted."""

    period: Duration | None = None
    starts: RetentionStart = "collection"
    note: LocalizedText | None = None

    @model_validator(mode="after")
    def _period_or_account(self) -> Retention:
        if self.period is None and self.starts != "account_deletion":
            raise ValueError(
                "give a period (e.g. period: P3Y), or starts: account_deletion "
                "for data kept while the account exists"
            )
        return self


class Item(PolicyModel):
    """One kind of data held about a subject."""

    label: LocalizedText
    description: LocalizedText | None = None
    category: str
    """A data category of fideslang's taxonomy, or a key of Mamori's extension (docs/policy.md)."""
    type: ItemType = "text"
    choices: dict[Key, LocalizedText] | None = None
    required: bool = False
    visibility: Visibility = "private"
    sensitive: bool = False
    """Special-care-required personal information (APPI Art. 2(3)) / special category (GDPR 9)."""
    financial_harm: bool = False
    """Leaking it could cause financial loss (payment data): matters for leak reporting."""
    source: ItemSource = "person"
    provider: LocalizedText | None = None
    """For external_service: the service it comes from (e.g. Facebook)."""
    retention: Retention | None = None
    searchable: bool = False
    """Looked up by value (e.g. e-mail at sign-in): gets a blind index."""
    pseudonym_of: Key | None = None
    """This item stands in for another when a purpose must not see the real one (SOC-10)."""
    personal: bool = True
    """False for identifiers that are not personal information (WOX-2 service IDs)."""
    subject_kinds: list[Key] | None = None
    """The kinds of subject this item is held for; all kinds when omitted."""
    max_length: int = Field(default=2000, gt=0, le=10_000_000)

    @model_validator(mode="after")
    def _choices_match_type(self) -> Item:
        if self.type == "choice" and not self.choices:
            raise ValueError("type choice needs its choices: {key: label, ...}")
        if self.type != "choice" and self.choices is not None:
            raise ValueError("choices are only for type: choice")
        if self.source == "external_service" and self.provider is None:
            raise ValueError("source external_service needs the provider (e.g. provider: Facebook)")
        return self


class CollectionPoint(PolicyModel):
    """A place where data is collected: the purposes are shown before collecting (APPI 21(2))."""

    label: LocalizedText
    description: LocalizedText | None = None
    items: list[Key]
    purposes: list[Key]
    subject_kinds: list[Key] | None = None
    online: bool = True
    """False for collection outside the site, which must be announced first (OP-5)."""
    access_log: dict[AccessLogField, Key] = Field(default_factory=dict)
    """Request metadata this point records in the access log, each as one of its automatic
    items (e.g. ip: ip_address, page: pages_viewed); empty when it keeps no access log."""
    linked: bool = False
    """The access log rows of this point name the signed-in subject; otherwise they are linked
    to no one (SOC-4: linked to the member only when declared)."""
