"""Drafts of the reports: the nine APPI items in the law's order and the GDPR Art. 33(3)
contents, in ja, en and fr, as JSON and Markdown."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from mamori.errors import ValidationError
from mamori.incidents import draft_report, notify_affected, update_incident
from mamori.register import Register
from tests.incidents.conftest import LEARNED, OFFICER, Recorder

NINE_JA = [
    "概要",
    "漏えい等が発生し又は発生したおそれがある個人データの項目",
    "漏えい等が発生し又は発生したおそれがある個人データに係る本人の数",
    "原因",
    "二次被害又はそのおそれの有無及びその内容",
    "本人への対応の実施状況",
    "公表の実施状況",
    "再発防止のための措置",
    "その他参考となる事項",
]


def test_the_appi_draft_has_the_nine_items_in_order(clinic: Register, recorded: Recorder) -> None:
    incident = recorded(items=["health", "email"], subject_ids=["m1", "m2"], wrongful=True)
    with clinic.session() as session:
        draft = draft_report(session, OFFICER, incident.id, "ja")
    assert [field.label for field in draft.appi] == NINE_JA
    values = {field.key: field.value for field in draft.appi}
    assert "病歴 (要配慮個人情報)" in values["items"]
    assert values["persons"] == "2名"
    assert "不正の目的をもって行われたおそれあり" in values["summary"]
    assert values["cause"] == "調査中"
    assert values["response_to_persons"] == "本人への通知は未実施"


def test_the_gdpr_draft_has_the_article_33_3_contents(clinic: Register, recorded: Recorder) -> None:
    incident = recorded(measures="Every address was moved to Bcc.", secondary_harm="Spam.")
    with clinic.session() as session:
        draft = draft_report(session, OFFICER, incident.id, "en")
    values = {field.key: field.value for field in draft.gdpr}
    assert list(values) == ["nature", "contact", "consequences", "measures", "delay"]
    assert values["contact"] == "Personal information officer, privacy@clinic.example"
    assert values["measures"] == "Every address was moved to Bcc."
    assert values["consequences"] == "Spam."


def test_a_late_gdpr_notification_asks_for_the_reasons(
    clinic: Register, recorded: Recorder
) -> None:
    incident = recorded()  # learned in March 2026, long past 72 hours
    with clinic.session() as session:
        update_incident(
            session,
            OFFICER,
            incident.id,
            status="reported_preliminary",
            at=LEARNED + timedelta(days=4),
        )
        draft = draft_report(session, OFFICER, incident.id, "fr")
    assert {field.key: field.value for field in draft.gdpr}["delay"] == (
        "(indiquez les motifs du retard)"
    )


def test_the_response_to_persons_counts_the_notices(clinic: Register, recorded: Recorder) -> None:
    incident = recorded(subject_ids=["m1", "m2"], persons_estimate=3)
    with clinic.session() as session:
        notify_affected(session, OFFICER, incident.id)
        draft = draft_report(session, OFFICER, incident.id, "en")
    values = {field.key: field.value for field in draft.appi}
    assert values["response_to_persons"] == "notice queued for 2 of 3 persons"
    assert values["persons"] == "3 (2 identified)"


@pytest.mark.parametrize("locale", ["ja", "en", "fr"])
def test_the_draft_renders_as_json_and_markdown(
    clinic: Register, recorded: Recorder, locale: str
) -> None:
    incident = recorded(items=["card"])
    with clinic.session() as session:
        draft = draft_report(session, OFFICER, incident.id, locale)
    body = json.loads(draft.to_json())
    assert len(body["appi"]) == 9
    assert len(body["gdpr"]) == 5
    markdown = draft.to_markdown()
    assert markdown.count("\n## ") == 9 + 5 + 1
    assert "appi.financial_harm (規則7(2)): card" in markdown


def test_an_unknown_language_is_refused(clinic: Register, recorded: Recorder) -> None:
    incident = recorded()
    with pytest.raises(ValidationError) as refused, clinic.session() as session:
        draft_report(session, OFFICER, incident.id, "de")
    assert refused.value.field == "locale"
