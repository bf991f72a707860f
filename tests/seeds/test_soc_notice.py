"""The soc notice states what each of the seed's promises says (SEED-PROMISES.md, SOC-*).

The club writes in Japanese only: each test reads the Japanese notice, as HTML and as Markdown,
as a person would (seed_notice.py). The purposes-by-items table is read cell by cell.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from seed_notice import Notice, read_notice, seed

from mamori.policy import Policy
from mamori.policy.model import text_in

# Columns of the items table.
ITEM, WHAT, SOURCE, REQUIRED, WHO, KEPT = range(6)

# Fixed wording the notice must use (from the ja catalogue).
AUTOMATIC = "サービスのご利用時に自動的に取得"
ONE_YEAR = "取得から1年"
USED, PART = "●", "◐"
LEGEND = ["●：その利用目的で項目を利用します。", "◐：項目の一部のみを利用します。"]
PSEUDONYM = "氏名が不要な場面で、その代わりに表示します。"
FUNCTIONAL = "機能：必須ではありません"
NOT_STATED = "記載なし"
SELF_SERVICE = "登録情報は、いつでもオンラインでご自身で確認・訂正・削除できます。"
REQUESTS = ["保有個人データの開示", "内容が事実でない場合の訂正・追加・削除", "データの消去"]
STANDARD_COURT_ORDER = "裁判所の命令、令状又はプロバイダ責任制限法に基づく開示請求があった場合。"


@pytest.fixture(scope="module")
def policy() -> Policy:
    return seed("soc")


@pytest.fixture(scope="module", params=["html", "md"])
def notice(request: pytest.FixtureRequest) -> Notice:
    return read_notice("soc", "ja", request.param)


def t(text: Mapping[str, str] | None) -> str:
    assert text is not None
    return text_in(text, "ja")


def item(policy: Policy, key: str) -> str:
    return t(policy.items[key].label)


def test_soc_soc1_each_collection_point_shows_its_items_and_purposes(
    policy: Policy, notice: Notice
) -> None:
    points = list(policy.collection_points.values())
    for point, following in zip(points, [*points[1:], None], strict=True):
        end = None if following is None else t(following.label)
        block = notice.part("collection", t(point.label), end)
        assert "、".join(item(policy, key) for key in point.items) in block, t(point.label)
        for purpose in point.purposes:
            assert t(policy.purposes[purpose].label) in block, (t(point.label), purpose)
    for key in ("registration", "meeting_attendance", "inquiry"):
        notice.said(t(policy.collection_points[key].label), section="collection")


def test_soc_soc2_only_what_the_service_needs_is_asked(notice: Notice) -> None:
    notice.said(
        "SOCが取得したりお尋ねしたりする個人情報は、SOCをご利用いただくサービスを提供するために"
        "必要なものに限られています。"
    )


def test_soc_soc3_the_registration_items_are_listed(policy: Policy, notice: Notice) -> None:
    labels = notice.table("items").labels
    for key in ("name", "email", "birth_date", "gender", "postal_code", "occupation"):
        assert item(policy, key) in labels
    assert {"業種", "個人的な興味"} <= set(labels)


def test_soc_soc3_each_item_says_in_plain_words_what_kind_of_data_it_is(
    policy: Policy, notice: Notice
) -> None:
    items = notice.table("items")
    meanings = {
        "name": "氏名",
        "birth_date": "生年月日・生まれ年",
        "postal_code": "郵便番号",
        "address": "住所",
        "interests": "趣味・関心などのプロフィール",
    }
    for key, meaning in meanings.items():
        assert items.row(item(policy, key))[WHAT].split("\n")[0] == meaning, key


def test_soc_soc4_network_data_are_collected_automatically_and_kept_a_year(
    policy: Policy, notice: Notice
) -> None:
    items = notice.table("items")
    for key in ("ip_address", "cookie_info", "usage_environment"):
        row = items.row(item(policy, key))
        assert (row[SOURCE], row[KEPT]) == (AUTOMATIC, ONE_YEAR), key
    assert items.row(item(policy, "name"))[SOURCE] != AUTOMATIC


def test_soc_soc5_the_table_marks_exactly_the_items_of_each_of_the_nine_purposes(
    policy: Policy, notice: Notice
) -> None:
    matrix = notice.table("purposes")
    used = [key for key in policy.items if policy.purposes_using(key)]
    assert matrix.header[1:] == [item(policy, key) for key in used]
    assert matrix.labels == [t(purpose.label) for purpose in policy.purposes.values()]
    assert len(matrix.rows) == 9
    for purpose in policy.purposes.values():
        expected = {
            item(policy, key): PART if key in purpose.masks else USED for key in purpose.items
        }
        assert matrix.marks(t(purpose.label)) == expected, t(purpose.label)
    notice.said(*LEGEND, section="purposes")


def test_soc_soc5_age_is_read_from_the_birth_date_as_its_year_only(
    policy: Policy, notice: Notice
) -> None:
    for purpose in policy.purposes.values():
        if "birth_date" in purpose.masks:
            notice.said(f"「{t(purpose.label)}」での生年月日：年のみ", section="purposes")


def test_soc_soc5_each_purpose_in_the_clubs_own_words(policy: Policy, notice: Notice) -> None:
    notice.in_order("purposes", *(t(purpose.description) for purpose in policy.purposes.values()))


def test_soc_soc6_never_sold_or_lent(notice: Notice) -> None:
    notice.said(
        "SOCは、個人情報を販売したり貸し出したりすることはいたしません。", section="provision"
    )


def test_soc_soc7_the_four_cases_of_provision_in_the_clubs_own_words(
    policy: Policy, notice: Notice
) -> None:
    notice.said("情報提供について本人の同意がある場合", section="provision")
    cases = [t(policy.legal_exception_texts[key]) for key in policy.legal_exceptions]
    assert len(cases) == 4
    notice.in_order("provision", *cases)
    notice.not_said(STANDARD_COURT_ORDER, section="provision")


def test_soc_soc8_the_clubs_cookie(notice: Notice) -> None:
    cookie = notice.table("cookies").row("SOCのクッキー")
    assert cookie == [
        "SOCのクッキー",
        "SOC",
        NOT_STATED,
        "SOCは、SOCのクッキーをユーザーのコンピュータに保存し、参照することがあります。",
        NOT_STATED,
        FUNCTIONAL,
    ]


def test_soc_soc9_members_view_correct_and_delete_online_at_any_time(
    policy: Policy, notice: Notice
) -> None:
    notice.said(SELF_SERVICE, *REQUESTS, section="rights")
    notice.said(t(policy.rights.channels[0].label), t(policy.rights.note), section="rights")


def test_soc_soc10_the_nickname_stands_for_the_name_on_the_bulletin_board(
    policy: Policy, notice: Notice
) -> None:
    nickname = notice.table("items").row(item(policy, "nickname"))
    assert PSEUDONYM in nickname[WHAT]
    board = notice.table("purposes").marks(t(policy.purposes["bulletin_board"].label))
    assert board == {item(policy, "nickname"): USED}


def test_soc_soc11_best_effort_against_leaks(notice: Notice) -> None:
    notice.said(
        "基本方針",
        "SOCはみなさまの個人情報の外部漏洩を未然に防ぐため、現在SOCが行える可能な範囲内で最大限の"
        "努力をいたします。",
        section="security",
    )
