"""The onplanetz notice states what each of the seed's promises says (SEED-PROMISES.md, OP-*).

Each test runs on the notice in Japanese and English, as HTML and as Markdown, and reads it as a
person would: the visible text, and the purposes-by-items table cell by cell.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mamori.policy import Policy, load_policy
from mamori.policy.notice import render_notice

ONPLANETZ = Path(__file__).resolve().parents[2] / "examples" / "onplanetz" / "policy.yaml"

# Fixed wording the notice must use, per language (the law's words, from the catalogues).
WORDS = {
    "ja": {
        "exclusions": "本ポリシーの適用範囲外",
        "mask": "先頭の3文字のみ",
        "contract": "ご本人との契約の履行に必要",
        "consent_only": "ご本人の事前の同意がある場合に限る",
        "stats": "どの数値も少なくとも10人分を集計したもの",
        "exceptions": [
            "法令に基づく場合。",
            "人の生命、身体又は財産の保護のために必要がある場合であって、"
            "ご本人の同意を得ることが困難であるとき。",
            "公衆衛生の向上又は児童の健全な育成の推進のために特に必要がある場合であって、"
            "ご本人の同意を得ることが困難であるとき。",
            "国の機関若しくは地方公共団体又はその委託を受けた者が法令の定める事務を遂行すること"
            "に対して協力する必要がある場合であって、ご本人の同意を得ることにより当該事務の遂行に"
            "支障を及ぼすおそれがあるとき。",
        ],
        "records": [
            "ご本人の事前の同意を得ていること",
            "第三者の氏名又は名称その他の当該第三者を特定するに足りる事項",
            "ご本人の氏名その他のご本人を特定するに足りる事項",
            "提供した個人データの項目",
        ],
        "outsourcing": "取扱いの委託",
        "joint_use": "共同利用",
        "module_sends": "送信される情報",
        "measures": ["技術的安全管理措置", "組織的安全管理措置", "個人情報管理責任者"],
        "refusals": [
            "法令上、請求に応じる義務がない場合。",
            "正当な理由なく同一内容の請求が繰り返される場合。",
            "過大な技術的作業を要する場合。",
        ],
        "requests": ["保有個人データの開示", "訂正・追加・削除", "データの消去", "利用停止"],
        "changes": "本ポリシーの変更",
        "inquiries": "お問い合わせ",
        "external": "Facebookその他の外部サービスから取得",
        "automatic": "サービスのご利用時に自動的に取得",
    },
    "en": {
        "exclusions": "What this policy does not cover",
        "mask": "only the first 3 characters",
        "contract": "Needed to perform our contract with you",
        "consent_only": "Only with your prior consent",
        "stats": "Every figure counts at least 10 people, so that no individual can be identified.",
        "exceptions": [
            "When the provision is based on laws and regulations.",
            "When it is necessary to protect a person's life, body or property and it is "
            "difficult to obtain your consent.",
            "When it is especially necessary to improve public health or to promote the sound "
            "growth of children and it is difficult to obtain your consent.",
            "When it is necessary to cooperate with a national or local government body, or with "
            "someone it has entrusted, in carrying out duties set by laws and regulations, and "
            "asking for your consent could hinder those duties.",
        ],
        "records": [
            "that you gave your prior consent;",
            "the name of the third party and other facts that identify it;",
            "your name and other facts that identify you;",
            "the items of personal data provided.",
        ],
        "outsourcing": "Entrustment of handling",
        "joint_use": "Joint use",
        "module_sends": "What is sent",
        "measures": [
            "Technical measures",
            "Organizational measures",
            "Personal information management officer",
        ],
        "refusals": [
            "The law does not oblige us to do what is asked.",
            "The same request is made repeatedly without a justifiable reason.",
            "Doing it would need excessive technical work.",
        ],
        "requests": [
            "Disclosure of the personal data we hold about you",
            "Correction, addition or deletion of inaccurate data",
            "Deletion of your data",
            "Suspension of use",
        ],
        "changes": "Changes to this policy",
        "inquiries": "Inquiries",
        "external": "Received from Facebook and other external services",
        "automatic": "Collected automatically when you use the service",
    },
}


@dataclass(frozen=True)
class Notice:
    locale: str
    format: str
    page: str
    text: str
    """What a reader sees: tags and Markdown escapes removed, whitespace collapsed."""


class _Text(HTMLParser):
    BLOCKS = frozenset(
        [
            "p",
            "div",
            "li",
            "dt",
            "dd",
            "th",
            "td",
            "tr",
            "h1",
            "h2",
            "h3",
            "h4",
            "br",
            "ul",
            "ol",
            "dl",
            "table",
            "caption",
            "section",
        ]
    )

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "title"):
            self._skip += 1
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self._skip -= 1
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _visible(page: str, format: str) -> str:
    if format == "html":
        parser = _Text()
        parser.feed(page)
        text = "".join(parser.parts)
    else:
        text = re.sub(r"\\(.)", r"\1", page.replace("**", "").replace("<br>", "\n"))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(ONPLANETZ)


@pytest.fixture(
    scope="module", params=[("ja", "html"), ("ja", "md"), ("en", "html"), ("en", "md")], ids=str
)
def notice(request: pytest.FixtureRequest, policy: Policy) -> Notice:
    locale, format = request.param
    page = render_notice(policy, locale=locale, format=format)
    return Notice(locale, format, page, _visible(page, format))


def said(notice: Notice, *texts: str) -> None:
    for text in texts:
        assert " ".join(text.split()) in notice.text, f"{notice.locale}/{notice.format}: {text}"


def test_op2_affiliated_and_external_services_are_outside_the_policy(
    policy: Policy, notice: Notice
) -> None:
    said(notice, WORDS[notice.locale]["exclusions"], policy.exclusions[0][notice.locale])


def test_op3_op4_items_and_their_sources(policy: Policy, notice: Notice) -> None:
    words = WORDS[notice.locale]
    said(notice, *(item.label[notice.locale] for item in policy.items.values()))
    said(notice, words["external"], words["automatic"])


def _matrix(notice: Notice) -> tuple[list[str], dict[str, list[str]]]:
    """The purposes-by-items table: its column headers, and each purpose's row of cells."""
    if notice.format == "html":
        table = re.search(r'<table class="matrix".*?</table>', notice.page, re.S)
        assert table is not None
        header = re.findall(r'<th scope="col">(.*?)</th>', table.group(0))[1:]
        rows = {}
        for row in re.findall(r"<tr>\s*(<th scope=\"row\">.*?)</tr>", table.group(0), re.S):
            label = re.search(r'<th scope="row">(.*?)</th>', row)
            assert label is not None
            cells = re.findall(r"<td>(.*?)</td>", row)
            rows[html.unescape(label.group(1))] = [
                "●" if "●" in c else "◐" if "◐" in c else "" for c in cells
            ]
        return [html.unescape(h) for h in header], rows
    lines = notice.page.splitlines()
    first = next(i for i, line in enumerate(lines) if ":-:" in line) - 1
    table = []
    for line in lines[first:]:
        if not line.startswith("|"):
            break
        cells = re.split(r"(?<!\\)\|", line)[1:-1]
        table.append([re.sub(r"\\(.)", r"\1", cell.strip()) for cell in cells])
    header, _, *body = table
    return header[1:], {row[0]: row[1:] for row in body}


