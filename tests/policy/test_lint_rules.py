"""Each law-lint rule, shown firing on a small edit of the onplanetz example (or, for the rules
the example already triggers, going quiet when the example is fixed)."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lint_edits import (
    DELETE,
    EU,
    Append,
    Edit,
    apply,
    item,
    onplanetz,
    onplanetz_data,
    purpose,
    variant,
)
from test_lint import ONPLANETZ_FINDINGS

from mamori.policy import Policy
from mamori.policy.lint import check_policy, rules

HEALTH = {"health": item("user.health_and_medical", sensitive=True)}
ADCO = {"name": "AdCo Inc.", "address": "1 Main St", "representative": "A. Person"}
STUDY = {
    "label": "Study",
    "items": ["gender", "birth_year"],
    "quasi_identifiers": ["gender", "birth_year"],
    "k": 5,
    "recipient_description": "Researchers",
    "terms": "No publication that identifies anyone",
    "purpose": "statistics",
}
HOST = {"name": "Host Co.", "task": "hosting", "agreement": "contract", "supervision": "audits"}
OPT_OUT = {"provisions.third_party_offers.basis": "opt_out"}
FILED = {"provisions.third_party_offers.opt_out_started": "2019-01-01"}
STATS = "statistics.ad_market_statistics"
TPO = "provisions.third_party_offers"


def _fires(rule: str, location: str, *edits: Edit) -> Any:
    return pytest.param(rule, location, edits, id=f"{rule}@{location}")


FIRES = [
    _fires(
        "APPI-32-PUBLIC-FACTS",
        "organization.contacts",
        {"organization.contacts.complaints": DELETE},
    ),
    _fires("APPI-32-PUBLIC-FACTS", "security_measures", {"security_measures": []}),
    _fires(
        "APPI-23-FOREIGN-ENVIRONMENT",
        "security_measures",
        {"storage": [{"description": "cloud", "countries": ["US"], "transfer_basis": "consent"}]},
    ),
    _fires(
        "APPI-23-FOREIGN-ENVIRONMENT",
        "security_measures",
        {"entrustees.host": {**HOST, "country": "SG"}},
    ),
    _fires("GDPR-13-CONTROLLER", "organization.address", EU),
    _fires("GDPR-13-DPO", "organization", EU, {"organization.privacy_officer": DELETE}),
    _fires("GDPR-13-RETENTION", "items.name", EU),
    _fires("APPI-21-CHANGES-ANNOUNCED", "changes", {"changes": DELETE}),
    _fires("SOC-2-UNUSED-ITEM", "items.fax", {"items.fax": item("user.contact.fax_number")}),
    _fires(
        "APPI-21-COLLECTED-WITHOUT-PURPOSE",
        "collection_points.site_browsing.items[3]",
        {"collection_points.site_browsing.items": Append("external_service_info")},
    ),
    _fires(
        "APPI-21-UNCOLLECTED-ITEM",
        "items.phone",
        {
            "collection_points.service_use.items": ["name", "email"],
            "collection_points.inquiry.items": ["name"],
        },
    ),
    _fires(
        "APPI-17-PURPOSE-NO-ITEMS", "purposes.statistics.items", {"purposes.statistics.items": []}
    ),
    _fires(
        "APPI-20-SENSITIVE-WITHOUT-CONSENT",
        "purposes.service_provision.items[3]",
        {"items.gender.sensitive": True},
    ),
    _fires(
        "APPI-20-SENSITIVE-NO-CONSENT-PURPOSE",
        "items.health.sensitive",
        {"items": {**onplanetz_data()["items"], **HEALTH}},
        {"purposes.safety": purpose("essential.legal_obligation", "legal_obligation", ["health"])},
    ),
    _fires(
        "APPI-2-SENSITIVE-CATEGORY",
        "items.illness.category",
        {"items.illness": item("user.health_and_medical")},
        {"purposes.service_provision.items": Append("illness")},
    ),
    _fires(
        "APPI-26-FINANCIAL-HARM",
        "items.card.financial_harm",
        {"items.card": item("user.financial.credit_card")},
    ),
    _fires(
        "APPI-26-FINANCIAL-HARM-CATEGORY",
        "items.email.category",
        {"items.email.financial_harm": True},
    ),
    _fires(
        "APPI-27-SENSITIVE-VISIBLE",
        "items.gender.visibility",
        {"items.gender.sensitive": True, "items.gender.visibility": "profile"},
    ),
    _fires(
        "GDPR-7-BUNDLED-CONSENT",
        "items.nickname.required",
        EU,
        {"items.nickname": item("user.account.username", required=True)},
        {
            "purposes.newsletter": purpose(
                "marketing.communications", "consent", ["nickname"], direct_marketing=True
            )
        },
    ),
    _fires(
        "GDPR-21-DIRECT-MARKETING",
        "purposes.information_to_users.direct_marketing",
        EU,
        {"purposes.information_to_users.direct_marketing": False},
    ),
    _fires(
        "APPI-17-PROFILING-UNDESCRIBED",
        "purposes.profiles",
        {"purposes.profiles": purpose("personalize.profiling", "consent", ["access_log"])},
    ),
    _fires("APPI-23-ROLE-UNUSED", "roles.idle", {"roles.idle": {"label": "Idle"}}),
    _fires(
        "SOC-6-SALE-OR-LENDING",
        "provisions.third_party_offers.basis",
        {"provisions.third_party_offers.basis": "sale"},
    ),
    _fires(
        "SOC-6-SALE-OR-LENDING",
        "provisions.third_party_offers.basis",
        {"provisions.third_party_offers.basis": "lending"},
    ),
    _fires(
        "APPI-27-OPT-OUT-SENSITIVE",
        "provisions.third_party_offers.items[9]",
        OPT_OUT,
        FILED,
        {"items.gender.sensitive": True},
        {"provisions.third_party_offers.items": Append("gender")},
    ),
    _fires("APPI-27-OPT-OUT-NOT-FILED", "provisions.third_party_offers.basis", OPT_OUT),
    _fires("GDPR-6-OPT-OUT", "provisions.third_party_offers.basis", EU, OPT_OUT, FILED),
    _fires(
        "APPI-27-RECIPIENT-PURPOSES",
        "provisions.third_party_offers.recipient_purposes",
        {"provisions.third_party_offers.recipient_purposes": []},
    ),
    _fires("APPI-31-REFERABLE", f"{TPO}.items", {f"{TPO}.items": ["cookie_id", "access_log"]}),
    _fires(
        "APPI-31-REFERABLE", f"{TPO}.personally_referable", {f"{TPO}.personally_referable": True}
    ),
    _fires("APPI-29-RECIPIENT-IDENTITY", "recipients.adco", {"recipients.adco": {"name": "AdCo"}}),
    _fires(
        "APPI-28-FOREIGN-RECIPIENT",
        "recipients.adco.country",
        {"recipients.adco": {**ADCO, "country": "US"}},
    ),
    _fires(
        "APPI-28-FOREIGN-RECIPIENT",
        "recipients.adco.foreign_route",
        {"recipients.adco": {**ADCO, "country": "US", "foreign_route": "consent"}},
    ),
    _fires(
        "APPI-28-ROUTE-COUNTRY",
        "recipients.adco.foreign_route",
        {"recipients.adco": {**ADCO, "country": "US", "foreign_route": "adequacy"}},
    ),
    _fires(
        "APPI-27-5-JOINT-USE-FACTS",
        "joint_use.partners",
        {
            "joint_use.partners": {
                "items": ["email"],
                "joint_users": "Partners",
                "purposes": ["events"],
                "responsible": "Onplanetz",
            }
        },
    ),
    _fires(
        "APPI-25-ENTRUSTEE-SUPERVISION",
        "entrustees.host",
        {"entrustees.host": {**HOST, "supervision": None}},
    ),
    _fires(
        "APPI-28-FOREIGN-ENTRUSTEE",
        "entrustees.host.country",
        {"entrustees.host": {**HOST, "country": "US"}},
    ),
    _fires(
        "APPI-38-FEE-NOT-ALLOWED",
        "rights.fees[0]",
        {"rights.fees": [{"request": "correction", "amount": 500}]},
    ),
    _fires(
        "APPI-38-FEE-NOT-ALLOWED",
        "rights.fees[0]",
        {"rights.fees": [{"request": "deletion", "amount": 500}]},
    ),
    _fires(
        "GDPR-12-FEE",
        "rights.fees[0].jurisdictions",
        {"rights.fees": [{"request": "disclosure", "amount": 1000, "jurisdictions": ["EU"]}]},
    ),
    _fires(
        "APPI-38-FEE-AMOUNT",
        "rights.fees[0].amount",
        {"rights.fees": [{"request": "disclosure", "amount": 3000}]},
    ),
    _fires("GDPR-13-RIGHTS", "rights.request_kinds", EU),
    _fires("OP-15-REFUSAL-GROUNDS", "rights", {"rights.refusal_grounds": []}),
    _fires("GDPR-12-REFUSAL-GROUND", "rights.refusal_grounds[2]", EU),
    _fires(
        "GDPR-12-DEADLINE", "rights.response_deadline", EU, {"rights.response_deadline": "P60D"}
    ),
    _fires("APPI-37-AGENTS", "rights.agents_allowed", {"rights.agents_allowed": False}),
    _fires(
        "TBA-27-12-TRACKER-FACTS",
        "modules.google_analytics.sends",
        {"modules.google_analytics.sends": []},
    ),
    _fires(
        "EPRIVACY-5-3-NOT-ESSENTIAL",
        "modules.google_analytics.cookies[0]",
        EU,
        {"cookies.site_cookie.category": "essential"},
    ),
    _fires(
        "CNIL-COOKIE-LIFETIME",
        "cookies.site_cookie.lifetime",
        EU,
        {"cookies.site_cookie.lifetime": "P2Y"},
    ),
    _fires(
        "GDPR-44-TRANSFER-BASIS",
        "storage[0].transfer_basis",
        EU,
        {"storage": [{"description": "cloud", "countries": ["CN"], "transfer_basis": "domestic"}]},
    ),
    _fires(
        "GDPR-44-TRANSFER-BASIS",
        "storage[0].transfer_basis",
        EU,
        {"storage": [{"description": "cloud", "countries": ["CN"], "transfer_basis": "adequacy"}]},
    ),
    _fires(
        "GDPR-44-COUNTRIES",
        "storage[0].countries",
        EU,
        {
            "storage": [
                {"description": "anywhere", "transfer_basis": "standard_contractual_clauses"}
            ]
        },
    ),
    _fires("OP-8-MIN-CELL-SIZE", f"{STATS}.min_cell_size", {f"{STATS}.min_cell_size": 3}),
    _fires("AZ-6-RESEARCH-K", "research.study.k", {"research.study": {**STUDY, "k": 3}}),
    _fires(
        "AZ-6-DIRECT-IDENTIFIER",
        "research.study.items[2]",
        {"research.study": {**STUDY, "items": ["gender", "birth_year", "email"]}},
    ),
    _fires(
        "AZ-6-DIRECT-IDENTIFIER", f"{STATS}.dimensions[3]", {f"{STATS}.dimensions": Append("email")}
    ),
    _fires(
        "APPI-18-RELEASE-OUTSIDE-PURPOSE", f"{STATS}.items", {f"{STATS}.items": Append("email")}
    ),
    _fires("APPI-18-RELEASE-NO-PURPOSE", STATS, {f"{STATS}.purpose": None}),
]

ALL_KINDS = [
    "purpose_notification",
    "disclosure",
    "provision_records",
    "correction",
    "deletion",
    "suspension",
    "stop_provision",
]
EVERY_MEASURE = [
    {"kind": kind, "description": "a measure"}
    for kind in (
        "basic_policy",
        "handling_rules",
        "organizational",
        "human",
        "physical",
        "technical",
    )
]
CLEARS = [
    pytest.param(
        "APPI-32-PUBLIC-FACTS",
        {"organization.address": "Tokyo", "organization.representative": {"name": "A. Person"}},
    ),
    pytest.param("APPI-27-5-JOINT-USE-FACTS", {"joint_use_note": DELETE}),
    pytest.param("APPI-32-REQUEST-KINDS", {"rights.request_kinds": ALL_KINDS}),
    pytest.param(
        "TBA-27-12-TRACKER-FACTS",
        {
            "cookies.site_cookie.lifetime": "P1Y",
            "modules.google_analytics.provider_purposes": ["ads"],
        },
    ),
    pytest.param("APPI-23-SECURITY-KINDS", {"security_measures": EVERY_MEASURE}),
    pytest.param(
        "APPI-29-RECIPIENT-UNNAMED",
        {"recipients.adco": ADCO, "provisions.third_party_offers.recipients": ["adco"]},
    ),
]


@pytest.mark.parametrize(("rule", "location", "edits"), FIRES)
def test_rule_fires_on_the_edit(rule: str, location: str, edits: tuple[Edit, ...]) -> None:
    findings = check_policy(variant(*edits))
    assert (rule, location) in {(f.rule, f.location) for f in findings}


@pytest.mark.parametrize(("rule", "location", "edits"), FIRES)
def test_rule_is_quiet_on_the_unedited_example(
    rule: str, location: str, edits: tuple[Edit, ...]
) -> None:
    assert (rule, location) not in {(f.rule, f.location) for f in check_policy(onplanetz())}


@pytest.mark.parametrize(("rule", "edit"), CLEARS)
def test_fixing_the_example_clears_the_rule(rule: str, edit: Edit) -> None:
    assert rule not in {finding.rule for finding in check_policy(variant(edit))}


def test_every_rule_is_shown_firing() -> None:
    shown = {param.values[0] for param in FIRES} | {rule for rule, _ in ONPLANETZ_FINDINGS}
    assert {registered.id for registered in rules()} <= shown


def test_an_error_level_rule_makes_the_policy_fail() -> None:
    findings = check_policy(variant({"provisions.third_party_offers.basis": "sale"}))
    assert [f.rule for f in findings if f.severity == "error"] == ["SOC-6-SALE-OR-LENDING"]


_EDITS = [param.values[2] for param in FIRES] + [(param.values[1],) for param in CLEARS]


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """The example with a random mix of the edits above, keys deleted (so that references point
    nowhere) and random jurisdictions."""
    data = onplanetz_data()
    for edits in draw(st.lists(st.sampled_from(_EDITS), max_size=6)):
        for edit in edits:
            # An edit whose target an earlier one removed is skipped.
            with contextlib.suppress(KeyError, IndexError, TypeError):
                apply(data, edit)
    for section in ("items", "purposes", "recipients", "cookies"):
        keys = sorted(data.get(section) or {})
        for key in draw(st.lists(st.sampled_from(keys), max_size=2)) if keys else []:
            if len(data[section]) > 1:  # items and purposes may not be empty
                data[section].pop(key, None)
    data["jurisdictions"] = draw(st.sampled_from([["JP"], ["EU"], ["JP", "EU"]]))
    return Policy.model_validate(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies())
def test_no_rule_raises_on_any_valid_policy(policy: Policy) -> None:
    for registered in rules():
        list(registered.check(policy))
