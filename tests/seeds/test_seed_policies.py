"""The five seed policies load, and each declares what its promises need (SEED-PROMISES.md).

One test per promise that a policy file can show, named test_<seed>_<promise>. What running code
must then do with these declarations is tested by the domain that keeps the promise.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from fideslang.default_taxonomy import DEFAULT_TAXONOMY

from mamori.errors import PolicyError
from mamori.policy import Policy, load_policy, parse_policy
from mamori.policy.model import text_in

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
LOCALES = {
    "aozora": ["fr", "en"],
    "soc": ["ja"],
    "office-ant": ["ja", "en"],
    "wox": ["ja", "en"],
    "onplanetz": ["ja", "en"],
}


@cache
def seed(name: str) -> Policy:
    return load_policy(EXAMPLES / name / "policy.yaml")


def texts(value: Any) -> Iterator[dict[str, str]]:
    """Every localized text in a dumped policy (a mapping from locales to strings)."""
    if isinstance(value, dict):
        is_text = value and set(value) <= {"ja", "en", "fr", "*"}
        if is_text and all(isinstance(text, str) for text in value.values()):
            yield value
            return
        for child in value.values():
            yield from texts(child)
    elif isinstance(value, list):
        for child in value:
            yield from texts(child)


# --- every seed ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(LOCALES))
def test_seed_is_written_in_its_own_languages(name: str) -> None:
    policy = seed(name)
    assert policy.locales == LOCALES[name]
    locales = set(policy.locales)
    wrong = [
        text
        for text in texts(policy.model_dump(mode="json"))
        if "*" not in text and set(text) != locales
    ]
    assert wrong == []


@pytest.mark.parametrize("name", sorted(LOCALES))
def test_seed_references_name_declared_keys(name: str) -> None:
    policy = seed(name)
    declared = {
        "items": policy.items,
        "purposes": policy.purposes,
        "subject_kinds": policy.subject_kinds,
        "cookies": policy.cookies,
        "recipients": policy.recipients,
    }
    dangling = [
        (path, key) for path, kind, key in policy.iter_references() if key not in declared[kind]
    ]
    assert dangling == []


@pytest.mark.parametrize("name", sorted(LOCALES))
def test_seed_uses_fideslang_categories_and_data_uses(name: str) -> None:
    policy = seed(name)
    categories = {category.fides_key for category in DEFAULT_TAXONOMY.data_category}
    uses = {use.fides_key for use in DEFAULT_TAXONOMY.data_use}
    assert {item.category for item in policy.items.values()} <= categories
    assert {purpose.data_use for purpose in policy.purposes.values()} <= uses


@pytest.mark.parametrize("name", sorted(LOCALES))
def test_seed_purpose_masks_only_items_it_uses(name: str) -> None:
    for purpose in seed(name).purposes.values():
        assert set(purpose.masks) <= set(purpose.items)


def test_a_worded_legal_exception_must_be_one_the_policy_allows() -> None:
    text = (EXAMPLES / "soc" / "policy.yaml").read_text(encoding="utf-8")
    text = text.replace("  - police_inquiry\n", "", 1)
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, source="soc.yaml")
    assert any("legal_exception_texts" in str(problem) for problem in caught.value.problems)


# --- aozora (000) -------------------------------------------------------------------------------


def test_aozora_az1() -> None:
    policy = seed("aozora")
    assert policy.jurisdictions == ["EU"]
    register_name = policy.organization.register_name
    assert register_name is not None
    assert text_in(register_name, "fr") == "Registre des utilisateur des services d'Aozora"
    assert {"service_communication", "user_messaging"} <= set(policy.purposes)
    assert "entre utilisateurs" in policy.purposes["user_messaging"].label["fr"]


def test_aozora_az2() -> None:
    items = seed("aozora").items
    on_profile = {key for key, item in items.items() if item.visibility == "profile"}
    assert "name" in on_profile
    assert items["name"].required
    assert [key for key in on_profile if items[key].required] == ["name"]
    assert items["password"].visibility == "private"


def test_aozora_az3() -> None:
    policy = seed("aozora")
    host = policy.entrustees["hosting_company"]
    assert host.address == {"*": "2, rue Kellermann, 59100 Roubaix, France"}
    assert host.country == "FR"
    assert host.location is not None
    assert host.share_capital == "10 059 500 €"
    registry = {entry.kind: entry.value for entry in host.registry_numbers}
    assert registry["RCS"] == "Lille Métropole 424 761 419 00045"
    assert registry["N° TVA"] == "FR 22 424 761 419"
    assert set(host.items) == set(policy.items)
    assert policy.outsourcing is not None
    assert "not outsourced" in policy.outsourcing["en"]


def test_aozora_az4() -> None:
    items = seed("aozora").items
    declared = "name email phone street_address username password description offers_requests"
    assert set(items) == {*declared.split(), "feedback_badges", "login_count"}
    assert items["password"].type == "password"
    assert items["login_count"].type == "number"
    assert items["login_count"].source == "automatic"


def test_aozora_az5() -> None:
    policy = seed("aozora")
    given = {key for key, item in policy.items.items() if item.source == "person"}
    assert given == set(policy.items) - {"login_count"}
    collected = {key for point in policy.collection_points.values() for key in point.items}
    assert given <= collected
    assert {"registration", "later_use"} <= set(policy.collection_points)


def test_aozora_az6() -> None:
    policy = seed("aozora")
    release = policy.research["research_handover"]
    direct_identifiers = {"name", "email", "phone", "street_address", "username", "password"}
    assert not direct_identifiers & set(release.items)
    assert release.k >= 2
    assert set(release.quasi_identifiers) <= set(release.items)
    assert "may not publish" in release.terms["en"]
    assert release.purpose == "research"
    assert set(release.items) <= set(policy.purposes["research"].items)


def test_aozora_az7() -> None:
    policy = seed("aozora")
    assert policy.communities is not None
    assert policy.communities.admin_purposes == ["community_administration"]
    scoped = [role for role in policy.roles.values() if role.community_scoped]
    assert [role.purposes for role in scoped] == [["community_administration"]]
    assert scoped[0].actor_kinds == ["community_admin"]


def test_aozora_az8() -> None:
    storage = seed("aozora").storage
    assert [place.transfer_basis == "domestic" for place in storage] == [True, False]
    assert "outside" in storage[1].description["en"]


def test_aozora_az9() -> None:
    measures = seed("aozora").security_measures
    assert {measure.kind for measure in measures} == {"technical", "physical"}
    assert any("passwords" in measure.description["en"] for measure in measures)


def test_aozora_az10() -> None:
    policy = seed("aozora")
    assert policy.reciprocity is not None
    assert "réciprocité" in policy.reciprocity["fr"]
    assert {"disclosure", "correction"} <= set(policy.rights.request_kinds)
    assert policy.rights.fees == []


def test_aozora_az11() -> None:
    organization = seed("aozora").organization
    assert organization.legal_form == {"*": "Société par Actions Simplifiée"}
    assert organization.share_capital == "2000€"
    assert [(entry.kind, entry.value) for entry in organization.registry_numbers] == [
        ("RCS", "Bobigny 839 823 986")
    ]
    assert organization.address == {"*": "10 rue Gabrielle Josserand, 93500 PANTIN, France"}
    assert organization.publication_director is not None
    assert organization.publication_director.name == {"*": "Olivier Roelants"}


# --- soc (001) ----------------------------------------------------------------------------------

# "ユーザー属性に関する情報" as purpose (1) defines it; age is the birth date's year.
SOC_ATTRIBUTES = "postal_code gender occupation birth_date usage_history usage_environment"
SOC_PURPOSE_ITEMS = {
    "personalization": SOC_ATTRIBUTES,
    "service_improvement": SOC_ATTRIBUTES,
    "registration_view": "name address email phone usage_history meeting_attendance",
    "notices": "email address",
    "identity_verification": "name address birth_date phone",
    "form_prefill": "name nickname email birth_date gender postal_code address phone occupation "
    "industry interests",
    "bulletin_board": "nickname",
    "violation_prevention": "usage_history name address",
    "inquiry_response": f"inquiry_content {SOC_ATTRIBUTES} email address",
}


def test_soc_soc1() -> None:
    policy = seed("soc")
    points = policy.collection_points
    assert {"registration", "meeting_attendance", "inquiry"} <= set(points)
    assert all(point.items and point.purposes for point in points.values())
    automatic = {key for key, item in policy.items.items() if item.source == "automatic"}
    assert set(points["site_browsing"].items) == automatic


def test_soc_soc2() -> None:
    policy = seed("soc")
    for key in ("registration", "meeting_attendance", "inquiry"):
        point = policy.collection_points[key]
        used = {item for purpose in point.purposes for item in policy.purposes[purpose].items}
        assert set(point.items) <= used, key


def test_soc_soc3() -> None:
    items = seed("soc").items
    listed = ["name", "email", "birth_date", "gender", "postal_code", "occupation", "industry"]
    assert {*listed, "interests"} <= set(items)
    assert items["birth_date"].category == "user.demographic.date_of_birth"


def test_soc_soc4() -> None:
    items = seed("soc").items
    for key in ("ip_address", "cookie_info", "usage_environment"):
        assert items[key].source == "automatic"
        assert items[key].retention is not None


def test_soc_soc5() -> None:
    policy = seed("soc")
    expected = {key: set(items.split()) for key, items in SOC_PURPOSE_ITEMS.items()}
    assert {key: set(purpose.items) for key, purpose in policy.purposes.items()} == expected
    assert list(policy.purposes)[6] == "bulletin_board"
    assert policy.purposes["personalization"].masks["birth_date"].year


def test_soc_soc6() -> None:
    policy = seed("soc")
    assert policy.provision_note is not None
    assert "販売したり貸し出したりすることはいたしません" in policy.provision_note["ja"]
    assert all(
        provision.basis not in ("sale", "lending") for provision in policy.provisions.values()
    )


def test_soc_soc7() -> None:
    policy = seed("soc")
    assert policy.legal_exceptions == [
        "court_order",
        "police_inquiry",
        "protect_rights_terms_violation",
        "protect_life_body_property",
    ]
    assert set(policy.legal_exception_texts) == set(policy.legal_exceptions)
    assert "特定電気通信役務提供者" in policy.legal_exception_texts["court_order"]["ja"]
    assert "刑事訴訟法" in policy.legal_exception_texts["police_inquiry"]["ja"]
    assert (
        "同意を得ることが困難" in policy.legal_exception_texts["protect_life_body_property"]["ja"]
    )


def test_soc_soc8() -> None:
    cookie = seed("soc").cookies["soc_cookie"]
    assert cookie.provider == {"*": "SOC"}


def test_soc_soc9() -> None:
    rights = seed("soc").rights
    assert rights.self_service
    assert {"disclosure", "correction", "deletion"} <= set(rights.request_kinds)
    assert [channel.kind for channel in rights.channels] == ["online"]


def test_soc_soc10() -> None:
    policy = seed("soc")
    assert policy.items["nickname"].pseudonym_of == "name"
    assert policy.purposes["bulletin_board"].items == ["nickname"]


def test_soc_soc11() -> None:
    measures = seed("soc").security_measures
    assert any("外部漏洩" in measure.description["ja"] for measure in measures)


# --- office-ant (002) ---------------------------------------------------------------------------


def test_office_ant_oa1() -> None:
    items = seed("office-ant").items
    assert len(items) == 17
    assert {"payment_methods", "location", "photos_videos", "external_service_info"} <= set(items)
    assert [key for key, item in items.items() if item.financial_harm] == ["payment_methods"]
    assert items["external_service_info"].source == "external_service"


def test_office_ant_oa2() -> None:
    policy = seed("office-ant")
    assert len(policy.purposes) == 10
    assert policy.purposes["payment"].items.count("payment_methods") == 1
    unused = set(policy.items) - {key for p in policy.purposes.values() for key in p.items}
    assert unused == set()


def test_office_ant_oa3() -> None:
    statement = seed("office-ant").third_party_sources
    assert statement is not None
    for words in ("outsourcing", "acquired", "joint use", "permitted by law"):
        assert words in statement["en"]
    assert "日本国外" in statement["ja"]


def test_office_ant_oa4() -> None:
    policy = seed("office-ant")
    module = policy.modules["google_analytics"]
    assert module.terms_url == "https://marketingplatform.google.com/about/analytics/terms/jp/"
    assert module.category == "analytics"
    assert module.opt_out is not None
    assert "disabling cookies" in module.opt_out["en"]
    assert [policy.cookies[key].category for key in module.cookies] == ["analytics"]


def test_office_ant_oa5() -> None:
    changes = seed("office-ant").changes
    assert changes is not None
    assert "implementation date" in changes["en"]
    assert "施行日" in changes["ja"]


def test_office_ant_oa6() -> None:
    rights = seed("office-ant").rights
    assert set(rights.request_kinds) == {"disclosure", "correction", "suspension", "deletion"}
    assert [(channel.kind, channel.address) for channel in rights.channels] == [
        ("email", "info@office-ant.co.jp")
    ]
    assert [method.kind for method in rights.verification] == ["document"]
    assert [(fee.request, fee.amount, fee.currency) for fee in rights.fees] == [
        ("disclosure", 1000, "JPY")
    ]
    assert rights.fees[0].charged == "on_application"
    assert not rights.fees[0].refundable


def test_office_ant_oa7() -> None:
    organization = seed("office-ant").organization
    assert organization.legal_name["en"] == "Office Ant Ltd."
    assert organization.representative is not None
    assert organization.representative.name == {"*": "Tomohiko Yamazaki"}
    assert organization.address is not None
    assert "2918-1 Honmachida" in organization.address["en"]
    assert str(organization.established) == "2022-06-07"


# --- wox (003) ----------------------------------------------------------------------------------


def test_wox_wox1() -> None:
    kinds = seed("wox").subject_kinds
    assert {key: kind.registered for key, kind in kinds.items()} == {
        "registered_user": True,
        "guest_user": False,
    }


def test_wox_wox2() -> None:
    policy = seed("wox")
    points_with = {
        key: [name for name, point in policy.collection_points.items() if key in point.items]
        for key in ("email", "transfer_name")
    }
    assert points_with == {"email": ["registration"], "transfer_name": ["points_purchase"]}
    assert policy.items["email"].subject_kinds == ["registered_user"]
    assert not policy.items["user_id"].personal
    assert not policy.items["service_ids"].personal


def test_wox_wox3() -> None:
    policy = seed("wox")
    log = policy.collection_points["access_log"].items
    assert set(log) == {"ip_address", "cookie_info", "pages_viewed", "usage_environment"}
    for key in log:
        assert policy.items[key].source == "automatic"
        assert policy.items[key].retention is not None


def test_wox_wox4() -> None:
    policy = seed("wox")
    assert list(policy.purposes) == ["contact", "usage_analysis", "statistics"]
    release = policy.statistics["user_statistics"]
    assert release.purpose == "statistics"
    assert release.min_cell_size >= 2
    assert "third parties" in release.recipient_description["en"]
    assert not {"email", "transfer_name"} & set(release.items)


def test_wox_wox5() -> None:
    note = seed("wox").purposes_note
    assert note is not None
    assert "purposes other than the above" in note["en"]


def test_wox_wox6() -> None:
    policy = seed("wox")
    assert set(policy.legal_exceptions) == {
        "court_order",
        "by_law",
        "protect_rights_terms_violation",
        "protect_life_body_property",
    }
    assert "プロバイダ責任制限法" in policy.legal_exception_texts["by_law"]["ja"]
    assert policy.provisions == {}


def test_wox_wox7() -> None:
    policy = seed("wox")
    registration_items = {"email", "transfer_name"}
    reaching = {
        key
        for key, role in policy.roles.items()
        if any(registration_items & set(policy.purposes[p].items) for p in role.purposes)
    }
    assert reaching == {"staff_in_charge"}
    kinds = {measure.kind for measure in policy.security_measures}
    assert {"technical", "organizational", "physical"} <= kinds
    assert any("SSL" in measure.description["en"] for measure in policy.security_measures)


def test_wox_wox8() -> None:
    cookie = seed("wox").cookies["login"]
    assert cookie.category == "essential"
    assert cookie.holds is not None
    assert "opaque token" in cookie.holds["en"]
    assert "no information that identifies" in cookie.holds["en"]


def test_wox_wox9() -> None:
    exclusions = seed("wox").exclusions
    assert any("voluntarily discloses" in text["en"] for text in exclusions)


def test_wox_wox10() -> None:
    exclusions = seed("wox").exclusions
    assert any("third-party sites" in text["en"] for text in exclusions)


# --- onplanetz (004) ----------------------------------------------------------------------------


def test_onplanetz_op1() -> None:
    assert seed("onplanetz").jurisdictions == ["JP"]


def test_onplanetz_op2() -> None:
    assert any("external services" in text["en"] for text in seed("onplanetz").exclusions)


def test_onplanetz_op3() -> None:
    items = seed("onplanetz").items
    given = ["name", "organization", "job_title", "gender", "birth_year", "address", "email"]
    assert all(items[key].source == "person" for key in [*given, "phone"])


def test_onplanetz_op4() -> None:
    items = seed("onplanetz").items
    for key in ("terminal_info", "access_log", "cookie_id"):
        assert items[key].source == "automatic"
    assert items["external_service_info"].source == "external_service"
    assert items["external_service_info"].provider is not None


def test_onplanetz_op5() -> None:
    policy = seed("onplanetz")
    collected = {key for point in policy.collection_points.values() for key in point.items}
    assert collected == set(policy.items)


def test_onplanetz_op6() -> None:
    purposes = seed("onplanetz").purposes
    assert list(purposes) == ["service_provision", "information_to_users", "statistics"]
    assert all(purpose.items for purpose in purposes.values())


def test_onplanetz_op7() -> None:
    provision = seed("onplanetz").provisions["third_party_offers"]
    assert provision.basis == "consent"
    assert len(provision.recipient_purposes) == 4


def test_onplanetz_op8() -> None:
    release = seed("onplanetz").statistics["ad_market_statistics"]
    assert release.min_cell_size >= 2
    assert {"gender", "birth_year"} <= set(release.dimensions)


def test_onplanetz_op9() -> None:
    changes = seed("onplanetz").changes
    assert changes is not None
    assert "reasonably recognised as related" in changes["en"]


def test_onplanetz_op10() -> None:
    assert seed("onplanetz").legal_exceptions == [
        "by_law",
        "protect_life_body_property",
        "public_health_children",
        "cooperate_public_bodies",
    ]


def test_onplanetz_op11() -> None:
    outsourcing = seed("onplanetz").outsourcing
    assert outsourcing is not None
    assert "supervises" in outsourcing["en"]


def test_onplanetz_op12() -> None:
    note = seed("onplanetz").joint_use_note
    assert note is not None
    assert "person responsible" in note["en"]


def test_onplanetz_op13() -> None:
    module = seed("onplanetz").modules["google_analytics"]
    assert module.provider == {"*": "Google Inc."}
    assert module.policy_url == "http://www.google.com/intl/ja/policies/privacy/"
    assert module.sends


def test_onplanetz_op14() -> None:
    policy = seed("onplanetz")
    assert policy.organization.privacy_officer is not None
    assert len(policy.security_measures) == 4


def test_onplanetz_op15() -> None:
    assert seed("onplanetz").rights.refusal_grounds == [
        "not_obliged_by_law",
        "repeated_without_reason",
        "excessive_technical_work",
    ]


def test_onplanetz_op16() -> None:
    changes = seed("onplanetz").changes
    assert changes is not None
    assert "consent" in changes["en"]


def test_onplanetz_op17() -> None:
    inquiries = seed("onplanetz").organization.contacts["inquiries"]
    assert inquiries.email == "admin@onplanetz.com"
