"""A person's consent records in the shape of ISO/IEC TS 27560 (consent record information
structure), as the W3C DPV guide to it lists the fields: a header, one processing entry per
target the person decided on, and every event.

    export_record(connection, policy, subject_id)   # a dict, ready for json.dumps

Field names are the standard's, in snake_case (`schema_version`, `pii_principal_id`...): the
ISO text itself was not read, so the names follow the DPV guide's wording.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from mamori.consent._describe import controller, duration, facts, localized
from mamori.consent.ledger import ConsentEvent, history, status
from mamori.consent.targets import consent_targets
from mamori.errors import NotFoundError
from mamori.policy import Policy

__all__ = ["RECORD_SCHEMA_VERSION", "export_record"]

RECORD_SCHEMA_VERSION = "ISO/IEC TS 27560:2023"

_DPV_STATUS = {
    "given": "dpv:ConsentGiven",
    "refused": "dpv:ConsentRefused",
    "withdrawn": "dpv:ConsentWithdrawn",
}
WITHDRAWAL_METHOD = (
    "at any time, by the same means as consent was given (web form, API, paper) and as easily "
    "(GDPR Art. 7(3)); a Global Privacy Control signal refuses the targets it covers"
)


def export_record(
    connection: Connection,
    policy: Policy,
    subject_id: str,
    *,
    at: datetime | None = None,
    policy_url: str | None = None,
) -> dict[str, Any]:
    """The consent records of `subject_id` under `policy`: every target they decided on, with
    its current state, and every event (the ledger's history). NotFoundError when the person
    has no consent event at all."""
    events = history(connection, subject_id)
    if not events:
        raise NotFoundError(f"subject {subject_id} has no consent event", field="subject_id")
    now = at or datetime.now(UTC)
    offered = consent_targets(policy)
    by_target: dict[str, list[ConsentEvent]] = {}
    for event in events:
        by_target.setdefault(event.target, []).append(event)
    decided = [name for name in offered if name in by_target]
    current = {
        entry.target: entry for entry in status(connection, policy, subject_id, decided, at=now)
    }
    processing = [
        _processing(policy, name, by_target[name], current[name].state, policy_url)
        for name in decided
    ]
    return {
        "schema_version": RECORD_SCHEMA_VERSION,
        "record_id": uuid.uuid4().hex,
        "pii_principal_id": subject_id,
        "created": now.isoformat(),
        "processing": processing,
        "events": [_event(event, current) for event in events],
    }


def _processing(
    policy: Policy, name: str, events: list[ConsentEvent], state: str, policy_url: str | None
) -> dict[str, Any]:
    latest = events[-1]
    language = latest.language
    target = consent_targets(policy)[name]
    about = facts(policy, target, language)
    org = controller(policy, language)
    return {
        "target": name,
        "state": state,
        "notice": {
            "policy": latest.policy_name,
            "version": latest.policy_version,
            "content_hash": latest.policy_hash,
            "url": policy_url if policy_url is not None else org["url"],
        },
        "language": language,
        "purpose": about.label,
        "purpose_type": about.purpose_type,
        "lawful_basis": about.lawful_basis,
        "pii_information": [
            {
                "type": data.type,
                "attribute_id": data.attribute_id,
                "sensitive": data.sensitive,
                "special_category": data.sensitive,
            }
            for data in about.data
        ],
        "pii_controllers": [
            {
                "id": policy.name,
                "name": org["name"],
                "address": org["address"],
                "contact": org["contact"],
                "type": "controller",
                "email": org["email"],
                "url": org["url"],
                "phone": org["phone"],
            }
        ],
        "collection_method": latest.method,
        "storage_locations": [
            {
                "description": localized(policy, location.description, language),
                "countries": list(location.countries),
                "transfer_basis": location.transfer_basis,
            }
            for location in policy.storage
        ],
        "retention_period": _retention(policy, [data.attribute_id for data in about.data]),
        "jurisdiction": latest.jurisdiction,
        "recipient_third_parties": [dict(party) for party in about.third_parties],
        "withdrawal_method": WITHDRAWAL_METHOD,
        "rights": list(policy.rights.request_kinds),
    }


def _retention(policy: Policy, keys: list[str]) -> list[dict[str, Any]]:
    """How long each item the target covers is kept: a period from an event, or while the
    account exists (period None). Items without a stated retention are left out."""
    kept = []
    for key in keys:
        item = policy.items.get(key)
        if item is not None and item.retention is not None:
            retention = item.retention
            kept.append(
                {
                    "attribute_id": key,
                    "period": duration(retention.period),
                    "starts": retention.starts,
                }
            )
    return kept


def _event(event: ConsentEvent, current: dict[str, Any]) -> dict[str, Any]:
    latest = current.get(event.target)
    if latest is None:
        state = "no_longer_offered"
    elif latest.event_id != event.id:
        state = "superseded"
    else:
        state = {"given": "active"}.get(latest.state, latest.state)
    validity = None
    if event.expires_at is not None:
        validity = duration(event.expires_at - event.recorded_at)
    return {
        "time": event.recorded_at.isoformat(),
        "validity_duration": validity,
        "entity_id": f"{event.actor_kind}:{event.actor_id}",
        "type": _DPV_STATUS[event.decision],
        "state": state,
        "target": event.target,
        "receipt_id": event.id,
        "method": event.method,
        "policy_version": event.policy_version,
        "gpc": event.gpc,
    }
