"""`mamori incidents ...`: the register of leak incidents (APPI Art. 26; GDPR Arts. 33-34).

    mamori incidents record --kind unauthorised_access --learned 2026-05-01T10:00+09:00 \\
        --item email --item name --summary "..." --wrongful --actor st-1 --role officer
    mamori incidents add-affected INCIDENT --from-audit st-9 --since ... --until ... ...
    mamori incidents assess|show INCIDENT ... | mamori incidents list ...
    mamori incidents update INCIDENT --measures "..." --status reported_preliminary ...
    mamori incidents notify INCIDENT --lang ja ...
    mamori incidents draft INCIDENT --format md --lang ja ...

The register comes from --home/--database/--keystore and --policy (or MAMORI_*), as made by
`mamori init`. Heavy modules load inside the commands.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mamori.cli._options import (
    ActorOption,
    DatabaseOption,
    FormatOption,
    HomeOption,
    KeystoreOption,
    OutputFormat,
    PolicyOption,
    RoleOption,
    echo_json,
    utc,
)
from mamori.cli._register import register_session, settings_for, staff_actor
from mamori.errors import ValidationError

if TYPE_CHECKING:
    from mamori.incidents import Incident, IncidentEntry

__all__ = ["app"]

app = typer.Typer(
    help="Leak incidents: record, update, list (overdue first), show, assess, add-affected, "
    "notify, draft.",
    no_args_is_help=True,
)

IncidentArg = Annotated[str, typer.Argument(metavar="INCIDENT", help="The incident id.")]
Text = Annotated[str | None, typer.Option(help="The operator's words; never a person's data.")]
Moment = Annotated[datetime | None, typer.Option(help="Date and time; without a zone: UTC.")]
Items = Annotated[
    list[str] | None, typer.Option("--item", help="An item key of the policy (repeat).")
]
Subjects = Annotated[
    list[str] | None, typer.Option("--subject", help="A person's subject id (repeat).")
]
GdprRiskOption = Annotated[
    str | None, typer.Option("--gdpr-risk", help="unlikely, risk or high (GDPR Arts. 33-34).")
]


class DraftFormat(StrEnum):
    JSON = "json"
    MD = "md"


def _when(moment: datetime | None) -> str:
    return moment.isoformat(timespec="minutes") if moment else "-"


def _echo(incident: Incident) -> None:
    typer.echo(
        f"{incident.id}  {incident.kind}: {incident.status}, learned "
        f"{_when(incident.learned_at)}, {incident.persons} person(s), items "
        f"{', '.join(incident.items)}"
    )


def _echo_entry(entry: IncidentEntry) -> None:
    assessment = entry.assessment
    laws = [
        law
        for law, due in (("APPI", assessment.appi_report), ("GDPR", assessment.gdpr_report))
        if due
    ]
    typer.echo(
        f"report to: {', '.join(laws) or 'nobody'}; tell the persons: "
        f"{'yes' if assessment.notify_persons else 'no'}"
    )
    for reason in assessment.reasons:
        items = f" [{', '.join(reason.items)}]" if reason.items else ""
        detail = f": {reason.detail}" if reason.detail else ""
        typer.echo(f"  {reason.effect:<9} {reason.key} ({reason.source}){items}{detail}")
    deadlines = entry.deadlines
    typer.echo(
        f"deadlines: APPI preliminary target {deadlines.appi_preliminary_target}, limit "
        f"{deadlines.appi_preliminary_limit}; APPI final {deadlines.appi_final} "
        f"({deadlines.appi_final_days} days); GDPR {_when(deadlines.gdpr_due_at)}"
    )
    for state in entry.states:
        met = f" (reported {_when(state.met_at)})" if state.met_at else ""
        typer.echo(f"  {state.name:<17} {state.state:<12} due {_when(state.due_at)}{met}")


@app.command("record")
def record(
    kind: Annotated[
        str, typer.Option("--kind", help="leak, loss, damage, unauthorised_access, alteration.")
    ],
    learned: Annotated[
        datetime,
        typer.Option(
            "--learned", help="When you learned of it (deadlines count from it); no zone: UTC."
        ),
    ],
    summary: Annotated[str, typer.Option("--summary", help="What happened, in general terms.")],
    actor: ActorOption,
    roles: RoleOption,
    items: Items = None,
    occurred: Moment = None,
    persons: Annotated[
        int | None, typer.Option("--persons", help="Estimated number of persons concerned.")
    ] = None,
    subjects: Subjects = None,
    encrypted: Annotated[
        bool, typer.Option("--encrypted", help="The data had high-grade encryption.")
    ] = False,
    wrongful: Annotated[
        bool, typer.Option("--wrongful", help="An attack or an insider: may be a wrongful act.")
    ] = False,
    cause: Text = None,
    measures: Text = None,
    secondary_harm: Text = None,
    gdpr_risk: GdprRiskOption = None,
    gdpr_risk_reason: Text = None,
    output: FormatOption = OutputFormat.TEXT,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Record an incident (status open)."""
    from mamori.incidents import record_incident

    learned_at = utc(learned)
    assert learned_at is not None
    with register_session(settings_for(home, database, keystore), policy) as session:
        incident = record_incident(
            session,
            staff_actor(actor, roles),
            kind=kind,
            learned_at=learned_at,
            occurred_at=utc(occurred),
            items=items or [],
            summary=summary,
            persons_estimate=persons,
            subject_ids=subjects or [],
            encrypted=encrypted,
            wrongful=wrongful,
            cause=cause,
            measures=measures,
            secondary_harm=secondary_harm,
            gdpr_risk=gdpr_risk,
            gdpr_risk_reason=gdpr_risk_reason,
        )
    if output is OutputFormat.JSON:
        echo_json(incident.to_dict())
        return
    _echo(incident)


