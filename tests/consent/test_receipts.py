"""Kantara Consent Receipt v1.1 for each ledger event, checked against a JSON Schema written
from the specification's field list (REQUIREMENTS.md section 3)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import jsonschema
import pytest

from mamori.consent import Collected, give, receipt, refuse, withdraw
from mamori.errors import ConflictError
from mamori.policy import Policy
from mamori.register import Actor, Register

WEB = Collected(method="web_form", language="en")
M1 = Actor.subject("m1")

_TEXT = {"type": "string"}
_TEXTS = {"type": "array", "items": _TEXT}
KANTARA_V1_1 = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": [
        "version",
        "jurisdiction",
        "consentTimestamp",
        "collectionMethod",
        "consentReceiptID",
        "piiPrincipalId",
        "piiControllers",
        "policyUrl",
        "services",
        "sensitive",
        "spiCat",
    ],
    "properties": {
        "version": {"const": "KI-CR-v1.1.0"},
        "jurisdiction": _TEXT,
        "consentTimestamp": {"type": "integer"},
        "collectionMethod": _TEXT,
        "consentReceiptID": _TEXT,
        "publicKey": _TEXT,
        "language": _TEXT,
        "piiPrincipalId": _TEXT,
        "piiControllers": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["piiController", "contact", "address", "email", "phone"],
                "properties": {
                    "piiController": _TEXT,
                    "contact": _TEXT,
                    "address": _TEXT,
                    "email": _TEXT,
                    "phone": _TEXT,
                    "onBehalf": {"type": "boolean"},
                    "url": _TEXT,
                },
            },
        },
        "policyUrl": _TEXT,
        "services": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["service", "purposes"],
                "properties": {
                    "service": _TEXT,
                    "purposes": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": [
                                "purpose",
                                "consentType",
                                "purposeCategory",
                                "piiCategory",
                                "primaryPurpose",
                                "termination",
                                "thirdPartyDisclosure",
                            ],
                            "properties": {
                                "purpose": _TEXT,
                                "consentType": _TEXT,
                                "purposeCategory": _TEXTS,
                                "piiCategory": _TEXTS,
                                "primaryPurpose": {"type": "boolean"},
                                "termination": _TEXT,
                                "thirdPartyDisclosure": {"type": "boolean"},
                                "thirdPartyName": _TEXT,
                            },
                        },
                    },
                },
            },
        },
        "sensitive": {"type": "boolean"},
        "spiCat": _TEXTS,
    },
}


def one_receipt(shop: Register, target: str, how: Collected = WEB) -> dict[str, Any]:
    with shop.session() as session:
        (event,) = give(session, M1, "m1", [target], how)
    return receipt(shop.policy, event)


@pytest.mark.parametrize(
    "target", ["newsletter", "provision:partners", "module:google_analytics", "cookies:analytics"]
)
def test_a_receipt_of_each_kind_of_target_meets_the_kantara_schema(
    shop: Register, target: str
) -> None:
    jsonschema.validate(one_receipt(shop, target), KANTARA_V1_1)


def test_refusal_and_withdrawal_have_receipts_too(shop: Register) -> None:
    with shop.session() as session:
        (refused,) = refuse(session, M1, "m1", ["newsletter"], WEB)
        (withdrawn,) = withdraw(session, M1, "m1", ["newsletter"], WEB)
    for event, kind in ((refused, "REFUSED"), (withdrawn, "WITHDRAWN")):
        made = receipt(shop.policy, event)
        jsonschema.validate(made, KANTARA_V1_1)
        assert made["services"][0]["purposes"][0]["consentType"] == kind


def test_the_receipt_carries_the_event(shop: Register) -> None:
    how = Collected(method="paper", language="ja", jurisdiction="EU", reference="form-1")
    with shop.session() as session:
        (event,) = give(session, Actor.staff("o1", "privacy_officer"), "m1", ["newsletter"], how)
    made = receipt(shop.policy, event)
    assert made["consentReceiptID"] == event.id
    assert made["piiPrincipalId"] == "m1"
    assert made["consentTimestamp"] == int(event.recorded_at.timestamp())
    assert (made["jurisdiction"], made["language"], made["collectionMethod"]) == (
        "EU",
        "ja",
        "paper",
    )
    assert made["services"][0]["purposes"][0]["consentType"] == "EXPLICIT"


def test_a_provision_receipt_names_the_recipient_and_the_data(shop: Register) -> None:
    (purpose,) = one_receipt(shop, "provision:partners")["services"][0]["purposes"]
    assert purpose["thirdPartyDisclosure"] is True
    assert purpose["thirdPartyName"] == "AdCo KK"
    assert purpose["piiCategory"] == ["user.name", "user.contact.email", "user.demographic.gender"]
    assert purpose["purposeCategory"] == ["Targeted advertising"]
    assert "lapses at" in purpose["termination"]


def test_the_controller_comes_from_the_organization_with_empty_strings_for_the_rest(
    shop: Register,
) -> None:
    (controller,) = one_receipt(shop, "newsletter")["piiControllers"]
    assert controller["piiController"] == "Test Shop KK"
    assert (controller["contact"], controller["email"], controller["phone"]) == ("", "", "")
    assert "url" not in controller


def test_the_person_appears_only_by_id(shop: Register) -> None:
    text = str(one_receipt(shop, "provision:partners"))
    assert "Member 1" not in text
    assert "m1@example.org" not in text


def test_sensitive_items_are_flagged(shop_policy: Policy, shop: Register) -> None:
    source = shop_policy.model_dump()
    source["items"]["gender"]["sensitive"] = True
    sensitive = Policy.model_validate(source)
    with shop.session() as session:
        (event,) = give(session, M1, "m1", ["provision:partners"], WEB)
    event = replace(event, policy_hash=sensitive.content_hash)
    made = receipt(sensitive, event)
    assert (made["sensitive"], made["spiCat"]) == (True, ["user.demographic.gender"])


def test_an_event_of_another_policy_version_is_refused(shop_policy: Policy, shop: Register) -> None:
    with shop.session() as session:
        (event,) = give(session, M1, "m1", ["newsletter"], WEB)
    newer = Policy.model_validate({**shop_policy.model_dump(), "version": "2"})
    with pytest.raises(ConflictError) as conflict:
        receipt(newer, event)
    assert conflict.value.field == "policy"
