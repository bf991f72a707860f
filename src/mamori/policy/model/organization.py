"""Who is responsible: the organization, its people and where to reach them (APPI Art. 32)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from mamori.policy.model.base import LocalizedText, PolicyModel

__all__ = ["Contact", "Jurisdiction", "Organization", "RegistryNumber", "ResponsiblePerson"]

Jurisdiction = Literal["JP", "EU"]


class Contact(PolicyModel):
    """A place where people can reach the organization. At least one way of reaching it."""

    label: LocalizedText | None = None
    email: str | None = None
    postal_address: LocalizedText | None = None
    phone: str | None = None
    url: str | None = None
    form_url: str | None = None
    hours: LocalizedText | None = None


class ResponsiblePerson(PolicyModel):
    """A named person or post: representative, publication director, officer."""

    name: LocalizedText
    title: LocalizedText | None = None
    contact: Contact | None = None


class RegistryNumber(PolicyModel):
    """A company registry entry, e.g. kind "RCS", value "Bobigny 839 823 986"."""

    kind: str
    value: str


class Organization(PolicyModel):
    """The personal-information handling business operator (APPI) / controller (GDPR)."""

    legal_name: LocalizedText
    trade_name: LocalizedText | None = None
    legal_form: LocalizedText | None = None
    share_capital: str | None = None
    address: LocalizedText | None = None
    representative: ResponsiblePerson | None = None
    registry_numbers: list[RegistryNumber] = Field(default_factory=list)
    established: date | None = None
    publication_director: ResponsiblePerson | None = None
    privacy_officer: ResponsiblePerson | None = None
    """The personal-information management officer (OP-14) or data protection officer."""
    website: str | None = None
    register_name: LocalizedText | None = None
    """The name of the register of persons (AZ-1)."""
    contacts: dict[Literal["requests", "complaints", "inquiries"], Contact] = Field(
        default_factory=dict
    )
    hosting_notice: LocalizedText | None = None
