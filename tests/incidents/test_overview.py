"""The incident list: deadlines where they stand, overdue first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mamori.incidents import assess, list_incidents, update_incident
from mamori.register import Register
from tests.incidents.conftest import LEARNED, OFFICER, Recorder


def test_overdue_incidents_come_first(clinic: Register, recorded: Recorder) -> None:
    recent = recorded(items=["health"], learned_at=datetime.now(UTC) - timedelta(hours=1))
    late = recorded(items=["health"], learned_at=LEARNED)
    quiet = recorded(gdpr_risk="unlikely", gdpr_risk_reason="ten addresses, to each other")
    with clinic.session() as session:
        entries = list_incidents(session, OFFICER)
    assert [entry.incident.id for entry in entries] == [late.id, recent.id, quiet.id]
    assert [entry.overdue for entry in entries] == [True, False, False]
    assert entries[2].next_due is None


def test_each_deadline_says_where_it_stands(clinic: Register, recorded: Recorder) -> None:
    incident = recorded(items=["card"])
    with clinic.session() as session:
        update_incident(
            session,
            OFFICER,
            incident.id,
            status="reported_preliminary",
            at=LEARNED + timedelta(days=1),
        )
        entry = assess(session, OFFICER, incident.id, now=LEARNED + timedelta(days=10))
    states = {state.name: state.state for state in entry.states}
    # The GDPR's 72 hours and the APPI's 3-5 days are met by the report a day later; the
    # final report is due on 2026-03-31.
    assert states == {"appi_preliminary": "met", "appi_final": "pending", "gdpr_authority": "met"}
    assert entry.deadlines.appi_final.isoformat() == "2026-03-31"


def test_a_report_after_the_deadline_is_late(clinic: Register, recorded: Recorder) -> None:
    incident = recorded(items=["card"])
    with clinic.session() as session:
        update_incident(
            session,
            OFFICER,
            incident.id,
            status="reported_preliminary",
            at=LEARNED + timedelta(days=6),
        )
        entry = assess(session, OFFICER, incident.id, now=LEARNED + timedelta(days=7))
    assert {s.name: s.state for s in entry.states}["appi_preliminary"] == "late"


def test_closed_incidents_are_listed_only_when_asked(clinic: Register, recorded: Recorder) -> None:
    incident = recorded(gdpr_risk="unlikely", gdpr_risk_reason="ten addresses, to each other")
    with clinic.session() as session:
        update_incident(session, OFFICER, incident.id, status="closed")
        assert list_incidents(session, OFFICER) == []
        assert len(list_incidents(session, OFFICER, include_closed=True)) == 1
