"""Persons concerned found in the audit log: every subject a compromised account read in a
window of time, and the items it read, listed on the incident."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mamori.errors import AccessDeniedError, ValidationError
from mamori.incidents import add_affected_from_audit, show_incident
from mamori.register import Register
from tests.incidents.conftest import APP, OFFICER, SUPPORT, Recorder, all_events


def read(clinic: Register, *subject_ids: str, items: tuple[str, ...] = ("name",)) -> None:
    with clinic.session() as session:
        for subject_id in subject_ids:
            session.read(SUPPORT, subject_id, "service", list(items))


@pytest.fixture
def window(clinic: Register) -> tuple[datetime, datetime]:
    """support1 read m5 before the window, m1 and m2 (name, health) in it, m4 after it; the
    application read m3 in it."""
    read(clinic, "m5")
    start = datetime.now(UTC)
    read(clinic, "m1", "m2", items=("name", "health"))
    with clinic.session() as session:
        session.read(APP, "m3", "service", ["email"])
    end = datetime.now(UTC)
    read(clinic, "m4")
    return start, end


def test_the_subjects_an_account_read_in_the_window_are_added(
    clinic: Register, recorded: Recorder, window: tuple[datetime, datetime]
) -> None:
    incident = recorded(kind="unauthorised_access", wrongful=True, items=["name"])
    start, end = window
    with clinic.session() as session:
        found = add_affected_from_audit(
            session, OFFICER, incident.id, actor_id="support1", since=start, until=end
        )
        after = show_incident(session, OFFICER, incident.id)
    assert found.found == ("m1", "m2")
    assert found.added == ("m1", "m2")
    assert found.events == 2
    assert after.subject_ids == ("m1", "m2")
    assert found.item_keys == ("health", "name")
    assert after.items == ("health", "name")


def test_the_search_is_recorded_in_the_history_and_audited(
    clinic: Register, recorded: Recorder, window: tuple[datetime, datetime]
) -> None:
    incident = recorded()
    start, end = window
    with clinic.session() as session:
        add_affected_from_audit(
            session, OFFICER, incident.id, actor_id="support1", since=start, until=end
        )
        history = show_incident(session, OFFICER, incident.id).history
    search = next(update for update in history if update.action == "add_subjects")
    assert search.changes["source"] == "audit"
    assert search.changes["actor_id"] == "support1"
    added = [e for e in all_events(clinic) if e.action == "incident.subject"]
    assert [e.subject_id for e in added] == ["m1", "m2"]


def test_running_it_again_adds_no_one_twice(
    clinic: Register, recorded: Recorder, window: tuple[datetime, datetime]
) -> None:
    incident = recorded(subject_ids=["m1"])
    start, end = window
    with clinic.session() as session:
        first = add_affected_from_audit(
            session, OFFICER, incident.id, actor_id="support1", since=start, until=end
        )
        second = add_affected_from_audit(
            session, OFFICER, incident.id, actor_id="support1", since=start, until=end
        )
    assert (first.added, second.added) == (("m2",), ())


def test_items_can_be_left_as_they_are(
    clinic: Register, recorded: Recorder, window: tuple[datetime, datetime]
) -> None:
    incident = recorded(items=["email"])
    start, end = window
    with clinic.session() as session:
        add_affected_from_audit(
            session,
            OFFICER,
            incident.id,
            actor_id="support1",
            since=start,
            until=end,
            add_items=False,
        )
        assert show_incident(session, OFFICER, incident.id).items == ("email",)


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"actor_id": "a person@example.org"}, "actor_id"),
        ({"since": datetime(2026, 1, 1)}, "since"),
        ({"until": datetime(2025, 1, 1, tzinfo=UTC)}, "until"),
    ],
)
def test_a_bad_window_is_refused_and_adds_no_one(
    clinic: Register, recorded: Recorder, options: dict[str, object], field: str
) -> None:
    incident = recorded()
    arguments: dict[str, object] = {
        "actor_id": "support1",
        "since": datetime(2026, 1, 1, tzinfo=UTC),
        "until": datetime.now(UTC) + timedelta(minutes=1),
        **options,
    }
    with pytest.raises(ValidationError) as refused, clinic.session() as session:
        add_affected_from_audit(session, OFFICER, incident.id, **arguments)  # type: ignore[arg-type]
    assert refused.value.field == field
    with clinic.session() as session:
        assert show_incident(session, OFFICER, incident.id).subject_ids == ()


def test_only_incident_managers_search_the_log(clinic: Register, recorded: Recorder) -> None:
    incident = recorded()
    with pytest.raises(AccessDeniedError), clinic.session() as session:
        add_affected_from_audit(
            session,
            SUPPORT,
            incident.id,
            actor_id="support1",
            since=datetime(2026, 1, 1, tzinfo=UTC),
            until=datetime.now(UTC),
        )
