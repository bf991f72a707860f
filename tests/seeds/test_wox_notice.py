"""The wox notice states what each of the seed's promises says (SEED-PROMISES.md, WOX-*).

Each test reads the notice in Japanese and English, as HTML and as Markdown, as a person would:
the visible text of one section, and the tables cell by cell (seed_notice.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from seed_notice import Notice, read_notice, seed

from mamori.policy import Policy
from mamori.policy.model import text_in

# Columns of the items table.
ITEM, WHAT, SOURCE, REQUIRED, WHO, KEPT = range(6)
ACCESS_LOG = ["ip_address", "cookie_info", "pages_viewed", "usage_environment"]

# Fixed wording the notice must use, per language (from the catalogues).
WORDS: dict[str, dict[str, Any]] = {
    "ja": {
        "minimum": "必要最小限の情報のみをユーザーから取得します。",
        "guest": "未登録：登録情報は保有しません。",
        "not_personal": "個人情報に該当しません",
        "automatic": "サービスのご利用時に自動的に取得",
        "one_year": "取得から1年",
        "only_marked": "各項目は、その列に印のある利用目的にのみ利用し、ご本人の同意なくそれ以外の"
        "目的には利用しません。",
        "statistics": "特定の個人を識別できないよう、どの数値も少なくとも10人分を集計したもの"
        "とします。",
        "private": "ご本人と担当者のみ",
        "session": "ブラウザを閉じるまで",
        "essential": "必須：これがないとサービスが動作しません",
        "measures": ["組織的安全管理措置", "物理的安全管理措置", "技術的安全管理措置"],
        "exclusions": "本ポリシーの適用範囲外",
        "standard": [
            "裁判所の命令、令状又はプロバイダ責任制限法に基づく開示請求があった場合。",
            "法令に基づく場合。",
        ],
    },
    "en": {
        "minimum": "acquires from users only the minimum information necessary",
        "guest": "Not registered: we hold no registration data about them.",
        "not_personal": "Not personal information",
        "automatic": "Collected automatically when you use the service",
        "one_year": "1 year from collection",
        "only_marked": "We use each item only for the purposes marked in its column, and for "
        "nothing else without your consent.",
        "statistics": "Every figure counts at least 10 people, so that no individual can be "
        "identified.",
        "private": "Only you and the staff in charge",
        "session": "Until you close the browser",
        "essential": "Strictly necessary: the service cannot work without it",
        "measures": ["Organizational measures", "Physical measures", "Technical measures"],
        "exclusions": "What this policy does not cover",
        "standard": [
            "When a court orders it, or it is requested under a warrant or under the Provider "
            "Liability Limitation Act.",
            "When the provision is based on laws and regulations.",
        ],
    },
}


@pytest.fixture(scope="module")
def policy() -> Policy:
    return seed("wox")


@pytest.fixture(
    scope="module", params=[("ja", "html"), ("ja", "md"), ("en", "html"), ("en", "md")], ids=str
)
def notice(request: pytest.FixtureRequest) -> Notice:
    locale, format = request.param
    return read_notice("wox", locale, format)


def t(notice: Notice, text: Mapping[str, str] | None) -> str:
    assert text is not None
    return text_in(text, notice.locale)


def item(policy: Policy, notice: Notice, key: str) -> str:
    return t(notice, policy.items[key].label)


def test_wox_wox1_the_minimum_from_registered_and_guest_users(
    policy: Policy, notice: Notice
) -> None:
    notice.said(WORDS[notice.locale]["minimum"])
    registered = t(notice, policy.subject_kinds["registered_user"].label)
    guest = policy.subject_kinds["guest_user"]
    as_registered = notice.part("subjects", registered, t(notice, guest.label))
    as_guest = notice.part("subjects", t(notice, guest.label))
    assert WORDS[notice.locale]["guest"] not in as_registered
    assert t(notice, guest.description) in as_guest
    assert WORDS[notice.locale]["guest"] in as_guest


def test_wox_wox2_registration_asks_the_e_mail_and_the_points_purchase_the_transfer_name(
    policy: Policy, notice: Notice
) -> None:
    registration = t(notice, policy.collection_points["registration"].label)
    purchase = t(notice, policy.collection_points["points_purchase"].label)
    access_log = t(notice, policy.collection_points["access_log"].label)
    email, transfer = item(policy, notice, "email"), item(policy, notice, "transfer_name")
    at_registration = notice.part("collection", registration, purchase)
    at_purchase = notice.part("collection", purchase, access_log)
    assert email in at_registration
    assert transfer not in at_registration
    assert transfer in at_purchase
    assert email not in at_purchase
    assert notice.section("collection").count(transfer) == 1
    notice.said(t(notice, policy.items["transfer_name"].description), section="items")


def test_wox_wox2_user_and_service_ids_are_not_personal_information(
    policy: Policy, notice: Notice
) -> None:
    items = notice.table("items")
    for key in ("user_id", "service_ids"):
        cells = items.row(item(policy, notice, key))[ITEM].split("\n")
        assert cells[1:] == [WORDS[notice.locale]["not_personal"]], key
    for key in ("email", "transfer_name"):
        assert "\n" not in items.row(item(policy, notice, key))[ITEM], key


def test_wox_wox3_the_access_log_identifies_no_one_and_is_kept_a_year(
    policy: Policy, notice: Notice
) -> None:
    words = WORDS[notice.locale]
    items = notice.table("items")
    for key in ACCESS_LOG:
        row = items.row(item(policy, notice, key))
        assert row[ITEM].split("\n")[1:] == [words["not_personal"]], key
        assert (row[SOURCE], row[KEPT]) == (words["automatic"], words["one_year"]), key
    analysis = policy.purposes["usage_analysis"]
    notice.said(t(notice, analysis.label), t(notice, analysis.description), section="purposes")


def test_wox_wox4_the_three_uses_each_with_their_items(policy: Policy, notice: Notice) -> None:
    matrix = notice.table("purposes")
    assert matrix.labels == [t(notice, purpose.label) for purpose in policy.purposes.values()]
    for purpose in policy.purposes.values():
        expected = {item(policy, notice, key): "●" for key in purpose.items}
        assert matrix.marks(t(notice, purpose.label)) == expected, purpose.label["en"]


def test_wox_wox4_statistics_for_users_and_third_parties_identify_no_one(
    policy: Policy, notice: Notice
) -> None:
    release = policy.statistics["user_statistics"]
    notice.said(
        t(notice, release.label),
        WORDS[notice.locale]["statistics"],
        t(notice, release.recipient_description),
        t(notice, release.recipient_purposes[0]),
        t(notice, policy.purposes["statistics"].label),
        section="statistics",
    )


def test_wox_wox5_personal_information_is_used_for_nothing_else(
    policy: Policy, notice: Notice
) -> None:
    notice.said(WORDS[notice.locale]["only_marked"], section="purposes")
    notice.said(t(notice, policy.purposes_note), section="purposes")


def test_wox_wox6_disclosure_only_with_consent_or_in_the_four_cases_in_the_seeds_words(
    policy: Policy, notice: Notice
) -> None:
    notice.said(t(notice, policy.provision_note), section="provision")
    cases = [t(notice, policy.legal_exception_texts[key]) for key in policy.legal_exceptions]
    assert len(cases) == 4
    notice.in_order("provision", *cases)
    for standard in WORDS[notice.locale]["standard"]:
        notice.not_said(standard, section="provision")


def test_wox_wox7_registration_data_seen_only_by_the_user_and_the_staff_in_charge(
    policy: Policy, notice: Notice
) -> None:
    items = notice.table("items")
    for key in ("email", "transfer_name"):
        assert items.row(item(policy, notice, key))[WHO] == WORDS[notice.locale]["private"]
    notice.said(*WORDS[notice.locale]["measures"], section="security")
    for measure in policy.security_measures:
        notice.said(t(notice, measure.description), section="security")
    notice.said("SSL", section="security")


def test_wox_wox8_the_login_cookie_holds_nothing_that_identifies_a_person(
    policy: Policy, notice: Notice
) -> None:
    cookie = policy.cookies["login"]
    row = notice.table("cookies").row(t(notice, cookie.label))
    assert row[1:] == [
        t(notice, cookie.provider),
        t(notice, cookie.holds),
        t(notice, cookie.purpose),
        WORDS[notice.locale]["session"],
        WORDS[notice.locale]["essential"],
    ]


def test_wox_wox9_what_users_publish_themselves_may_be_collected_by_others(
    policy: Policy, notice: Notice
) -> None:
    notice.said(
        WORDS[notice.locale]["exclusions"], t(notice, policy.exclusions[0]), section="exclusions"
    )


def test_wox_wox10_linked_third_party_sites_are_not_covered(policy: Policy, notice: Notice) -> None:
    notice.said(t(notice, policy.exclusions[1]), section="exclusions")
