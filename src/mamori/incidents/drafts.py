"""Drafts of the reports: the nine items of a report to the PPC (APPI 規則8(1)) and the
contents of a notification to a supervisory authority (GDPR Art. 33(3)), filled from the
incident in ja, en or fr, as JSON or Markdown for the operator to complete and file.

Items not known yet say so ("under investigation"): the law allows reporting what is known at
the time (規則8(1); GDPR Art. 33(4)).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from mamori.errors import ValidationError
from mamori.incidents import _store
from mamori.incidents._guard import require_manager, shown
from mamori.incidents._texts import APPI_FIELDS, GDPR_FIELDS, KIND_TEXT, LOCALES, word
from mamori.incidents.deadlines import JST
from mamori.incidents.model import Incident
from mamori.incidents.notices import default_contact
from mamori.incidents.overview import IncidentEntry, standing
from mamori.policy import Policy
from mamori.policy.model.base import text_in
from mamori.register import Actor, RegisterSession

__all__ = ["Draft", "DraftField", "draft_for", "draft_report"]


@dataclass(frozen=True)
class DraftField:
    key: str
    label: str
    value: str


@dataclass(frozen=True)
class Draft:
    """The drafts of one incident in one language: `appi` and `gdpr` (empty when the law does
    not apply to the policy), with the deadlines and the reasons to report."""

    incident_id: str
    locale: str
    appi: tuple[DraftField, ...]
    gdpr: tuple[DraftField, ...]
    deadlines: tuple[str, ...]
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        def fields(found: tuple[DraftField, ...]) -> list[dict[str, str]]:
            return [field.__dict__ for field in found]

        return {
            "incident_id": self.incident_id,
            "locale": self.locale,
            "appi": fields(self.appi),
            "gdpr": fields(self.gdpr),
            "deadlines": list(self.deadlines),
            "reasons": list(self.reasons),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_markdown(self) -> str:
        lines: list[str] = []
        for title, found in (("appi_title", self.appi), ("gdpr_title", self.gdpr)):
            if not found:
                continue
            lines += [f"# {word(title, self.locale)} — {self.incident_id}", ""]
            for number, field in enumerate(found, start=1):
                lines += [f"## {number}. {field.label}", "", field.value, ""]
        lines += [f"## {word('reasons', self.locale)}", ""]
        lines += [f"- {line}" for line in (*self.deadlines, *self.reasons)]
        return "\n".join(lines) + "\n"


def _when(moment: datetime | None, locale: str, zone: object = JST) -> str:
    if moment is None:
        return word("unknown", locale)
    return moment.astimezone(zone).isoformat(timespec="minutes")  # type: ignore[arg-type]


def _or_pending(text: str | None, locale: str) -> str:
    return text or word("not_yet", locale)


def _items(incident: Incident, policy: Policy, locale: str) -> str:
    shown_items = []
    for key in incident.items:
        item = policy.items.get(key)
        if item is None:
            shown_items.append(key)
            continue
        flags = [
            word(flag, locale) for flag in ("sensitive", "financial_harm") if getattr(item, flag)
        ]
        label = text_in(item.label, locale, (policy.default_locale,))
        shown_items.append(f"{label} ({', '.join(flags)})" if flags else label)
    return ("、" if locale == "ja" else "; ").join(shown_items)


def _persons(incident: Incident, locale: str) -> str:
    count = f"{incident.persons:,}"
    if incident.persons_estimate is not None and incident.subject_ids:
        return count + word("persons_listed", locale, listed=len(incident.subject_ids))
    return count + word("persons_unit", locale)


def _appi(entry: IncidentEntry, policy: Policy, locale: str) -> tuple[DraftField, ...]:
    incident = entry.incident
    facts = [
        f"{word('kind', locale)}: {KIND_TEXT[incident.kind][locale]}",
        f"{word('occurred', locale)}: {_when(incident.occurred_at, locale)}",
        f"{word('learned', locale)}: {_when(incident.learned_at, locale)}",
    ]
    facts += [word(flag, locale) for flag in ("wrongful", "encrypted") if getattr(incident, flag)]
    response = (
        word("notified", locale, notified=len(incident.notified), persons=incident.persons)
        if incident.notified
        else word("not_notified", locale)
    )
    values = {
        "summary": "\n".join([incident.summary, "", *(f"- {fact}" for fact in facts)]),
        "items": _items(incident, policy, locale),
        "persons": _persons(incident, locale),
        "cause": _or_pending(incident.cause, locale),
        "secondary_harm": _or_pending(incident.secondary_harm, locale),
        "response_to_persons": response,
        "publication": incident.publication or word("none", locale),
        "prevention": _or_pending(incident.measures, locale),
        "other": incident.notes or word("none", locale),
    }
    return tuple(DraftField(key, labels[locale], values[key]) for key, labels in APPI_FIELDS)


def _contact(policy: Policy, locale: str) -> str:
    officer = policy.organization.privacy_officer
    parts = []
    if officer is not None:
        parts.append(text_in(officer.name, locale, (policy.default_locale,)))
        if officer.title:
            parts.append(text_in(officer.title, locale, (policy.default_locale,)))
    reach = default_contact(policy, locale)
    if reach:
        parts.append(reach)
    return ", ".join(parts) or word("unknown", locale)


def _gdpr(entry: IncidentEntry, policy: Policy, locale: str) -> tuple[DraftField, ...]:
    incident = entry.incident
    nature = "\n".join(
        [
            f"{KIND_TEXT[incident.kind][locale]}: {incident.summary}",
            f"- {_items(incident, policy, locale)}",
            f"- {_persons(incident, locale)}",
        ]
    )
    late = next((s for s in entry.states if s.name == "gdpr_authority"), None)
    delay = word("none", locale)
    if late is not None and late.state in ("late", "overdue"):
        delay = incident.notes or word("late_no_reason", locale)
    values = {
        "nature": nature,
        "contact": _contact(policy, locale),
        "consequences": _or_pending(incident.secondary_harm, locale),
        "measures": _or_pending(incident.measures, locale),
        "delay": delay,
    }
    return tuple(DraftField(key, labels[locale], values[key]) for key, labels in GDPR_FIELDS)


def draft_for(
    incident: Incident, policy: Policy, locale: str = "ja", now: datetime | None = None
) -> Draft:
    """The drafts of `incident` in `locale` (ja, en or fr)."""
    if locale not in LOCALES:
        raise ValidationError(f"locale is one of {', '.join(LOCALES)}", field="locale")
    entry = standing(incident, policy, now or datetime.now(UTC))
    deadlines = entry.deadlines
    lines = []
    if entry.assessment.appi_applies:
        lines.append(
            word(
                "deadline_preliminary",
                locale,
                target=deadlines.appi_preliminary_target.isoformat(),
                limit=deadlines.appi_preliminary_limit.isoformat(),
            )
        )
        lines.append(
            word(
                "deadline_final",
                locale,
                final=deadlines.appi_final.isoformat(),
                days=deadlines.appi_final_days,
            )
        )
    if entry.assessment.gdpr_applies:
        lines.append(word("deadline_gdpr", locale, due=_when(deadlines.gdpr_due_at, locale, UTC)))
    reasons = tuple(
        f"{reason.key} ({reason.source})" + (f": {', '.join(reason.items)}" if reason.items else "")
        for reason in entry.assessment.reasons
    )
    return Draft(
        incident_id=incident.id,
        locale=locale,
        appi=_appi(entry, policy, locale) if entry.assessment.appi_applies else (),
        gdpr=_gdpr(entry, policy, locale) if entry.assessment.gdpr_applies else (),
        deadlines=tuple(lines),
        reasons=reasons,
    )


def draft_report(
    session: RegisterSession,
    actor: Actor,
    incident_id: str,
    locale: str = "ja",
    now: datetime | None = None,
) -> Draft:
    """The drafts of a recorded incident (for those who work incidents)."""
    require_manager(session, actor, "incident.draft", shown(incident_id))
    if locale not in LOCALES:
        raise ValidationError(f"locale is one of {', '.join(LOCALES)}", field="locale")
    incident = _store.load(session.connection, incident_id)
    return draft_for(incident, session.policy, locale, now)
