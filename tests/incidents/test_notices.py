"""Notices to the persons concerned through the outbox: once each, in their language, with
the items by label and a contact, never a personal value."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest

from mamori.consent import Collected, give
from mamori.errors import ValidationError
from mamori.incidents import notify_affected, show_incident
from mamori.notify import DeliveryReport, FileSink, Transport, deliver, messages
from mamori.register import Actor, Register
from tests.incidents.conftest import APP, OFFICER, VALUES, Recorder, all_events, dump_tables

DELIVERER = Actor.system("notify")


def test_each_person_listed_gets_one_message(clinic: Register, recorded: Recorder) -> None:
    incident = recorded(subject_ids=["m1", "m2"])
    with clinic.session() as session:
        first = notify_affected(session, OFFICER, incident.id, locale="en")
        second = notify_affected(session, OFFICER, incident.id, locale="en")
        after = show_incident(session, OFFICER, incident.id)
    assert first.queued == ("m1", "m2")
    assert second.queued == ()
    assert second.already_notified == ("m1", "m2")
    assert after.notified == ("m1", "m2")
    assert after.history[-1].action == "notify"


def test_the_message_says_what_happened_which_items_and_whom_to_ask(
    clinic: Register, recorded: Recorder, tmp_path: Path
) -> None:
    incident = recorded(
        items=["email", "health"],
        subject_ids=["m1"],
        cause="A mailing list was sent in To:.",
    )
    with clinic.session() as session:
        notify_affected(session, OFFICER, incident.id, locale="ja")
    sink = tmp_path / "outbox"
    report = _deliver(clinic, FileSink(sink))
    assert len(report.delivered) == 1
    raw = (sink / f"{report.delivered[0]}.eml").read_bytes()
    body = str(message_from_bytes(raw, policy=default).get_content())  # type: ignore[attr-defined]
    assert "個人データの漏えい" in body
    assert "メールアドレス、病歴" in body
    assert "privacy@clinic.example" in body
    assert incident.id in body
    assert VALUES["health"] not in body


def _deliver(clinic: Register, transport: Transport, actor: Actor = DELIVERER) -> DeliveryReport:
    return deliver(clinic, transport, actor, address_item="email", purpose="service")


def test_each_person_is_told_in_their_own_language_unless_one_is_given(
    clinic: Register, recorded: Recorder
) -> None:
    # m1 last read a notice in French (their consent decision records it); m2 never did, and
    # gets the policy's default, Japanese.
    with clinic.session() as session:
        give(session, Actor.subject("m1"), "m1", ["newsletter"], Collected("web_form", "fr"))
    first = recorded(subject_ids=["m1", "m2"])
    second = recorded(subject_ids=["m1", "m2"])
    with clinic.session() as session:
        notify_affected(session, OFFICER, first.id)
        notify_affected(session, OFFICER, second.id, locale="en")

    with clinic.engine.connect() as connection:
        queued = [(entry.subject_id, entry.locale) for entry in messages(connection)]
    assert sorted(queued) == [("m1", "en"), ("m1", "fr"), ("m2", "en"), ("m2", "ja")]


def test_a_person_who_suspended_every_purpose_is_still_told(
    clinic: Register, recorded: Recorder, tmp_path: Path
) -> None:
    # APPI Art. 26(2), GDPR Art. 34: the notice is owed, whatever the person suspended.
    incident = recorded(subject_ids=["m1"])
    with clinic.session() as session:
        session.suspend(Actor.system("privacy_desk"), "m1", "*")
        notify_affected(session, OFFICER, incident.id, locale="en")

    report = _deliver(clinic, FileSink(tmp_path / "outbox"))

    assert len(report.delivered) == 1
    with clinic.engine.connect() as connection:
        events = clinic.audit.query(connection, subject_id="m1", purpose="incident")
    reads = [event for event in events if event.action == "read"]
    assert [(event.request_id, event.outcome, event.item_keys) for event in reads] == [
        (incident.id, "allowed", ("email",))
    ]


def test_only_the_system_sends_an_incident_notice(
    clinic: Register, recorded: Recorder, tmp_path: Path
) -> None:
    incident = recorded(subject_ids=["m1"])
    with clinic.session() as session:
        notify_affected(session, OFFICER, incident.id, locale="en")

    report = _deliver(clinic, FileSink(tmp_path / "outbox"), actor=APP)

    assert report.delivered == ()
    assert len(report.undeliverable) == 1
    assert "incident_system" in dump_tables(clinic, "notify_outbox")


def test_no_personal_value_reaches_the_outbox_or_the_log(
    clinic: Register, recorded: Recorder
) -> None:
    incident = recorded(items=["card", "health"], subject_ids=["m1", "m2", "m3"])
    with clinic.session() as session:
        notify_affected(session, OFFICER, incident.id, locale="fr")
    stored = dump_tables(clinic, "notify_outbox")
    logged = "\n".join(repr(event) for event in all_events(clinic))
    assert "Numéro de carte" in stored
    for number in (1, 2, 3):
        assert f"hanako{number}@example.jp" not in stored + logged
    for value in VALUES.values():
        assert value not in stored
        assert value not in logged


def test_an_erased_person_is_reported_unreachable(clinic: Register, recorded: Recorder) -> None:
    incident = recorded(subject_ids=["m1", "m2"])
    with clinic.session() as session:
        session.erase(Actor.system(), "m2")
    with clinic.session() as session:
        report = notify_affected(session, OFFICER, incident.id)
    assert (report.queued, report.unreachable) == (("m1",), ("m2",))


def test_an_explanation_with_a_personal_value_is_refused(
    clinic: Register, recorded: Recorder
) -> None:
    incident = recorded(subject_ids=["m1"])
    with pytest.raises(ValidationError) as refused, clinic.session() as session:
        notify_affected(session, OFFICER, incident.id, details="Call 090-1234-5678 to ask.")
    assert refused.value.field == "details"
    with clinic.session() as session:
        assert show_incident(session, OFFICER, incident.id).notified == ()
