"""The office-ant notice states what each of the seed's promises says (SEED-PROMISES.md, OA-*).

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
EMAIL = "info@office-ant.co.jp"
TERMS = "https://marketingplatform.google.com/about/analytics/terms/jp/"

# Fixed wording the notice must use, per language (from the catalogues).
WORDS: dict[str, dict[str, Any]] = {
    "ja": {
        "financial": "漏えいした場合に財産的被害が生じるおそれがあります",
        "person": "ご本人から提供",
        "automatic": "サービスのご利用時に自動的に取得",
        "external": "外部サービスから取得",
        "module": "この情報収集モジュールは、サイトのご利用に関する情報を提供元に送信します。",
        "analytics": "分析：必須ではありません",
        "module_facts": ["提供元", "送信される情報", "使用するクッキー", "提供元の利用規約"],
        "refuse": "拒否の方法",
        "version": ["バージョン", "施行日", "2022年6月7日"],
        "requests": [
            "保有個人データの開示",
            "内容が事実でない場合の訂正・追加・削除",
            "利用停止",
            "データの消去",
        ],
        "email": "メール：",
        "document": "運転免許証などの本人確認書類の写し",
        "fee": ["保有個人データの開示", "￥1,000", "日本", "請求時にお支払い（結果にかかわらず）"],
        "free": "その他の請求は無料です。",
        "identity": ["名称", "住所", "代表者", "設立", "2022年6月7日"],
        "representative": "代表者",
    },
    "en": {
        "financial": "Could cause you financial loss if leaked",
        "person": "Given by you",
        "automatic": "Collected automatically when you use the service",
        "external": "Received from external services",
        "module": "This information-gathering module sends data about your use of the site to "
        "its provider, which handles it under its own privacy policy.",
        "analytics": "Analytics: not strictly necessary",
        "module_facts": ["Provider", "What is sent", "Cookies it uses", "Provider's terms"],
        "refuse": "How to refuse",
        "version": ["Version", "In effect from", "June 7, 2022"],
        "requests": [
            "Disclosure of the personal data we hold about you",
            "Correction, addition or deletion of inaccurate data",
            "Suspension of use",
            "Deletion of your data",
        ],
        "email": "E-mail:",
        "document": "A copy of an identity document, such as a driving licence",
        "fee": [
            "Disclosure of the personal data we hold about you",
            "¥1,000",
            "Japan",
            "Paid when you apply, whatever the outcome",
        ],
        "free": "Other requests are free of charge.",
        "identity": ["Name", "Address", "Representative", "Established", "June 7, 2022"],
        "representative": "Representative",
    },
}


@pytest.fixture(scope="module")
def policy() -> Policy:
    return seed("office-ant")


@pytest.fixture(
    scope="module", params=[("ja", "html"), ("ja", "md"), ("en", "html"), ("en", "md")], ids=str
)
def notice(request: pytest.FixtureRequest) -> Notice:
    locale, format = request.param
    return read_notice("office-ant", locale, format)


def t(notice: Notice, text: Mapping[str, str] | None) -> str:
    assert text is not None
    return text_in(text, notice.locale)


def item(policy: Policy, notice: Notice, key: str) -> str:
    return t(notice, policy.items[key].label)


def test_office_ant_oa1_every_item_with_its_source(policy: Policy, notice: Notice) -> None:
    words = WORDS[notice.locale]
    items = notice.table("items")
    assert items.labels == [item(policy, notice, key) for key in policy.items]
    sources = {"person": words["person"], "automatic": words["automatic"]}
    sources["external_service"] = words["external"]
    for key, value in policy.items.items():
        assert items.row(item(policy, notice, key))[SOURCE] == sources[value.source], key


def test_office_ant_oa1_payment_data_are_marked_as_a_financial_risk(
    policy: Policy, notice: Notice
) -> None:
    items = notice.table("items")
    marked = [cells[ITEM].split("\n")[0] for cells in items.rows if "\n" in cells[ITEM]]
    assert marked == [item(policy, notice, "payment_methods")]
    payment = items.row(item(policy, notice, "payment_methods"))
    assert payment[ITEM].split("\n")[1:] == [WORDS[notice.locale]["financial"]]


def test_office_ant_oa1_items_whose_labels_hold_commas_are_listed_apart(
    policy: Policy, notice: Notice
) -> None:
    separator = {"ja": "／", "en": "; "}[notice.locale]
    web_and_app = policy.collection_points["site_and_app"]
    notice.said(
        separator.join(item(policy, notice, key) for key in web_and_app.items),
        section="collection",
    )
    comma = {"ja": "、", "en": ", "}[notice.locale]
    registration = policy.collection_points["registration"]  # labels without commas
    notice.said(
        comma.join(item(policy, notice, key) for key in registration.items),
        section="collection",
    )


def test_office_ant_oa2_the_table_marks_exactly_the_items_of_each_of_the_ten_purposes(
    policy: Policy, notice: Notice
) -> None:
    matrix = notice.table("purposes")
    assert matrix.header[1:] == [item(policy, notice, key) for key in policy.items]
    assert matrix.labels == [t(notice, purpose.label) for purpose in policy.purposes.values()]
    assert len(matrix.rows) == 10
    for purpose in policy.purposes.values():
        expected = {item(policy, notice, key): "●" for key in purpose.items}
        assert matrix.marks(t(notice, purpose.label)) == expected, purpose.label["en"]


def test_office_ant_oa3_no_data_from_third_parties_without_consent_save_four_cases(
    policy: Policy, notice: Notice
) -> None:
    notice.said(t(notice, policy.third_party_sources), section="sources")
    notice.said({"ja": "日本国外にある者を含みます", "en": "outside Japan"}[notice.locale])


def test_office_ant_oa4_google_analytics_collects_traffic_data_and_cookies_can_refuse_it(
    policy: Policy, notice: Notice
) -> None:
    words = WORDS[notice.locale]
    module = policy.modules["google_analytics"]
    notice.said(
        "Google Analytics",
        words["module"],
        *words["module_facts"],
        t(notice, module.sends[0]),
        t(notice, module.purpose),
        words["refuse"],
        t(notice, module.opt_out),
        TERMS,
        section="cookies",
    )
    link = f'<a href="{TERMS}">{TERMS}</a>' if notice.format == "html" else f"<{TERMS}>"
    assert link in notice.page
    cookie = notice.table("cookies").row(t(notice, policy.cookies["google_analytics"].label))
    assert cookie[1:] == [
        "Google",
        {"ja": "記載なし", "en": "Not stated"}[notice.locale],
        t(notice, policy.cookies["google_analytics"].purpose),
        {"ja": "記載なし", "en": "Not stated"}[notice.locale],
        words["analytics"],
    ]


def test_office_ant_oa5_changes_are_announced_with_their_date(
    policy: Policy, notice: Notice
) -> None:
    notice.said(t(notice, policy.changes), *WORDS[notice.locale]["version"], section="changes")


def test_office_ant_oa6_requests_by_e_mail_with_identity_checked_by_driving_licence(
    policy: Policy, notice: Notice
) -> None:
    words = WORDS[notice.locale]
    notice.said(*words["requests"], section="rights")
    notice.said(f"{words['email']} {EMAIL}", t(notice, policy.rights.channels[0].label))
    notice.said(words["document"], t(notice, policy.rights.verification[0].description))
    mail = f'<a href="mailto:{EMAIL}">{EMAIL}</a>' if notice.format == "html" else f"<{EMAIL}>"
    assert mail in notice.page


def test_office_ant_oa6_1000_yen_per_disclosure_paid_on_application_whatever_the_outcome(
    policy: Policy, notice: Notice
) -> None:
    fees = notice.table("rights")
    assert len(fees.rows) == 1  # correction, suspension and deletion charge nothing
    fee = fees.rows[0]
    assert [*fee[:3], fee[3].split("\n")[0]] == WORDS[notice.locale]["fee"]
    assert fee[3].split("\n")[1] == t(notice, policy.rights.fees[0].note)
    notice.said(WORDS[notice.locale]["free"], section="rights")


def test_office_ant_oa7_business_name_representative_address_and_establishment(
    policy: Policy, notice: Notice
) -> None:
    notice.said(
        *WORDS[notice.locale]["identity"],
        t(notice, policy.organization.legal_name),
        t(notice, policy.organization.address),
        "Tomohiko Yamazaki",
        section="organization",
    )
    # The representative's title would only repeat the field.
    assert notice.section("organization").count(WORDS[notice.locale]["representative"]) == 1


def test_office_ant_oa7_questions_on_safety_go_to_the_contacts_the_notice_lists(
    policy: Policy, notice: Notice
) -> None:
    notice.said(t(notice, policy.security_measures[0].description), section="security")
    notice.not_said({"ja": "本ページ末尾", "en": "end of this page"}[notice.locale])
    notice.said(EMAIL, section="contact")