def test_op6_purposes_by_items_table_marks_exactly_the_items_each_purpose_uses(
    policy: Policy, notice: Notice
) -> None:
    header, rows = _matrix(notice)
    labels = {key: item.label[notice.locale] for key, item in policy.items.items()}
    assert header == [labels[key] for key in policy.items]  # every onplanetz item is used
    assert len(rows) == len(policy.purposes)
    for purpose in policy.purposes.values():
        marks = rows[purpose.label[notice.locale]]
        expected = [
            ("◐" if key in purpose.masks else "●") if key in purpose.items else ""
            for key in policy.items
        ]
        assert marks == expected, purpose.label["en"]
    said(notice, WORDS[notice.locale]["mask"])


def test_op6_each_purpose_has_its_description_and_legal_basis(
    policy: Policy, notice: Notice
) -> None:
    for purpose in policy.purposes.values():
        said(notice, purpose.description[notice.locale])  # type: ignore[index]
    said(notice, WORDS[notice.locale]["contract"])


def test_op7_provision_names_the_recipients_purposes_and_items(
    policy: Policy, notice: Notice
) -> None:
    provision = policy.provisions["third_party_offers"]
    said(notice, *(purpose[notice.locale] for purpose in provision.recipient_purposes))
    said(notice, provision.recipient_description[notice.locale])  # type: ignore[index]
    said(notice, WORDS[notice.locale]["consent_only"])


def test_op8_statistics_for_third_parties_identify_no_one(policy: Policy, notice: Notice) -> None:
    release = policy.statistics["ad_market_statistics"]
    said(notice, release.label[notice.locale], WORDS[notice.locale]["stats"])
    said(notice, *(purpose[notice.locale] for purpose in release.recipient_purposes))
    said(notice, *(policy.items[key].label[notice.locale] for key in release.dimensions))


def test_op10_the_four_legal_exceptions_and_the_four_record_items(notice: Notice) -> None:
    said(notice, *WORDS[notice.locale]["exceptions"], *WORDS[notice.locale]["records"])


def test_op11_entrustment_under_confidentiality_and_supervision(
    policy: Policy, notice: Notice
) -> None:
    said(notice, WORDS[notice.locale]["outsourcing"], policy.outsourcing[notice.locale])  # type: ignore[index]


def test_op12_joint_use_announces_its_four_facts_first(policy: Policy, notice: Notice) -> None:
    said(notice, WORDS[notice.locale]["joint_use"], policy.joint_use_note[notice.locale])  # type: ignore[index]


def test_op13_google_analytics_with_its_provider_and_policy_address(
    policy: Policy, notice: Notice
) -> None:
    module = policy.modules["google_analytics"]
    said(notice, "Google Analytics", "Google Inc.", WORDS[notice.locale]["module_sends"])
    said(notice, module.sends[0][notice.locale], module.purpose[notice.locale])
    url = "http://www.google.com/intl/ja/policies/privacy/"
    link = f'<a href="{url}">{url}</a>' if notice.format == "html" else f"<{url}>"
    assert link in notice.page


def test_op14_security_measures_and_the_officer(policy: Policy, notice: Notice) -> None:
    said(notice, *WORDS[notice.locale]["measures"])
    said(notice, *(measure.description[notice.locale] for measure in policy.security_measures))


def test_op15_requests_and_the_grounds_for_refusing_them(notice: Notice) -> None:
    said(notice, *WORDS[notice.locale]["refusals"], *WORDS[notice.locale]["requests"])


def test_op16_changes_are_announced_with_consent_where_the_law_requires(
    policy: Policy, notice: Notice
) -> None:
    said(notice, WORDS[notice.locale]["changes"], policy.changes[notice.locale])  # type: ignore[index]


def test_op17_inquiries_go_to_a_named_contact(policy: Policy, notice: Notice) -> None:
    inquiries = policy.organization.contacts["inquiries"]
    said(notice, WORDS[notice.locale]["inquiries"], inquiries.label[notice.locale])  # type: ignore[index]
    said(notice, policy.organization.legal_name[notice.locale], "admin@onplanetz.com")
