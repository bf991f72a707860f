"""Telling the persons concerned, through the notifications outbox (APPI Art. 26(2), GDPR Art.
34). The message names the incident, what happened in general terms, the items by their label,
the operator's explanation and a contact: nothing about the person; the address is read by the
outbox at delivery, for a purpose, audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from mamori.errors import NotFoundError, ValidationError
from mamori.incidents import _store
from mamori.incidents._fields import check_text
from mamori.incidents._guard import PURPOSE, require_manager, shown
from mamori.incidents._texts import KIND_TEXT, LOCALES
from mamori.incidents.model import Incident
from mamori.notify import enqueue, locale_for
from mamori.policy import Policy
from mamori.policy.model.base import text_in
from mamori.register import Actor, RegisterSession

__all__ = ["NoticeReport", "default_contact", "notice_params", "notify_affected"]


@dataclass(frozen=True)
class NoticeReport:
    """Who got a message queued, who already had one, and who cannot be told (erased or
    unknown: under the APPI, announce the incident publicly for them instead)."""

    queued: tuple[str, ...]
    already_notified: tuple[str, ...]
    unreachable: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {name: list(value) for name, value in self.__dict__.items()}


def default_contact(policy: Policy, locale: str) -> str | None:
    """Where persons ask about it: the policy's inquiries (else requests, complaints) contact,
    else the privacy officer's."""
    organization = policy.organization
    contacts = [organization.contacts.get(key) for key in ("inquiries", "requests", "complaints")]
    officer = organization.privacy_officer
    contacts.append(officer.contact if officer else None)
    for contact in contacts:
        if contact is None:
            continue
        for way in (contact.email, contact.form_url, contact.url, contact.phone):
            if way:
                return way
        if contact.postal_address:
            return text_in(contact.postal_address, locale, (policy.default_locale,))
    return None


def notice_params(
    incident: Incident,
    policy: Policy,
    locale: str,
    *,
    contact: str | None = None,
    details: str | None = None,
) -> dict[str, str]:
    """The message's parameters in `locale`: no personal value, only the incident's."""
    if locale not in LOCALES:
        raise ValidationError(f"locale is one of {', '.join(LOCALES)}", field="locale")
    reach = contact or default_contact(policy, locale)
    if not reach:
        raise ValidationError(
            "the policy names no contact (organization.contacts.inquiries or the privacy "
            "officer's): give contact= with where persons can ask",
            field="contact",
        )
    explained = check_text(details, "details") if details is not None else None
    if explained is None:
        known = [text for text in (incident.cause, incident.secondary_harm) if text]
        explained = " ".join(known) or incident.summary
    labels = [
        text_in(policy.items[key].label, locale, (policy.default_locale,))
        for key in incident.items
        if key in policy.items
    ]
    occurred = incident.occurred_at or incident.learned_at
    return {
        "incident_id": incident.id,
        "what": KIND_TEXT[incident.kind][locale],
        "occurred_on": occurred.date().isoformat(),
        "items": ("、" if locale == "ja" else ", ").join(labels),
        "details": explained,
        "contact": reach,
    }


def notify_affected(
    session: RegisterSession,
    actor: Actor,
    incident_id: str,
    *,
    locale: str | None = None,
    contact: str | None = None,
    details: str | None = None,
    at: datetime | None = None,
) -> NoticeReport:
    """Queue a message of kind "incident" to every person listed who has not had one.
    `locale`: when None, each person's own language (the one they last read a notice in, else
    the policy's default); `contact`: the policy's inquiries contact when None; `details`: the
    operator's explanation, the incident's cause and secondary harm when None."""
    action = "incident.notify"
    rule = require_manager(session, actor, action, shown(incident_id))
    connection = session.connection
    policy = session.policy
    incident = _store.load(connection, incident_id, for_update=True)
    by_language: dict[str, dict[str, str]] = {}

    def params_in(language: str) -> dict[str, str]:
        if language not in by_language:
            by_language[language] = notice_params(
                incident, policy, language, contact=contact, details=details
            )
        return by_language[language]

    # A bad locale or a missing contact is refused before anything is queued.
    params_in(locale or policy.default_locale)
    moment = at or datetime.now(UTC)
    done = set(incident.notified)
    queued, unreachable = [], []
    for subject_id in incident.subject_ids:
        if subject_id in done:
            continue
        try:
            language = locale or locale_for(connection, policy, subject_id)
            message_id = enqueue(
                session,
                actor,
                subject_id,
                "incident",
                locale=language,
                params=params_in(language),
                at=moment,
            )
        except NotFoundError:
            # Erased since, or never known: the refusal is audited by the register.
            unreachable.append(subject_id)
            continue
        _store.mark_notified(connection, incident.id, subject_id, message_id)
        queued.append(subject_id)
    _store.add_update(
        connection,
        incident.id,
        action="notify",
        at=moment,
        actor_kind=actor.kind,
        actor_id=actor.id,
        changes={
            "queued": len(queued),
            "unreachable": len(unreachable),
            "locale": locale or "each person's",
        },
    )
    session.record_event(actor, action, PURPOSE, None, rule=rule, request_id=incident.id)
    return NoticeReport(tuple(queued), tuple(sorted(done)), tuple(unreachable))
