"""Recorded facts in the notice: the APPI announcements of anonymously processed information
(Art. 43(3): the categories of items of each set made; Art. 43(4): the method of provision)."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path
from typing import Literal

import pytest

from mamori.policy import Policy, load_policy
from mamori.policy.notice import (
    AnonymouslyProcessedAnnouncement,
    NoticeFacts,
    render_notice,
)

NoticeFormat = Literal["html", "md"]
ONPLANETZ = Path(__file__).resolve().parents[2] / "examples" / "onplanetz" / "policy.yaml"

FACTS = NoticeFacts(
    (
        AnonymouslyProcessedAnnouncement(date(2026, 4, 1), ("gender", "birth_year", "契約プラン")),
        AnonymouslyProcessedAnnouncement(
            date(2026, 5, 12), ("gender",), method_of_provision="Encrypted file transfer"
        ),
        AnonymouslyProcessedAnnouncement(date(2026, 6, 3), ("gender",), provided=True),
    )
)

TITLE = {
    "ja": "匿名加工情報",
    "en": "Anonymously processed information",
    "fr": "Informations anonymisées",
}
ROWS = {
    "ja": [
        ["作成日", "含まれる個人に関する情報の項目", "第三者への提供の方法"],
        ["2026年4月1日", "性別、生まれ年、契約プラン", "第三者には提供していません"],
        ["2026年5月12日", "性別", "Encrypted file transfer"],
        ["2026年6月3日", "性別", "提供しています（提供の方法は記載なし）"],
    ],
    "en": [
        [
            "Made on",
            "Categories of personal information items it contains",
            "Provision to third parties and its method",
        ],
        ["April 1, 2026", "Gender, Year of birth, 契約プラン", "Not provided to third parties"],
        ["May 12, 2026", "Gender", "Encrypted file transfer"],
        ["June 3, 2026", "Gender", "Provided; the method is not stated"],
    ],
    "fr": [
        [
            "Créées le",
            "Catégories d'informations personnelles qu'elles contiennent",
            "Transmission à des tiers et mode de transmission",
        ],
        # onplanetz is not written in French: its item labels fall back to Japanese
        ["1 avril 2026", "性別, 生まれ年, 契約プラン", "Non transmises à des tiers"],
        ["12 mai 2026", "性別", "Encrypted file transfer"],
        ["3 juin 2026", "性別", "Transmises ; mode de transmission non précisé"],
    ],
}


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(ONPLANETZ)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def html_section(page: str) -> tuple[str, list[list[str]]]:
    """The heading and the table rows of the anonymously processed section of an HTML page."""
    found = re.search(r'<section id="anonymously_processed".*?</section>', page, re.DOTALL)
    assert found is not None, "no anonymously processed section"
    section = found.group(0)
    heading = re.search(r"<h2[^>]*>(.*?)</h2>", section, re.DOTALL)
    assert heading is not None
    rows = [
        [_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)]
        for row in re.findall(r"<tr>(.*?)</tr>", section, re.DOTALL)
    ]
    return _text(heading.group(1)), rows


def md_section(page: str, title: str) -> tuple[str, list[list[str]]]:
    """The heading and the table rows of the section headed `N. title` of a Markdown page."""
    lines = page.splitlines()
    start = next(i for i, line in enumerate(lines) if re.fullmatch(rf"## \d+\. {title}", line))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    rows = [
        [re.sub(r"\\(.)", r"\1", cell.strip()) for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        for line in lines[start:end]
        if line.startswith("|") and not re.fullmatch(r"[|\s:-]+", line)
    ]
    return lines[start][3:], rows


@pytest.mark.parametrize("locale", ["ja", "en", "fr"])
@pytest.mark.parametrize("format", ["html", "md"])
def test_each_announcement_is_a_row_with_its_date_categories_and_method(
    policy: Policy, locale: str, format: NoticeFormat
) -> None:
    page = render_notice(policy, locale=locale, format=format, facts=FACTS)
    if format == "html":
        heading, rows = html_section(page)
    else:
        heading, rows = md_section(page, TITLE[locale])
    assert re.fullmatch(rf"\d+\. {TITLE[locale]}", heading)
    assert rows == ROWS[locale]


@pytest.mark.parametrize("locale", ["ja", "en", "fr"])
@pytest.mark.parametrize("format", ["html", "md"])
def test_without_announcements_the_page_has_no_such_section(
    policy: Policy, locale: str, format: NoticeFormat
) -> None:
    page = render_notice(policy, locale=locale, format=format)
    assert render_notice(policy, locale=locale, format=format, facts=NoticeFacts()) == page
    assert TITLE[locale] not in page
    assert "anonymously_processed" not in page


def test_the_section_follows_statistics_and_the_numbering_closes_up(policy: Policy) -> None:
    page = render_notice(policy, locale="en", format="md", facts=FACTS)
    headings = re.findall(r"^## (\d+)\. (.+)$", page, re.MULTILINE)
    assert [int(number) for number, _ in headings] == list(range(1, len(headings) + 1))
    titles = [title for _, title in headings]
    assert titles.index(TITLE["en"]) == titles.index("Statistics and research") + 1


def test_the_html_contents_link_to_the_section(policy: Policy) -> None:
    page = render_notice(policy, locale="ja", format="html", facts=FACTS)
    assert re.search(r'<a href="#anonymously_processed">\d+\. 匿名加工情報</a>', page)


def test_a_category_in_the_policy_language_only_is_marked_as_a_fallback(policy: Policy) -> None:
    page = render_notice(policy, locale="fr", format="html", facts=FACTS)
    assert (
        '<td><span lang="ja">性別</span>, <span lang="ja">生まれ年</span>, 契約プラン</td>' in page
    )


def test_announced_texts_are_escaped_in_both_formats(policy: Policy) -> None:
    facts = NoticeFacts(
        (
            AnonymouslyProcessedAnnouncement(
                date(2026, 4, 1), ("<b>age</b>", "plan | tier"), method_of_provision="*by hand*"
            ),
        )
    )
    page = render_notice(policy, locale="en", format="html", facts=facts)
    assert "&lt;b&gt;age&lt;/b&gt;" in page
    assert "<b>age</b>" not in page
    _, rows = html_section(page)
    assert rows[1] == ["April 1, 2026", "<b>age</b>, plan | tier", "*by hand*"]
    md = render_notice(policy, locale="en", format="md", facts=facts)
    _, md_rows = md_section(md, TITLE["en"])
    assert md_rows[1] == ["April 1, 2026", "<b>age</b>, plan | tier", "*by hand*"]


def test_a_category_holding_a_comma_is_separated_by_semicolons(policy: Policy) -> None:
    facts = NoticeFacts(
        (AnonymouslyProcessedAnnouncement(date(2026, 4, 1), ("age, in years", "gender")),)
    )
    _, rows = md_section(render_notice(policy, locale="en", format="md", facts=facts), TITLE["en"])
    assert rows[1][1] == "age, in years; Gender"


def test_a_method_of_provision_means_the_set_was_provided() -> None:
    announced = AnonymouslyProcessedAnnouncement(
        date(2026, 4, 1),
        ["age"],
        method_of_provision="CSV",  # type: ignore[arg-type]
    )
    assert announced.provided
    assert announced.items == ("age",)
    assert hash(NoticeFacts([announced])) == hash(NoticeFacts((announced,)))  # type: ignore[arg-type]
