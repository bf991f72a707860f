"""Recording and updating incidents: checked first, appended to the history, audited; bad
input and the wrong actor change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mamori.errors import AccessDeniedError, ConflictError, NotFoundError, ValidationError
from mamori.incidents import (
    add_subjects,
    list_incidents,
    record_incident,
    show_incident,
    update_incident,
)
from mamori.register import Actor, Register
from tests.incidents.conftest import (
    LEARNED,
    OCCURRED,
    OFFICER,
    SUPPORT,
    VALUES,
    Recorder,
    all_events,
    dump_tables,
)


def incidents_of(clinic: Register) -> list[str]:
    with clinic.session() as session:
        return [entry.incident.id for entry in list_incidents(session, OFFICER)]


def test_an_incident_is_recorded_open_with_what_was_given(recorded: Recorder) -> None:
    incident = recorded(items=["email", "name"], subject_ids=["m1", "m2"], wrongful=True)
    assert incident.status == "open"
    assert incident.items == ("email", "name")
    assert incident.subject_ids == ("m1", "m2")
    assert incident.persons == 2
    assert incident.learned_at == LEARNED
    assert incident.occurred_at == OCCURRED
    assert incident.wrongful
    assert [update.action for update in incident.history] == ["record", "add_subjects"]


def test_the_estimate_counts_when_it_exceeds_the_persons_listed(recorded: Recorder) -> None:
    assert recorded(subject_ids=["m1"], persons_estimate=1500).persons == 1500


def test_recording_is_audited_without_any_value(clinic: Register, recorded: Recorder) -> None:
    incident = recorded(subject_ids=["m1"])
    events = [event for event in all_events(clinic) if event.request_id == incident.id]
    assert [(e.action, e.subject_id) for e in events] == [
        ("incident.record", None),
        ("incident.subject", "m1"),
    ]
    assert {event.actor_id for event in events} == {"officer1"}


def test_updates_are_appended_to_the_history(clinic: Register, recorded: Recorder) -> None:
    incident = recorded(cause="A wrong mailing setting.")
    with clinic.session() as session:
        update_incident(session, OFFICER, incident.id, {"cause": "The list was sent in To:."})
        updated = update_incident(session, OFFICER, incident.id, {"measures": "Use Bcc only."})
    assert updated.cause == "The list was sent in To:."
    assert updated.measures == "Use Bcc only."
    history = updated.history
    assert [update.action for update in history] == ["record", "update", "update"]
    assert history[0].changes["cause"] == "A wrong mailing setting."
    assert history[1].changes == {"cause": "The list was sent in To:."}
    assert history[2].actor_id == "officer1"


def test_the_status_moves_forward_and_dates_each_report(
    clinic: Register, recorded: Recorder
) -> None:
    incident = recorded(items=["health"])
    reported = LEARNED + timedelta(days=2)
    with clinic.session() as session:
        update_incident(session, OFFICER, incident.id, status="reported_preliminary", at=reported)
        final = update_incident(session, OFFICER, incident.id, status="reported_final")
        closed = update_incident(session, OFFICER, incident.id, status="closed")
    assert final.preliminary_reported_at == reported
    assert final.final_reported_at is not None
    assert closed.status == "closed"
    assert closed.history[-1].action == "status"


def test_the_status_never_moves_back(clinic: Register, recorded: Recorder) -> None:
    incident = recorded()
    with clinic.session() as session:
        update_incident(session, OFFICER, incident.id, status="reported_final")
    with pytest.raises(ConflictError) as refused, clinic.session() as session:
        update_incident(session, OFFICER, incident.id, status="reported_preliminary")
    assert "can move to closed" in refused.value.message


def test_a_reportable_incident_cannot_be_closed_unreported(
    clinic: Register, recorded: Recorder
) -> None:
    incident = recorded(items=["card"])
    with pytest.raises(ConflictError) as refused, clinic.session() as session:
        update_incident(session, OFFICER, incident.id, status="closed")
    assert "must be reported" in refused.value.message
    with clinic.session() as session:
        assert show_incident(session, OFFICER, incident.id).status == "open"


def test_an_unreportable_incident_can_be_closed(clinic: Register, recorded: Recorder) -> None:
    incident = recorded(gdpr_risk="unlikely", gdpr_risk_reason="ten addresses, to each other")
    with clinic.session() as session:
        assert update_incident(session, OFFICER, incident.id, status="closed").is_closed


def test_the_system_may_record(clinic: Register) -> None:
    with clinic.session() as session:
        incident = record_incident(
            session,
            Actor.system(),
            kind="loss",
            learned_at=LEARNED,
            items=["name"],
            summary="A backup tape was lost.",
        )
    assert incident.kind == "loss"


def test_staff_without_the_permission_are_refused_and_audited(
    clinic: Register, recorded: Recorder
) -> None:
    with pytest.raises(AccessDeniedError) as refused, clinic.session() as session:
        record_incident(
            session, SUPPORT, kind="leak", learned_at=LEARNED, items=["email"], summary="x y"
        )
    assert refused.value.rule == "incidents_manage"
    last = all_events(clinic)[-1]
    assert (last.action, last.outcome.value, last.rule) == (
        "incident.record",
        "refused",
        "incidents_manage",
    )
    assert incidents_of(clinic) == []
    incident = recorded()
    with pytest.raises(AccessDeniedError), clinic.session() as session:
        update_incident(session, SUPPORT, incident.id, {"measures": "none"})


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"items": ["email", "blood_type"]}, "items", "'blood_type' is not an item"),
        ({"items": []}, "items", "at least one item"),
        ({"kind": "theft"}, "kind", "kind must be one of"),
        (
            {"occurred_at": LEARNED + timedelta(hours=1)},
            "learned_at",
            "cannot learn of an incident before it happened",
        ),
        ({"learned_at": datetime(2026, 3, 2, 10, 0)}, "learned_at", "timezone-aware"),
        ({"learned_at": datetime.now(UTC) + timedelta(days=1)}, "learned_at", "in the future"),
        ({"summary": "Sent to hanako@example.jp by mistake"}, "summary", "e-mail address"),
        ({"summary": "  "}, "summary", "non-empty"),
        ({"persons_estimate": -1}, "persons_estimate", "0 or more"),
        ({"gdpr_risk": "unlikely"}, "gdpr_risk_reason", "needs the reason"),
        ({"gdpr_risk": "medium"}, "gdpr_risk", "unlikely, risk, high"),
    ],
)
def test_bad_input_is_refused_clearly_and_stores_nothing(
    clinic: Register, recorded: Recorder, fields: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        recorded(**fields)
    assert refused.value.field == field
    assert words in refused.value.message
    assert "hanako" not in refused.value.message
    assert incidents_of(clinic) == []


def test_an_unknown_subject_is_refused_and_stores_nothing(
    clinic: Register, recorded: Recorder
) -> None:
    with pytest.raises(NotFoundError):
        recorded(subject_ids=["m1", "nobody"])
    assert incidents_of(clinic) == []


def test_a_bad_update_changes_nothing(clinic: Register, recorded: Recorder) -> None:
    incident = recorded()
    for changes in (
        {"items": ["nothing"]},
        {"occurred_at": LEARNED + timedelta(days=1)},
        {"status_text": "x"},
    ):
        with pytest.raises(ValidationError), clinic.session() as session:
            update_incident(session, OFFICER, incident.id, changes)
    with clinic.session() as session:
        after = show_incident(session, OFFICER, incident.id)
    assert after == incident


def test_an_unknown_incident_is_not_found(clinic: Register) -> None:
    with pytest.raises(NotFoundError) as missing, clinic.session() as session:
        update_incident(session, OFFICER, "nope", {"notes": "x"})
    assert missing.value.field == "incident_id"


def test_persons_are_added_once(clinic: Register, recorded: Recorder) -> None:
    incident = recorded(subject_ids=["m1"])
    with clinic.session() as session:
        added = add_subjects(session, OFFICER, incident.id, ["m1", "m2", "m3"])
        again = add_subjects(session, OFFICER, incident.id, ["m2"])
    assert (added, again) == (["m2", "m3"], [])


def test_no_personal_value_is_stored_or_audited(clinic: Register, recorded: Recorder) -> None:
    incident = recorded(items=["health", "card"], subject_ids=["m1", "m2"], wrongful=True)
    with clinic.session() as session:
        update_incident(session, OFFICER, incident.id, {"measures": "Passwords reset."})
    stored = dump_tables(clinic, "incidents", "incident_updates", "incident_subjects")
    logged = "\n".join(repr(event) for event in all_events(clinic))
    for value in VALUES.values():
        assert value not in stored
        assert value not in logged
