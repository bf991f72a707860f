"""A person's consent records in the ISO/IEC TS 27560 shape (REQUIREMENTS.md section 3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mamori.consent import Collected, export_record, give, withdraw
from mamori.errors import NotFoundError
from mamori.register import Actor, Register

WEB = Collected(method="web_form", language="en")
M1 = Actor.subject("m1")

HEADER = ("schema_version", "record_id", "pii_principal_id")
PROCESSING = (
    "notice",
    "language",
    "purpose",
    "purpose_type",
    "lawful_basis",
    "pii_information",
    "pii_controllers",
    "collection_method",
    "storage_locations",
    "retention_period",
    "jurisdiction",
    "recipient_third_parties",
    "withdrawal_method",
    "rights",
)
PARTY = ("id", "name", "address", "contact", "type")
EVENT = ("time", "validity_duration", "entity_id", "type", "state")


def exported(shop: Register, **options: Any) -> dict[str, Any]:
    with shop.engine.connect() as connection:
        return export_record(connection, shop.policy, "m1", **options)


def test_the_record_has_every_mandatory_field(shop: Register) -> None:
    with shop.session() as session:
        give(session, M1, "m1", ["newsletter", "provision:partners"], WEB)
    record = exported(shop)
    assert all(record[name] for name in HEADER)
    assert record["pii_principal_id"] == "m1"
    assert [entry["target"] for entry in record["processing"]] == [
        "newsletter",
        "provision:partners",
    ]
    for entry in record["processing"]:
        assert set(PROCESSING) <= set(entry)
        assert all(set(PARTY) <= set(party) for party in entry["pii_controllers"])
        assert all(information["type"] for information in entry["pii_information"])
    assert all(set(EVENT) <= set(event) for event in record["events"])


def test_a_provision_lists_its_recipient_and_items(shop: Register) -> None:
    with shop.session() as session:
        give(session, M1, "m1", ["provision:partners"], WEB)
    (entry,) = exported(shop)["processing"]
    assert entry["recipient_third_parties"][0]["name"] == "AdCo KK"
    assert [(i["attribute_id"], i["type"]) for i in entry["pii_information"]] == [
        ("name", "user.name"),
        ("email", "user.contact.email"),
        ("gender", "user.demographic.gender"),
    ]
    assert (entry["lawful_basis"], entry["purpose_type"]) == ("consent", "third_party_provision")
    assert entry["notice"]["content_hash"] == shop.policy.content_hash


def test_events_keep_the_history_and_mark_what_is_in_force(shop: Register) -> None:
    with shop.session() as session:
        give(session, M1, "m1", ["newsletter"], WEB)
        withdraw(session, M1, "m1", ["newsletter"], WEB)
    record = exported(shop)
    assert [(e["type"], e["state"]) for e in record["events"]] == [
        ("dpv:ConsentGiven", "superseded"),
        ("dpv:ConsentWithdrawn", "withdrawn"),
    ]
    assert record["processing"][0]["state"] == "withdrawn"
    assert record["events"][0]["entity_id"] == "subject:m1"


def test_validity_is_the_policy_expiry_and_lapsed_consent_shows_expired(shop: Register) -> None:
    with shop.session() as session:
        give(session, M1, "m1", ["newsletter"], WEB)
    later = datetime.now(UTC) + timedelta(days=400)
    (event,) = exported(shop, at=later)["events"]
    assert (event["validity_duration"], event["state"]) == ("P365D", "expired")


def test_a_person_without_consent_events_has_no_record(shop: Register) -> None:
    with pytest.raises(NotFoundError):
        exported(shop)
