"""Whether an incident must be reported, and to whom, with each reason named.

APPI Art. 26(1) and rule 規則7: the Personal Information Protection Commission is told, and
the persons notified (Art. 26(2)), when the data concerned includes
(1) special-care-required personal information (`Item.sensitive`),
(2) data whose misuse may cause financial loss (`Item.financial_harm`),
(3) an incident that may be a wrongful act (an attack, an insider taking data), or
(4) more than 1,000 persons;
unless the data was protected by high-grade encryption or an equivalent measure.

GDPR Art. 33(1): the supervisory authority is told unless the breach is unlikely to result in a
risk to persons, which is the operator's judgement, recorded with its reason; Art. 34(1): the
persons are told when the risk is high, unless the data was unintelligible to whoever reached
it, such as encrypted (Art. 34(3)(a)). Not judged yet counts as a risk: report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from mamori.incidents.model import Incident
from mamori.policy import Policy

__all__ = ["APPI_PERSONS_THRESHOLD", "Assessment", "Effect", "Reason", "must_report"]

APPI_PERSONS_THRESHOLD = 1000
"""規則7(4): more than this many persons."""

Effect = Literal["report", "notify", "exempt", "no_report"]


@dataclass(frozen=True)
class Reason:
    """One reason the assessment gives: its key (``appi.sensitive``...), the law, what it does
    (requires a report, requires telling the persons, exempts, or means no report), its legal
    source, the items it concerns and a detail (a count, the operator's reason)."""

    key: str
    law: Literal["APPI", "GDPR"]
    effect: Effect
    source: str
    items: tuple[str, ...] = ()
    detail: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {**self.__dict__, "items": list(self.items)}


@dataclass(frozen=True)
class Assessment:
    """What the law asks of one incident, under each law the policy declares."""

    appi_applies: bool
    appi_report: bool
    appi_notify_persons: bool
    gdpr_applies: bool
    gdpr_report: bool
    gdpr_notify_persons: bool
    reasons: tuple[Reason, ...]

    @property
    def must_report(self) -> bool:
        return self.appi_report or self.gdpr_report

    @property
    def notify_persons(self) -> bool:
        return self.appi_notify_persons or self.gdpr_notify_persons

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(reason.key for reason in self.reasons)

    def to_dict(self) -> dict[str, object]:
        return {
            "must_report": self.must_report,
            "notify_persons": self.notify_persons,
            "appi_applies": self.appi_applies,
            "appi_report": self.appi_report,
            "appi_notify_persons": self.appi_notify_persons,
            "gdpr_applies": self.gdpr_applies,
            "gdpr_report": self.gdpr_report,
            "gdpr_notify_persons": self.gdpr_notify_persons,
            "reasons": [reason.to_dict() for reason in self.reasons],
        }


def _appi(incident: Incident, policy: Policy) -> tuple[bool, list[Reason]]:
    items = [policy.items[key] for key in incident.items if key in policy.items]
    keys = [key for key in incident.items if key in policy.items]
    triggers: list[Reason] = []
    sensitive = tuple(key for key, item in zip(keys, items, strict=True) if item.sensitive)
    if sensitive:
        triggers.append(Reason("appi.sensitive", "APPI", "report", "規則7(1)", sensitive))
    financial = tuple(key for key, item in zip(keys, items, strict=True) if item.financial_harm)
    if financial:
        triggers.append(Reason("appi.financial_harm", "APPI", "report", "規則7(2)", financial))
    if incident.wrongful:
        triggers.append(Reason("appi.wrongful_act", "APPI", "report", "規則7(3)"))
    if incident.persons > APPI_PERSONS_THRESHOLD:
        triggers.append(
            Reason(
                "appi.over_1000_persons",
                "APPI",
                "report",
                "規則7(4)",
                detail=str(incident.persons),
            )
        )
    if triggers and incident.encrypted:
        exemption = Reason(
            "appi.high_grade_encryption",
            "APPI",
            "exempt",
            "規則7 (高度な暗号化その他の措置)",
            detail="the data was protected by high-grade encryption: no report, no notice",
        )
        return False, [*triggers, exemption]
    if not triggers:
        none = Reason(
            "appi.no_trigger",
            "APPI",
            "no_report",
            "APPI Art. 26(1); 規則7",
            detail="no sensitive or financial-harm item, no wrongful act, 1,000 persons or fewer",
        )
        return False, [none]
    return True, triggers


def _gdpr(incident: Incident) -> tuple[bool, bool, list[Reason]]:
    risk = incident.gdpr_risk
    if risk == "unlikely":
        reason = Reason(
            "gdpr.unlikely_risk",
            "GDPR",
            "no_report",
            "GDPR Art. 33(1)",
            detail=incident.gdpr_risk_reason,
        )
        return False, False, [reason]
    if risk is None:
        reason = Reason(
            "gdpr.risk_not_assessed",
            "GDPR",
            "report",
            "GDPR Art. 33(1)",
            detail="report unless judged unlikely to result in a risk (set gdpr_risk)",
        )
        return True, False, [reason]
    reasons = [
        Reason("gdpr.risk", "GDPR", "report", "GDPR Art. 33(1)", detail=incident.gdpr_risk_reason)
    ]
    if risk != "high":
        return True, False, reasons
    reasons.append(Reason("gdpr.high_risk", "GDPR", "notify", "GDPR Art. 34(1)"))
    if incident.encrypted:
        reasons.append(
            Reason(
                "gdpr.encrypted",
                "GDPR",
                "exempt",
                "GDPR Art. 34(3)(a)",
                detail="the data was unintelligible (encrypted): the persons need not be told",
            )
        )
        return True, False, reasons
    return True, True, reasons


def must_report(incident: Incident, policy: Policy) -> Assessment:
    """What `incident` requires under the laws `policy.jurisdictions` names."""
    appi_applies = "JP" in policy.jurisdictions
    gdpr_applies = "EU" in policy.jurisdictions
    reasons: list[Reason] = []
    appi = gdpr = gdpr_notify = False
    if appi_applies:
        appi, found = _appi(incident, policy)
        reasons += found
    if gdpr_applies:
        gdpr, gdpr_notify, found = _gdpr(incident)
        reasons += found
    return Assessment(
        appi_applies=appi_applies,
        appi_report=appi,
        # Art. 26(2): whoever must report must also tell the persons (or, when that is
        # impossible, take an alternative measure such as a public announcement).
        appi_notify_persons=appi,
        gdpr_applies=gdpr_applies,
        gdpr_report=gdpr,
        gdpr_notify_persons=gdpr_notify,
        reasons=tuple(reasons),
    )
