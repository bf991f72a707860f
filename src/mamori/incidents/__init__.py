"""Leak incidents: a register of every personal-data incident (GDPR Art. 33(5)), whether it
must be reported and to whom (APPI Art. 26, 規則7; GDPR Arts. 33-34), its deadlines, the
persons it concerns (found in the audit log), notices to them and drafts of the reports.

    from mamori.incidents import (add_affected_from_audit, draft_report, must_report,
                                  notify_affected, record_incident, update_incident)

    with register.session() as session:                 # the caller owns the transaction
        incident = record_incident(session, officer, kind="unauthorised_access",
                                   learned_at=learned, items=["email"], summary="...",
                                   wrongful=True)
        add_affected_from_audit(session, officer, incident.id, actor_id="st-9",
                                since=start, until=end)
        must_report(incident, session.policy).reasons
        notify_affected(session, officer, incident.id, locale="ja")
        print(draft_report(session, officer, incident.id, "ja").to_markdown())

See docs/incidents.md.
"""

from mamori.incidents.affected import (
    DATA_LEAVING,
    AffectedFromAudit,
    add_affected_from_audit,
    subjects_reached,
)
from mamori.incidents.assessment import (
    APPI_PERSONS_THRESHOLD,
    Assessment,
    Effect,
    Reason,
    must_report,
)
from mamori.incidents.deadlines import (
    APPI_FINAL_DAYS,
    APPI_FINAL_DAYS_WRONGFUL,
    APPI_PRELIMINARY_LIMIT_DAYS,
    APPI_PRELIMINARY_TARGET_DAYS,
    GDPR_WINDOW,
    JST,
    Deadlines,
    deadlines_for,
    is_closed_day,
    next_open_day,
)
from mamori.incidents.drafts import Draft, DraftField, draft_for, draft_report
from mamori.incidents.model import (
    GDPR_RISKS,
    KINDS,
    STATUSES,
    TEXT_FIELDS,
    GdprRisk,
    Incident,
    IncidentKind,
    IncidentStatus,
    IncidentUpdate,
)
from mamori.incidents.notices import NoticeReport, notice_params, notify_affected
from mamori.incidents.overview import (
    DeadlineState,
    IncidentEntry,
    assess,
    list_incidents,
    standing,
)
from mamori.incidents.recording import (
    TRANSITIONS,
    add_subjects,
    record_incident,
    show_incident,
    update_incident,
)

__all__ = [
    "APPI_FINAL_DAYS",
    "APPI_FINAL_DAYS_WRONGFUL",
    "APPI_PERSONS_THRESHOLD",
    "APPI_PRELIMINARY_LIMIT_DAYS",
    "APPI_PRELIMINARY_TARGET_DAYS",
    "DATA_LEAVING",
    "GDPR_RISKS",
    "GDPR_WINDOW",
    "JST",
    "KINDS",
    "STATUSES",
    "TEXT_FIELDS",
    "TRANSITIONS",
    "AffectedFromAudit",
    "Assessment",
    "DeadlineState",
    "Deadlines",
    "Draft",
    "DraftField",
    "Effect",
    "GdprRisk",
    "Incident",
    "IncidentEntry",
    "IncidentKind",
    "IncidentStatus",
    "IncidentUpdate",
    "NoticeReport",
    "Reason",
    "add_affected_from_audit",
    "add_subjects",
    "assess",
    "deadlines_for",
    "draft_for",
    "draft_report",
    "is_closed_day",
    "list_incidents",
    "must_report",
    "next_open_day",
    "notice_params",
    "notify_affected",
    "record_incident",
    "show_incident",
    "standing",
    "subjects_reached",
    "update_incident",
]
