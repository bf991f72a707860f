"""A Kantara Consent Receipt (v1.1) for each event of the ledger.

    receipt(policy, event)   # a dict with the Kantara field names, ready for json.dumps

The receipt describes the target as the policy the event was recorded under says: the policy
given must be that version (its content hash is checked). Ids and the policy's texts only: the
person is named by their subject id, never by a name.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from mamori.consent._describe import controller, facts, localized
from mamori.consent._tables import consent_events
from mamori.consent.ledger import ConsentEvent, _event
from mamori.consent.targets import target_of
from mamori.errors import ConflictError, NotFoundError
from mamori.policy import Policy

__all__ = ["KANTARA_VERSION", "consent_event", "receipt"]

KANTARA_VERSION = "KI-CR-v1.1.0"

_CONSENT_TYPE = {"given": "EXPLICIT", "refused": "REFUSED", "withdrawn": "WITHDRAWN"}
"""Kantara's consentType names how consent was obtained (EXPLICIT); a refusal or withdrawal
has a receipt too, and says so here, since v1.1 has no field for the decision."""


def receipt(
    policy: Policy, event: ConsentEvent, *, policy_url: str | None = None
) -> dict[str, Any]:
    """The Kantara Consent Receipt v1.1 of `event` (its consentReceiptID is the event id).

    `policy_url` is where the notice shown is published; the organization's website (or "")
    when None, since a policy file does not know where its notice is served.
    """
    if event.policy_hash != policy.content_hash:
        raise ConflictError(
            f"event {event.id} was recorded under policy {event.policy_name} version "
            f"{event.policy_version}, not the one given (version {policy.version}, another "
            "content): load that version of the policy to make its receipt",
            field="policy",
        )
    language = event.language
    target = target_of(policy, event.target, "event.target")
    about = facts(policy, target, language)
    org = controller(policy, language)
    piicontroller: dict[str, Any] = {
        "piiController": org["name"],
        "contact": org["contact"],
        "address": org["address"],
        "email": org["email"],
        "phone": org["phone"],
        "onBehalf": False,
    }
    if org["url"]:
        piicontroller["url"] = org["url"]
    purpose: dict[str, Any] = {
        "purpose": about.label,
        "consentType": _CONSENT_TYPE[event.decision],
        "purposeCategory": list(about.categories),
        "piiCategory": list(dict.fromkeys(data.type for data in about.data)),
        "primaryPurpose": about.primary,
        "termination": _termination(event),
        "thirdPartyDisclosure": about.third_party,
    }
    if about.third_party:
        purpose["thirdPartyName"] = "; ".join(party["name"] for party in about.third_parties)
    sensitive = [data.type for data in about.data if data.sensitive]
    return {
        "version": KANTARA_VERSION,
        "jurisdiction": event.jurisdiction,
        "consentTimestamp": int(event.recorded_at.timestamp()),
        "collectionMethod": event.method,
        "consentReceiptID": event.id,
        "language": language,
        "piiPrincipalId": event.subject_id,
        "piiControllers": [piicontroller],
        "policyUrl": policy_url if policy_url is not None else org["url"],
        "services": [
            {
                "service": localized(policy, policy.title, language) or policy.name,
                "purposes": [purpose],
            }
        ],
        "sensitive": bool(sensitive),
        "spiCat": list(dict.fromkeys(sensitive)),
    }


def _termination(event: ConsentEvent) -> str:
    if event.decision != "given":
        return f"not in force: {event.decision} at {event.recorded_at.isoformat()}"
    ends = "withdrawal at any time, as easily as it was given"
    if event.expires_at is not None:
        ends += f"; lapses at {event.expires_at.isoformat()} unless given again"
    return ends


def consent_event(connection: Connection, event_id: str) -> ConsentEvent:
    """The ledger event `event_id` (also its receipt's id); NotFoundError when there is none."""
    row = connection.execute(
        select(consent_events).where(consent_events.c.id == event_id)
    ).one_or_none()
    if row is None:
        shown = event_id if event_id.isalnum() and len(event_id) <= 64 else "with this id"
        raise NotFoundError(
            f"no consent event {shown} in the ledger; `mamori consent history SUBJECT` lists "
            "a person's events and their ids",
            field="event_id",
        )
    return _event(row._mapping)
