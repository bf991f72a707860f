"""How people exercise their rights: channels, verification, fees, refusal grounds, deadlines."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from mamori.policy.model.base import Duration, LocalizedText, PolicyModel
from mamori.policy.model.organization import Jurisdiction

__all__ = [
    "Channel",
    "Fee",
    "RefusalGround",
    "RequestKind",
    "RightsProcedure",
    "VerificationMethod",
]

RequestKind = Literal[
    "disclosure",
    "provision_records",
    "purpose_notification",
    "correction",
    "deletion",
    "suspension",
    "stop_provision",
    "portability",
    "objection",
]
RefusalGround = Literal[
    "not_obliged_by_law",
    "repeated_without_reason",
    "excessive_technical_work",
    "serious_business_hindrance",
    "harm_to_person_or_others",
    "violates_other_laws",
    "manifestly_unfounded_or_excessive",
]
VerificationKind = Literal["session", "email_code", "document", "in_person", "postal"]


class Channel(PolicyModel):
    """Where a request can be made."""

    kind: Literal["online", "email", "post", "in_person", "phone"]
    address: str | None = None
    label: LocalizedText | None = None


class VerificationMethod(PolicyModel):
    """How the requester is shown to be the person (OA-6); only the fact and method are kept."""

    kind: VerificationKind
    description: LocalizedText | None = None


class Fee(PolicyModel):
    """A fee for a kind of request; APPI allows fees only for disclosure and purpose notice."""

    request: RequestKind
    amount: int = Field(ge=0)
    currency: str = Field(default="JPY", min_length=3, max_length=3)
    jurisdictions: list[Jurisdiction] = Field(default_factory=lambda: list[Jurisdiction](["JP"]))
    charged: Literal["on_application", "on_fulfilment"] = "on_application"
    refundable: bool = False
    note: LocalizedText | None = None


class RightsProcedure(PolicyModel):
    """The procedure for requests (APPI Art. 37, GDPR Art. 12)."""

    request_kinds: list[RequestKind] = Field(
        default_factory=lambda: list[RequestKind](
            ["disclosure", "correction", "deletion", "suspension"]
        )
    )
    channels: list[Channel] = Field(min_length=1)
    verification: list[VerificationMethod] = Field(min_length=1)
    fees: list[Fee] = Field(default_factory=list)
    refusal_grounds: list[RefusalGround] = Field(default_factory=list)
    response_deadline: Duration | None = None
    """The operator's own deadline when shorter than the law's (GDPR one month; APPI without
    delay, two weeks before the person may sue)."""
    agents_allowed: bool = True
    agent_proof: LocalizedText | None = None
    self_service: bool = False
    """People can view, correct and delete their data online at any time (SOC-9)."""
    note: LocalizedText | None = None
