"""What the workflow hands back: a request as it stands, a refusal to send, a queue entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from mamori.rights.deadlines import Urgency, urgency

__all__ = [
    "AGENTS",
    "FINAL_STATES",
    "GDPR_REMEDIES",
    "OPEN_STATES",
    "QueueEntry",
    "Refusal",
    "RequestState",
    "RequestStep",
    "Requester",
    "RightsRequest",
]

RequestState = Literal[
    "received",
    "identity_verified",
    "fee_settled",
    "in_progress",
    "fulfilled",
    "partly_fulfilled",
    "refused",
]
FINAL_STATES: frozenset[str] = frozenset({"fulfilled", "partly_fulfilled", "refused"})
OPEN_STATES: tuple[str, ...] = ("received", "identity_verified", "fee_settled", "in_progress")
Requester = Literal["person", "legal_representative", "appointed_proxy"]
AGENTS: frozenset[str] = frozenset({"legal_representative", "appointed_proxy"})

GDPR_REMEDIES: dict[str, dict[str, str]] = {
    "complain_to_supervisory_authority": {
        "en": "You may lodge a complaint with a supervisory authority.",
        "fr": "Vous pouvez introduire une réclamation auprès d'une autorité de contrôle.",
        "ja": "監督機関に苦情を申し立てることができます。",
    },
    "judicial_remedy": {
        "en": "You may seek a judicial remedy before a court.",
        "fr": "Vous pouvez former un recours juridictionnel.",
        "ja": "裁判所に司法上の救済を求めることができます。",
    },
}
"""GDPR Art. 12(4): a refusal states these two rights; the notification issue sends them."""


@dataclass(frozen=True)
class RequestStep:
    """One step a request took; `detail` is a key (a method, a ground, a fee basis)."""

    seq: int
    action: str
    state: str
    at: datetime
    actor_kind: str
    actor_id: str
    detail: str | None = None


@dataclass(frozen=True)
class RightsRequest:
    """A person's request, as far as it has come. Ids, keys, dates and amounts only."""

    id: str
    subject_id: str
    kind: str
    form: str | None
    scope: tuple[str, ...]
    """Item, purpose or provision keys the request is about; empty means all of them."""
    channel: str
    jurisdiction: str
    requester: str
    agent_proof: str | None
    reference: str | None
    state: str
    received_at: datetime
    due_at: datetime
    suit_possible_at: datetime | None = None
    extension_months: int | None = None
    extension_reasons: str | None = None
    extended_at: datetime | None = None
    verification_method: str | None = None
    verified_at: datetime | None = None
    fee_amount: int | None = None
    fee_currency: str | None = None
    fee_charged: str | None = None
    fee_basis: str | None = None
    fee_settled_at: datetime | None = None
    fee_reference: str | None = None
    manifestly_excessive: bool = False
    excessive_reason: str | None = None
    started_at: datetime | None = None
    closed_at: datetime | None = None
    refusal_ground: str | None = None
    refusal_reason: str | None = None
    steps: tuple[RequestStep, ...] = field(default=())

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    @property
    def fee_outstanding(self) -> bool:
        """A fee is due and not yet settled."""
        return bool(self.fee_amount) and self.fee_settled_at is None

    def urgency(self, now: datetime) -> Urgency:
        return urgency(self.due_at, now)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: dates as ISO 8601."""
        body: dict[str, object] = {}
        for name, value in self.__dict__.items():
            if name == "steps":
                continue
            body[name] = value.isoformat() if isinstance(value, datetime) else value
        body["scope"] = list(self.scope)
        body["steps"] = [{**step.__dict__, "at": step.at.isoformat()} for step in self.steps]
        return body


@dataclass(frozen=True)
class Refusal:
    """What the person is told when a request is refused, in whole or in part: the ground (a key
    of the policy), the operator's reason, and under the GDPR the remedies they have."""

    request: RightsRequest
    ground: str
    reason: str
    remedies: tuple[str, ...] = ()
    """Keys of `GDPR_REMEDIES` for EU subjects; empty under the APPI."""

    def statements(self, locale: str = "en") -> list[str]:
        """The remedies as sentences in `locale` (English when it has none)."""
        return [GDPR_REMEDIES[key].get(locale, GDPR_REMEDIES[key]["en"]) for key in self.remedies]


@dataclass(frozen=True)
class QueueEntry:
    """An open request in the work queue, with how urgent it is now."""

    request: RightsRequest
    urgency: Urgency
