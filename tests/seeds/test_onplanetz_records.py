"""onplanetz: data from an external service is recorded on receipt (OP-4); each entrustee is
recorded with its agreement and supervision log (OP-11); joint use is declared with its four
facts and rendered in the notice (OP-12); the module is declared with its provider and policy
address, and what it sends is listed (OP-13). On SQLite and PostgreSQL.

The seed policy names no entrustee and declares no joint use in particular: it only says that
it may entrust and jointly use, and that it will announce the details (`outsourcing`,
`joint_use_note`). The tests check what it says, and show the register with the entrustee and
joint use its text promises added to a copy of the policy.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from seed_register import EXAMPLES, seed_register

from mamori.crypto import Keyring, PasswordHasher
from mamori.errors import NotFoundError
from mamori.policy import Policy, load_policy
from mamori.policy.notice import render_notice
from mamori.provision import (
    Provider,
    entrustees_of,
    log_supervision,
    receipts_of,
    record_receipt,
    sharing_for,
    supervision_log,
)
from mamori.register import Actor, Register

APP = Actor.application()
OFFICER = Actor.staff("officer-1", "privacy_officer")
FACEBOOK = Provider(
    "Meta Platforms, Inc.", "1 Meta Way, Menlo Park, CA", "Mark Zuckerberg", country="US"
)
SETTINGS = "Given by the user to Facebook; disclosed as their privacy settings allow"
SEED = load_policy(EXAMPLES / "onplanetz" / "policy.yaml")


def with_sharing(policy: Policy) -> Policy:
    """The seed policy with the entrustee and joint use its text says it may have."""
    data: dict[str, Any] = policy.model_dump(mode="json")
    data["entrustees"] = {
        "mail_delivery": {
            "name": "Mail Delivery KK",
            "task": {"ja": "メールマガジンの配信", "en": "Sending the e-mail magazine"},
            "address": "1-2-3 Shinjuku, Tokyo",
            "country": "JP",
            "location": {"ja": "東京", "en": "Tokyo"},
            "agreement": {"ja": "秘密保持契約", "en": "Confidentiality agreement"},
            "items": ["name", "email"],
        }
    }
    data["joint_use"] = {
        "affiliates": {
            "items": ["name", "organization", "email"],
            "joint_users": {"ja": "提携事業者", "en": "Affiliated business operators"},
            "purposes": [{"ja": "提携サービスの提供", "en": "Providing affiliated services"}],
            "responsible": "Onplanetz Inc.",
            "responsible_address": "Shibuya, Tokyo",
            "responsible_representative": "Representative Director",
        }
    }
    return Policy.model_validate(data)


SHARED = with_sharing(SEED)


@pytest.fixture
def register(database_url: str, tmp_path: Path) -> Iterator[Register]:
    with seed_register("onplanetz", database_url, tmp_path) as opened:
        yield opened


@pytest.fixture
def shared_register(database_url: str, tmp_path: Path) -> Iterator[Register]:
    opened = Register.open(
        database_url,
        SHARED,
        Keyring.create(tmp_path / "keyring.json"),
        keystore_url=f"sqlite:///{tmp_path / 'keys.sqlite'}",
        passwords=PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1),
        migrate=True,
    )
    try:
        yield opened
    finally:
        opened.close()


# -- OP-4: information from external services such as Facebook, recorded on receipt -----------


def test_op4_the_external_source_is_declared_with_its_provider() -> None:
    item = SEED.items["external_service_info"]
    assert (item.source, item.provider) == (
        "external_service",
        {"ja": "Facebookその他の外部サービス", "en": "Facebook and other external services"},
    )


def test_op4_data_from_facebook_is_recorded_on_receipt(register: Register) -> None:
    with register.session() as session:
        session.create_subject(
            APP,
            "u1",
            kind="user",
            collection_point="external_service_link",
            values={"external_service_info": "fb:10001"},
        )
        record_receipt(
            session,
            APP,
            "u1",
            provider=FACEBOOK,
            acquisition=SETTINGS,
            items=["external_service_info"],
            basis="consent",
        )
    with register.engine.connect() as connection:
        (record,) = receipts_of(connection, "u1")
    assert (record.provider.name, record.acquisition, record.items) == (
        "Meta Platforms, Inc.",
        SETTINGS,
        ("external_service_info",),
    )


# -- OP-11: entrustees with their agreement and supervision log --------------------------------


def test_op11_the_seed_states_entrustment_under_agreement_and_supervision() -> None:
    assert SEED.entrustees == {}  # the seed names none
    notice = render_notice(SEED, locale="en", format="md")
    assert "concludes in advance a confidentiality agreement" in notice


def test_op11_an_entrustee_is_recorded_with_its_agreement_and_supervision_log(
    shared_register: Register,
) -> None:
    (entrustee,) = entrustees_of(SHARED)
    assert (entrustee.key, entrustee.agreement["en"]) == (
        "mail_delivery",
        "Confidentiality agreement",
    )
    with shared_register.session() as session:
        for kind, day in (("selection", 1), ("contract", 5)):
            log_supervision(
                session,
                OFFICER,
                "mail_delivery",
                kind,  # type: ignore[arg-type]
                f"{kind} done",
                at=datetime(2026, 2, day, tzinfo=UTC),
            )
    with shared_register.engine.connect() as connection:
        kinds = [entry.kind for entry in supervision_log(connection, "mail_delivery")]
    assert kinds == ["selection", "contract"]


def test_op11_no_supervision_is_logged_for_an_entrustee_the_policy_does_not_declare(
    register: Register,
) -> None:
    with pytest.raises(NotFoundError), register.session() as session:
        log_supervision(session, OFFICER, "mail_delivery", "selection", "selected")


# -- OP-12: joint use with its four facts, in the notice -------------------------------------


def test_op12_the_seed_announces_that_the_four_facts_come_first() -> None:
    assert SEED.joint_use == {}  # the seed declares no joint use in particular
    notice = render_notice(SEED, locale="en", format="md")
    assert "it announces in advance the information used jointly" in notice


def test_op12_a_declared_joint_use_shows_its_four_facts_in_the_notice() -> None:
    notice = render_notice(SHARED, locale="en", format="md")
    section = notice[notice.index("Joint use 1") :]
    for fact in (
        "Items used jointly",
        "Affiliated business operators",
        "Providing affiliated services",
        "Onplanetz Inc.",
        "Shibuya, Tokyo",
        "Representative Director",
    ):
        assert fact in section, fact


def test_op12_the_joint_use_is_in_the_disclosure_facts_of_a_person_it_concerns() -> None:
    (joint,) = sharing_for(SHARED, ["email", "gender"]).joint_uses
    assert (joint.items, joint.joint_users["en"], joint.responsible) == (
        ("email",),
        "Affiliated business operators",
        {"*": "Onplanetz Inc."},
    )


# -- OP-13: the module, its provider, its policy address and what it sends --------------------


def test_op13_the_module_is_listed_with_provider_policy_and_what_it_sends() -> None:
    (module,) = sharing_for(SEED, ["email"]).modules
    assert (module.key, module.provider, module.provider_country, module.policy_url) == (
        "google_analytics",
        {"*": "Google Inc."},
        "US",
        "http://www.google.com/intl/ja/policies/privacy/",
    )
    assert module.sends[0]["en"].startswith("Information such as browsing of the site")


def test_op13_the_notice_names_the_module_and_its_policy_address() -> None:
    notice = render_notice(SEED, locale="ja", format="md")
    assert "Google Inc." in notice
    assert "http://www.google.com/intl/ja/policies/privacy/" in notice
