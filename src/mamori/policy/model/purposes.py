"""Why data is used, by whom, and in which form."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from mamori.policy.model.base import Duration, Key, LocalizedText, PolicyModel

__all__ = [
    "RESERVED_PURPOSES",
    "ActorKind",
    "LegalBasis",
    "Mask",
    "Permission",
    "Purpose",
    "Role",
]

RESERVED_PURPOSES = frozenset({"self", "profile", "public", "request", "sign_in", "incident"})
"""Purposes the register gives a meaning of its own (`mamori.register.access`): a policy that
declared one would never reach it, so none may."""

LegalBasis = Literal[
    "consent",
    "contract",
    "legal_obligation",
    "legitimate_interest",
    "vital_interest",
    "public_interest",
]
ActorKind = Literal["application", "staff", "subject", "community_admin", "system"]
Permission = Literal[
    "consents.record",
    "requests.handle",
    "provisions.run",
    "records.read",
    "audit.read",
    "incidents.manage",
    "policy.manage",
    "staff.manage",
    "statistics.release",
]


class Mask(PolicyModel):
    """A partial form of a value, for a purpose that needs only part of it.

    keep_first / keep_last keep that many characters (postal-code prefix, last digits of a card);
    year keeps the year of a date; domain keeps the domain of an e-mail address.
    """

    keep_first: int | None = Field(default=None, ge=1)
    keep_last: int | None = Field(default=None, ge=1)
    year: bool = False
    domain: bool = False

    @model_validator(mode="after")
    def _exactly_one(self) -> Mask:
        chosen = [self.keep_first, self.keep_last, self.year or None, self.domain or None]
        if sum(part is not None for part in chosen) != 1:
            raise ValueError("a mask takes exactly one of keep_first, keep_last, year, domain")
        return self


class Purpose(PolicyModel):
    """A purpose of use (利用目的) with the items it may use."""

    label: LocalizedText
    description: LocalizedText | None = None
    data_use: str
    """A data use of fideslang's taxonomy, or a key of Mamori's extension."""
    legal_basis: LegalBasis
    items: list[Key]
    masks: dict[Key, Mask] = Field(default_factory=dict)
    """Items this purpose sees only in a masked form."""
    direct_marketing: bool = False
    """A person may object to it at any time (GDPR Art. 21(2)); it stops on objection."""
    consent_expiry: Duration | None = None
    """For consent-based purposes: consent lapses after this long unless renewed."""
    subject_kinds: list[Key] | None = None


class Role(PolicyModel):
    """A role that actors hold: which purposes it may use and what else it may do."""

    label: LocalizedText
    description: LocalizedText | None = None
    actor_kinds: Annotated[list[ActorKind], Field(min_length=1)] = Field(
        default_factory=lambda: list[ActorKind](["staff"])
    )
    purposes: list[Key] = Field(default_factory=list)
    permissions: list[Permission] = Field(default_factory=list)
    community_scoped: bool = False
    """A community admin role: reaches only the members of the actor's own community."""
