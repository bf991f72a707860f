"""`diff_policies`: each kind of change classified as the law asks (docs/policy-changes.md)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from lint_edits import DELETE, EU, Append, Edit, item, onplanetz, purpose, variant

from mamori.policy import diff_policies
from mamori.policy.diff import CLASSIFICATIONS, strongest

JOINT = {
    "items": ["email"],
    "joint_users": "Partners",
    "purposes": ["events"],
    "responsible": "Onplanetz",
    "responsible_address": "Tokyo",
    "responsible_representative": "A. Person",
}
STUDY = {
    "label": "Study",
    "items": ["gender", "birth_year"],
    "quasi_identifiers": ["gender", "birth_year"],
    "k": 5,
    "recipient_description": "Researchers",
    "terms": "No publication that identifies anyone",
}
ADS = {
    "label": "Ads",
    "items": ["email"],
    "recipient_description": "Ad networks",
    "recipient_purposes": ["ads"],
    "basis": "consent",
}
GA_COOKIE = {"label": "_ga", "provider": "Google", "purpose": "analytics", "category": "analytics"}
TPO = "provisions.third_party_offers"


def _case(path: str, classification: str, new: tuple[Edit, ...], old: tuple[Edit, ...] = ()) -> Any:
    return pytest.param(old, new, path, classification, id=f"{classification}:{path}")


CASES = [
    # editorial: wording, contacts, security, internal access control
    _case("purposes.service_provision.label", "editorial",
          ({"purposes.service_provision.label": {"ja": "提供", "en": "Providing the service"}},)),
    _case("purposes.statistics.description", "editorial",
          ({"purposes.statistics.description": {"en": "Statistics"}},)),
    _case("organization.contacts.inquiries.email", "editorial",
          ({"organization.contacts.inquiries.email": "privacy@onplanetz.com"},)),
    _case("organization.address", "editorial", ({"organization.address": "Tokyo"},)),
    _case("security_measures[4]", "editorial",
          ({"security_measures": Append({"kind": "physical", "description": "locked room"})},)),
    _case("version", "editorial", ({"version": "2019-01-01"},)),
    _case("roles.support.purposes[1]", "editorial",
          ({"roles.support.purposes": Append("statistics")},)),
    _case("items.email.searchable", "editorial", ({"items.email.searchable": False},)),
    _case("rights.request_kinds[4]", "editorial",
          ({"rights.request_kinds": Append("stop_provision")},)),
    _case("rights.fees[0].amount", "editorial",
          ({"rights.fees": [{"request": "disclosure", "amount": 500}]},),
          ({"rights.fees": [{"request": "disclosure", "amount": 1000}]},)),
    _case("statistics.ad_market_statistics.min_cell_size", "editorial",
          ({"statistics.ad_market_statistics.min_cell_size": 20},)),
    # notify: within a reasonably related scope, or processing that shrinks
    _case("purposes.newsletter", "notify",
          ({"purposes.newsletter": purpose("marketing.communications.email",
                                           "legitimate_interest", ["email"])},)),
    _case("purposes.statistics.items[8]", "notify",
          ({"purposes.statistics.items": Append("email")},)),
    _case("purposes.information_to_users.data_use", "notify",
          ({"purposes.information_to_users.data_use": "marketing.advertising.first_party"},)),
    _case("purposes.statistics", "notify", ({"purposes.statistics": DELETE},)),
    _case("purposes.service_provision.items[7]", "notify",
          ({"purposes.service_provision.items": [
              "name", "organization", "job_title", "gender", "birth_year", "address", "email",
              "external_service_info"]},)),
    _case("purposes.statistics.masks.address", "notify",
          ({"purposes.statistics.masks": {}},)),
    _case(TPO, "notify", ({TPO: DELETE},)),
    _case("items.nickname", "notify", ({"items.nickname": item("user.account.username")},)),
    _case("items.email.retention", "notify",
          ({"items.email.retention": {"starts": "account_deletion"}},)),
    _case("collection_points.event", "notify",
          ({"collection_points.event": {"label": "Event", "items": ["name"],
                                        "purposes": ["service_provision"], "online": False}},)),
    _case("provisions.mailing_list", "notify",
          ({"provisions.mailing_list": {**ADS, "basis": "opt_out",
                                        "opt_out_started": "2019-01-01"}},)),
    _case("rights.fees[0]", "notify",
          ({"rights.fees": [{"request": "disclosure", "amount": 1000}]},)),
    _case("rights.request_kinds[3]", "notify",
          ({"rights.request_kinds": ["disclosure", "correction", "deletion"]},)),
    _case("rights.refusal_grounds[3]", "notify",
          ({"rights.refusal_grounds": Append("serious_business_hindrance")},)),
    _case("cookies.site_cookie.lifetime", "notify", ({"cookies.site_cookie.lifetime": "P1Y"},)),
    _case("cookies.site_cookie.lifetime", "notify", (EU, {"cookies.site_cookie.lifetime": "P1Y"}),
          (EU,)),
    _case("cookies.ga", "notify", ({"cookies.ga": GA_COOKIE},)),
    _case("joint_use.partners.responsible_address", "notify",
          ({"joint_use.partners": {**JOINT, "responsible_address": "Osaka"}},),
          ({"joint_use.partners": JOINT},)),
    _case("joint_use.partners.responsible", "notify",
          ({"joint_use.partners": {**JOINT, "responsible": "Onplanetz Holdings"}},),
          ({"joint_use.partners": JOINT},)),
    _case("joint_use.partners", "notify", ({"joint_use.partners": JOINT},)),
    _case("jurisdictions[1]", "notify", (EU,)),
    # consent_required: beyond the scope, new provision, new sensitive data
    _case("purposes.ads", "consent_required",
          ({"purposes.ads": purpose("personalize.profiling", "legitimate_interest",
                                    ["access_log"])},)),
    _case("purposes.survey", "consent_required",
          ({"purposes.survey": purpose("marketing.communications", "consent", ["email"])},)),
    _case("purposes.statistics.legal_basis", "consent_required",
          ({"purposes.statistics.legal_basis": "consent"},)),
    _case("purposes.statistics.data_use", "consent_required",
          ({"purposes.statistics.data_use": "marketing.advertising"},)),
    _case("purposes.survey.items[1]", "consent_required",
          ({"purposes.survey": purpose("marketing.communications", "consent",
                                       ["email", "phone"])},),
          ({"purposes.survey": purpose("marketing.communications", "consent", ["email"])},)),
    _case("purposes.service_provision.items[9]", "consent_required",
          ({"items.health": item("user.health_and_medical", sensitive=True)},
           {"purposes.service_provision.items": Append("health")}),
          ({"items.health": item("user.health_and_medical", sensitive=True)},)),
    _case("provisions.ads", "consent_required", ({"provisions.ads": ADS},)),
    _case(f"{TPO}.items[9]", "consent_required", ({f"{TPO}.items": Append("gender")},)),
    _case(f"{TPO}.recipients[0]", "consent_required",
          ({"recipients.adco": {"name": "AdCo"}, f"{TPO}.recipients": ["adco"]},)),
    _case(f"{TPO}.recipient_purposes[4]", "consent_required",
          ({f"{TPO}.recipient_purposes": Append({"en": "Credit scoring"})},)),
    _case(f"{TPO}.basis", "consent_required", ({f"{TPO}.basis": "opt_out"},)),
    _case("items.health", "consent_required",
          ({"items.health": item("user.health_and_medical", sensitive=True)},)),
    _case("items.gender.sensitive", "consent_required", ({"items.gender.sensitive": True},)),
    _case("items.name.visibility", "consent_required", ({"items.name.visibility": "public"},)),
    _case("statistics.by_region", "consent_required",
          ({"statistics.by_region": {"label": "Regions", "items": ["address"],
                                     "dimensions": ["address"],
                                     "recipient_description": "Partners", "min_cell_size": 10}},)),
    _case("research.study", "consent_required", ({"research.study": STUDY},)),
    _case("joint_use.partners.items[1]", "consent_required",
          ({"joint_use.partners": {**JOINT, "items": ["email", "phone"]}},),
          ({"joint_use.partners": JOINT},)),
    _case("cookies.ga", "consent_required", (EU, {"cookies.ga": GA_COOKIE}), (EU,)),
    _case("modules.google_analytics.provider", "consent_required",
          (EU, {"modules.google_analytics.provider": "Google Ireland"}), (EU,)),
    _case("storage[0]", "consent_required",
          ({"storage": [{"description": "US cloud", "countries": ["US"],
                         "transfer_basis": "consent"}]},)),
    _case("recipients.adco.country", "consent_required",
          ({"recipients.adco": {"name": "AdCo", "country": "US"}},),
          ({"recipients.adco": {"name": "AdCo"}},)),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "path", "classification"), CASES)
def test_change_is_classified(
    old: tuple[Edit, ...], new: tuple[Edit, ...], path: str, classification: str
) -> None:
    result = diff_policies(variant(*old), variant(*old, *new))
    by_path = {change.location: change.classification for change in result.changes}
    assert by_path.get(path) == classification, by_path


@pytest.mark.parametrize(("old", "new", "path", "classification"), CASES)
def test_every_change_gives_a_reason(
    old: tuple[Edit, ...], new: tuple[Edit, ...], path: str, classification: str
) -> None:
    change = next(
        c for c in diff_policies(variant(*old), variant(*old, *new)).changes if c.location == path
    )
    assert change.reason
    assert bool(change.citation) == (classification != "editorial")


def test_every_classification_has_a_case() -> None:
    assert {param.values[3] for param in CASES} == set(CLASSIFICATIONS)


def test_the_same_policy_has_no_change() -> None:
    result = diff_policies(onplanetz(), onplanetz())
    assert result.unchanged
    assert result.classification == "editorial"


def test_the_overall_classification_is_the_strongest() -> None:
    new = variant({"version": "2"}, {"purposes.statistics.items": Append("email")})
    assert diff_policies(onplanetz(), new).classification == "notify"
    newer = variant({"version": "3"}, {"items.gender.sensitive": True})
    assert diff_policies(onplanetz(), newer).classification == "consent_required"


def test_strongest_orders_editorial_notify_consent_required() -> None:
    assert strongest(["notify", "editorial", "consent_required"]) == "consent_required"
    assert strongest([]) == "editorial"


def test_an_item_becoming_sensitive_asks_consent_for_the_purposes_that_use_it() -> None:
    result = diff_policies(onplanetz(), variant({"items.gender.sensitive": True}))
    affected = result.consent_affected
    assert affected.items == ("gender",)
    assert affected.purposes == ("service_provision", "statistics")


def test_a_new_provision_asks_consent_for_the_provision_and_its_items() -> None:
    result = diff_policies(onplanetz(), variant({"provisions.ads": ADS}))
    assert result.consent_affected.provisions == ("ads",)
    assert result.consent_affected.items == ("email",)


def test_editorial_changes_affect_nothing() -> None:
    result = diff_policies(onplanetz(), variant({"purposes.statistics.label": "Stats"}))
    assert result.affected.is_empty()


def test_notify_changes_are_affected_but_need_no_consent() -> None:
    result = diff_policies(onplanetz(), variant({"purposes.statistics.items": Append("email")}))
    assert result.affected.purposes == ("statistics",)
    assert result.consent_affected.is_empty()


def test_a_removed_value_is_placed_at_its_index_in_the_old_list() -> None:
    items = list(onplanetz().purposes["statistics"].items)
    items.remove("cookie_id")
    change = diff_policies(onplanetz(), variant({"purposes.statistics.items": items})).changes[0]
    assert (change.location, change.kind, change.old) == (
        "purposes.statistics.items[2]",
        "removed",
        "cookie_id",
    )


def test_a_reordered_list_is_one_editorial_change() -> None:
    items = list(reversed(onplanetz().purposes["statistics"].items))
    result = diff_policies(onplanetz(), variant({"purposes.statistics.items": items}))
    assert [(c.location, c.classification) for c in result.changes] == [
        ("purposes.statistics.items", "editorial")
    ]


def test_a_diff_serialises_to_json() -> None:
    result = diff_policies(onplanetz(), variant({"provisions.ads": ADS, "version": "2"}))
    data = json.loads(json.dumps(result.to_dict()))
    assert data["classification"] == "consent_required"
    assert data["counts"] == {"editorial": 1, "notify": 0, "consent_required": 1}
    assert data["new_hash"] != data["old_hash"]