@app.command("update")
def update(
    incident_id: IncidentArg,
    actor: ActorOption,
    roles: RoleOption,
    status: Annotated[
        str | None,
        typer.Option("--status", help="reported_preliminary, reported_final or closed."),
    ] = None,
    at: Annotated[
        datetime | None, typer.Option("--at", help="When the status changed; default: now.")
    ] = None,
    kind: Annotated[str | None, typer.Option("--kind")] = None,
    learned: Moment = None,
    occurred: Moment = None,
    items: Items = None,
    persons: Annotated[int | None, typer.Option("--persons")] = None,
    encrypted: Annotated[bool | None, typer.Option("--encrypted/--not-encrypted")] = None,
    wrongful: Annotated[bool | None, typer.Option("--wrongful/--not-wrongful")] = None,
    summary: Text = None,
    cause: Text = None,
    secondary_harm: Text = None,
    measures: Text = None,
    publication: Text = None,
    notes: Text = None,
    gdpr_risk: GdprRiskOption = None,
    gdpr_risk_reason: Text = None,
    output: FormatOption = OutputFormat.TEXT,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Change what is known (appended to the history) and/or move the status forward."""
    from mamori.incidents import update_incident

    given: dict[str, object | None] = {
        "kind": kind,
        "learned_at": utc(learned),
        "occurred_at": utc(occurred),
        "items": items or None,
        "persons_estimate": persons,
        "encrypted": encrypted,
        "wrongful": wrongful,
        "summary": summary,
        "cause": cause,
        "secondary_harm": secondary_harm,
        "measures": measures,
        "publication": publication,
        "notes": notes,
        "gdpr_risk": gdpr_risk,
        "gdpr_risk_reason": gdpr_risk_reason,
    }
    changes = {name: value for name, value in given.items() if value is not None}
    with register_session(settings_for(home, database, keystore), policy) as session:
        incident = update_incident(
            session, staff_actor(actor, roles), incident_id, changes, status=status, at=utc(at)
        )
    if output is OutputFormat.JSON:
        echo_json(incident.to_dict())
        return
    _echo(incident)


@app.command("show")
def show(
    incident_id: IncidentArg,
    actor: ActorOption,
    roles: RoleOption,
    output: FormatOption = OutputFormat.TEXT,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """An incident, its persons and its history."""
    from mamori.incidents import show_incident

    with register_session(settings_for(home, database, keystore), policy) as session:
        incident = show_incident(session, staff_actor(actor, roles), incident_id)
    if output is OutputFormat.JSON:
        echo_json(incident.to_dict())
        return
    _echo(incident)
    typer.echo(f"summary: {incident.summary}")
    if incident.subject_ids:
        typer.echo(f"persons: {' '.join(incident.subject_ids)}")
    for update in incident.history:
        fields = ", ".join(sorted(update.changes))
        typer.echo(f"  {_when(update.at)}  {update.action:<12} {fields} by {update.actor_id}")


@app.command("list")
def list_(
    actor: ActorOption,
    roles: RoleOption,
    include_closed: Annotated[bool, typer.Option("--all", help="Closed incidents too.")] = False,
    output: FormatOption = OutputFormat.TEXT,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Incidents: overdue first, then by the next deadline."""
    from mamori.incidents import list_incidents

    with register_session(settings_for(home, database, keystore), policy) as session:
        entries = list_incidents(session, staff_actor(actor, roles), include_closed=include_closed)
    if output is OutputFormat.JSON:
        echo_json([entry.to_dict() for entry in entries])
        return
    if not entries:
        typer.echo("no open incident")
    for entry in entries:
        mark = "OVERDUE" if entry.overdue else "next " + _when(entry.next_due)
        typer.echo(f"{mark:<24} ", nl=False)
        _echo(entry.incident)


@app.command("assess")
def assess(
    incident_id: IncidentArg,
    actor: ActorOption,
    roles: RoleOption,
    output: FormatOption = OutputFormat.TEXT,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Whether it must be reported and to whom, each reason named, and the deadlines."""
    from mamori.incidents import assess as assess_incident

    with register_session(settings_for(home, database, keystore), policy) as session:
        entry = assess_incident(session, staff_actor(actor, roles), incident_id)
    if output is OutputFormat.JSON:
        echo_json(entry.to_dict())
        return
    _echo(entry.incident)
    _echo_entry(entry)


@app.command("add-affected")
def add_affected(
    incident_id: IncidentArg,
    actor: ActorOption,
    roles: RoleOption,
    from_audit: Annotated[
        str | None,
        typer.Option(
            "--from-audit",
            metavar="ACTOR_ID",
            help="Every subject this audited actor (a compromised account) read between "
            "--since and --until.",
        ),
    ] = None,
    since: Moment = None,
    until: Moment = None,
    subjects: Subjects = None,
    output: FormatOption = OutputFormat.TEXT,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """List persons concerned: by id (--subject), or found in the audit log (--from-audit)."""
    from mamori.incidents import add_affected_from_audit, add_subjects

    if (from_audit is None) == (not subjects):
        raise ValidationError(
            "give --from-audit ACTOR_ID --since T --until T, or --subject ID (repeat)",
            field="--from-audit",
        )
    with register_session(settings_for(home, database, keystore), policy) as session:
        staff = staff_actor(actor, roles)
        if from_audit is None:
            added = add_subjects(session, staff, incident_id, subjects or [])
            typer.echo(f"added {len(added)} person(s)")
            return
        if since is None or until is None:
            raise ValidationError("--from-audit needs --since and --until", field="--since")
        found = add_affected_from_audit(
            session,
            staff,
            incident_id,
            actor_id=from_audit,
            since=utc(since) or since,
            until=utc(until) or until,
        )
    if output is OutputFormat.JSON:
        echo_json(found.to_dict())
        return
    typer.echo(
        f"{len(found.found)} person(s) reached by {from_audit} in {found.events} event(s); "
        f"{len(found.added)} added; items reached: {', '.join(found.item_keys) or 'none'}"
    )


@app.command("notify")
def notify(
    incident_id: IncidentArg,
    actor: ActorOption,
    roles: RoleOption,
    language: Annotated[
        str | None, typer.Option("--lang", help="ja, en or fr; default: the policy's.")
    ] = None,
    contact: Annotated[
        str | None, typer.Option("--contact", help="Where persons ask; default: the policy's.")
    ] = None,
    details: Text = None,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Queue a notice to every person listed who has not had one (`deliver` sends them)."""
    from mamori.incidents import notify_affected

    with register_session(settings_for(home, database, keystore), policy) as session:
        report = notify_affected(
            session,
            staff_actor(actor, roles),
            incident_id,
            locale=language,
            contact=contact,
            details=details,
        )
    typer.echo(
        f"queued {len(report.queued)}; already notified {len(report.already_notified)}; "
        f"unreachable {len(report.unreachable)}"
    )
    if report.unreachable:
        typer.echo("unreachable persons: announce the incident publicly (APPI Art. 26(2))")


@app.command("draft")
def draft(
    incident_id: IncidentArg,
    actor: ActorOption,
    roles: RoleOption,
    output: Annotated[DraftFormat, typer.Option("--format", help="json or md.")] = DraftFormat.MD,
    language: Annotated[str, typer.Option("--lang", help="ja, en or fr.")] = "ja",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to a file instead.")
    ] = None,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Drafts of the reports: the nine APPI items and the GDPR Art. 33(3) contents."""
    from mamori.incidents import draft_report

    with register_session(settings_for(home, database, keystore), policy) as session:
        found = draft_report(session, staff_actor(actor, roles), incident_id, language)
    text = found.to_json() + "\n" if output is DraftFormat.JSON else found.to_markdown()
    if out is None:
        typer.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {out}", err=True)
