"""The notice renderer: every section, escaping, language fallback, page structure."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from mamori.errors import ValidationError
from mamori.policy import Policy, load_policy
from mamori.policy.notice import render_notice

ROOT = Path(__file__).resolve().parents[2]
FULL = Path(__file__).parent / "fixtures" / "full.yaml"
ONPLANETZ = ROOT / "examples" / "onplanetz" / "policy.yaml"


def full_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(FULL.read_text(encoding="utf-8"))
    return data


def md_text(page: str) -> str:
    """What a Markdown reader sees: escapes undone, emphasis and line breaks dropped."""
    return re.sub(r"\\(.)", r"\1", page.replace("**", "").replace("<br>", "\n"))


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.levels: list[int] = []
        self.th_without_scope = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        if tag == "th" and "scope" not in dict(attrs):
            self.th_without_scope += 1


@pytest.fixture(scope="module")
def full() -> Policy:
    return load_policy(FULL)


def test_full_fixture_loads_with_every_optional_part(full: Policy) -> None:
    assert full.entrustees
    assert full.joint_use
    assert full.research
    assert full.storage
    assert full.rights.fees
    assert full.communities
    assert full.organization.registry_numbers


@pytest.mark.parametrize("locale", ["en", "fr", "ja"])
@pytest.mark.parametrize("format", ["html", "md"])
def test_every_optional_section_of_the_full_policy_is_rendered(
    full: Policy, locale: str, format: str
) -> None:
    page = render_notice(full, locale=locale, format=format)  # type: ignore[arg-type]
    text = md_text(page) if format == "md" else html.unescape(page)
    for expected in [
        "Paris 123 456 789",  # registry number
        "Hostco SARL",  # entrustee
        "Camille Martin",  # representative, joint use representative
        "Partner KK",  # named recipient
        "Google LLC",
        "https://policies.google.com/privacy",
        "123 456 789 00012",
        "10 000 EUR",
    ]:
        assert expected in text, expected
    label = {"en": "en", "fr": "fr", "ja": "en"}[locale]  # ja falls back to the default, en
    for text_in_policy in [
        full.joint_use["group"].joint_users[label],
        full.research["university"].terms[label],
        full.storage[2].description[label],
        full.rights.agent_proof[label],  # type: ignore[index]
        full.communities.label[label],  # type: ignore[union-attr]
        full.entrustees["hostco"].supervision[label],  # type: ignore[index]
    ]:
        assert text_in_policy in text, text_in_policy


def test_english_full_notice_states_fees_deadlines_and_agents(full: Policy) -> None:
    text = md_text(render_notice(full, locale="en", format="md"))
    assert "| Disclosure of the personal data we hold about you | ¥1,000 | Japan |" in text
    assert "Refunded if we cannot answer" in text
    assert "within one month of receiving your request" in text
    assert "extended by two further months" in text
    assert "We answer without delay." in text
    assert "We aim to answer within 30 days." in text
    assert "A legal representative, or an agent you appoint, may make a request for you." in text
    assert "Each record shares the values of its quasi-identifiers with at least 5 people" in text


def test_joint_use_names_its_four_facts(full: Policy) -> None:
    text = md_text(render_notice(full, locale="en", format="md"))
    section = text[text.index("## 11. Joint use") : text.index("## 12.")]
    for fact in ["Items used jointly:", "Joint users:", "Their purposes:", "Responsible for"]:
        assert fact in section
    assert "Name, E-mail address" in section
    assert "Group-wide support" in section


@pytest.mark.parametrize("format", ["html", "md"])
def test_a_label_with_markup_is_shown_as_text(format: str) -> None:
    data = full_data()
    data["items"]["name"]["label"] = {"en": "<script>alert(1)</script> | *x*"}
    data["organization"]["website"] = "javascript:alert(1)"
    page = render_notice(Policy.model_validate(data), locale="en", format=format)  # type: ignore[arg-type]
    assert "<script>" not in page
    assert 'href="javascript:' not in page
    assert "(javascript:" not in page
    if format == "html":
        assert "&lt;script&gt;alert(1)&lt;/script&gt; | *x*" in page
    else:
        assert r"\<script\>alert(1)\</script\> \| \*x\*" in page


def test_html_is_a_standalone_document_in_the_page_language(full: Policy) -> None:
    page = render_notice(full, locale="fr", format="html")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="fr">' in page
    assert '<meta charset="utf-8">' in page
    assert "<style>" in page
    assert "<link" not in page
    assert "<script" not in page


def test_html_headings_descend_one_level_at_a_time_and_headers_have_scope(full: Policy) -> None:
    parser = _Headings()
    parser.feed(render_notice(full, locale="en", format="html"))
    assert parser.levels.count(1) == 1
    assert parser.levels[0] == 1
    for before, after in zip(parser.levels, parser.levels[1:], strict=False):
        assert after <= before + 1
    assert parser.th_without_scope == 0


def test_markdown_tables_have_as_many_cells_in_each_row_as_in_their_header(full: Policy) -> None:
    page = render_notice(full, locale="en", format="md")
    width = None
    for line in page.splitlines():
        if not line.startswith("|"):
            width = None
            continue
        cells = len(re.findall(r"(?<!\\)\|", line)) - 1
        width = width or cells
        assert cells == width, line


def test_a_locale_the_policy_lacks_is_rendered_and_says_so() -> None:
    policy = load_policy(ONPLANETZ)  # written in ja and en
    page = render_notice(policy, locale="fr", format="html")
    assert '<html lang="fr">' in page
    assert "Cette politique n'est pas rédigée en français" in page
    assert "affiché en japonais" in page
    assert '<span lang="ja">オンプラネッツ株式会社</span>' in page
    assert "Qui nous sommes" in page  # the fixed text is French


def test_a_text_missing_in_a_policy_locale_falls_back_with_its_language_marked() -> None:
    data = full_data()
    data["purposes"]["service"]["label"] = {"fr": "Gérer votre compte"}
    page = render_notice(Policy.model_validate(data), locale="en", format="html")
    assert '<span lang="fr">Gérer votre compte</span>' in page
    assert "is not written in" not in page


def test_a_text_for_every_language_is_not_marked() -> None:
    page = render_notice(load_policy(FULL), locale="en", format="html")
    assert "<td>Example Works</td>" in page  # a cookie provider written as one plain string


def test_rendering_is_deterministic(full: Policy) -> None:
    assert render_notice(full, locale="ja", format="md") == render_notice(
        full, locale="ja", format="md"
    )


def test_an_unknown_locale_or_format_is_refused(full: Policy) -> None:
    with pytest.raises(ValidationError, match="use one of ja, en, fr"):
        render_notice(full, locale="de", format="html")
    with pytest.raises(ValidationError, match="use one of html, md"):
        render_notice(full, locale="en", format="pdf")  # type: ignore[arg-type]


def test_language_links_make_a_switch_marking_the_current_page(full: Policy) -> None:
    links = {"en": "?lang=en", "fr": "?lang=fr"}
    page = render_notice(full, locale="fr", format="html", language_links=links)
    assert '<a href="?lang=en" lang="en" hreflang="en">English</a>' in page
    assert 'hreflang="fr" aria-current="page">français</a>' in page


def test_durations_read_in_calendar_units(full: Policy) -> None:
    text = md_text(render_notice(full, locale="en", format="md"))
    assert "13 months after last use" in text
    assert "2 weeks after the purpose is fulfilled" in text
    assert "45 days from collection" in text
    assert "Until you close the browser" in text
    fr = md_text(render_notice(full, locale="fr", format="md"))
    assert "13 mois après la dernière utilisation" in fr


@pytest.mark.parametrize("format", ["html", "md"])
def test_a_sparse_policy_says_what_it_does_not_allow(format: str) -> None:
    data = full_data()
    for optional in ["title", "legal_exceptions", "provisions", "recipients", "statistics"]:
        data.pop(optional)
    data["research"]["university"].pop("purpose")
    data["rights"].update(agents_allowed=False, fees=[], refusal_grounds=[])
    data["rights"].pop("response_deadline")
    page = render_notice(Policy.model_validate(data), locale="en", format=format)  # type: ignore[arg-type]
    text = md_text(page) if format == "md" else html.unescape(page)
    assert "Privacy policy" in text.split("Example Works SAS")[0]  # the title when none is given
    assert "We do not provide personal data to third parties without your consent." in text
    assert "Records of provision" not in text
    assert "Requests must be made by you in person; we do not accept them from agents." in text
    assert "Requests are free of charge." in text
    assert "When we may refuse" not in text
    assert "We aim to answer" not in text
