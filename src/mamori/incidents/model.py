"""An incident as it stands, and each change it went through."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

__all__ = [
    "GDPR_RISKS",
    "KINDS",
    "STATUSES",
    "TEXT_FIELDS",
    "GdprRisk",
    "Incident",
    "IncidentKind",
    "IncidentStatus",
    "IncidentUpdate",
]

IncidentKind = Literal["leak", "loss", "damage", "unauthorised_access", "alteration"]
KINDS: tuple[str, ...] = ("leak", "loss", "damage", "unauthorised_access", "alteration")
"""漏えい, 滅失, 毀損 (APPI Art. 26); unauthorised access and alteration complete the GDPR's
definition of a personal data breach (Art. 4(12))."""

IncidentStatus = Literal["open", "reported_preliminary", "reported_final", "closed"]
STATUSES: tuple[str, ...] = ("open", "reported_preliminary", "reported_final", "closed")

GdprRisk = Literal["unlikely", "risk", "high"]
GDPR_RISKS: tuple[str, ...] = ("unlikely", "risk", "high")
"""The operator's judgement of the risk to persons (GDPR Arts. 33(1), 34(1)), with a reason."""

TEXT_FIELDS: tuple[str, ...] = (
    "summary",
    "cause",
    "secondary_harm",
    "measures",
    "publication",
    "notes",
    "gdpr_risk_reason",
)
"""The operator's own words, kept for the reports: never a person's data (checked)."""


@dataclass(frozen=True)
class IncidentUpdate:
    """One change, appended: what was set (field to new value, JSON-ready), by whom, when."""

    seq: int
    action: str
    at: datetime
    actor_kind: str
    actor_id: str
    changes: dict[str, object]


@dataclass(frozen=True)
class Incident:
    """A leak, loss or damage of personal data, as far as it is known. Ids, keys, dates and
    the operator's own texts only."""

    id: str
    kind: str
    status: str
    learned_at: datetime
    """When the operator (any department) learned of it: the deadlines count from here."""
    recorded_at: datetime
    occurred_at: datetime | None
    items: tuple[str, ...]
    persons_estimate: int | None
    summary: str
    encrypted: bool
    """The data was protected by high-grade encryption (APPI 規則7 exemption)."""
    wrongful: bool
    """It was, or may have been, a wrongful act: an attack, an insider taking data (規則7(3))."""
    cause: str | None = None
    secondary_harm: str | None = None
    measures: str | None = None
    publication: str | None = None
    notes: str | None = None
    gdpr_risk: str | None = None
    gdpr_risk_reason: str | None = None
    preliminary_reported_at: datetime | None = None
    final_reported_at: datetime | None = None
    closed_at: datetime | None = None
    subject_ids: tuple[str, ...] = ()
    notified: tuple[str, ...] = ()
    """The subjects a notice was queued for."""
    history: tuple[IncidentUpdate, ...] = field(default=())

    @property
    def persons(self) -> int:
        """The number of persons concerned: the subjects listed, or the estimate when higher."""
        return max(len(self.subject_ids), self.persons_estimate or 0)

    @property
    def is_closed(self) -> bool:
        return self.status == "closed"

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: moments as ISO 8601."""
        body: dict[str, object] = {}
        for name, value in self.__dict__.items():
            if name == "history":
                continue
            body[name] = value.isoformat() if isinstance(value, datetime) else value
        body["items"] = list(self.items)
        body["subject_ids"] = list(self.subject_ids)
        body["notified"] = list(self.notified)
        body["persons"] = self.persons
        body["history"] = [
            {**update.__dict__, "at": update.at.isoformat()} for update in self.history
        ]
        return body
