"""`mamori consent ...`: record a person's decisions and show the ledger, on the register of
the working directory (`mamori init`).

    mamori consent give m1 newsletter provision:partners --as staff:o1:privacy_officer
    mamori consent withdraw m1 newsletter
    mamori consent status m1 [--format json]
    mamori consent history m1 [--target newsletter]
    mamori consent receipt EVENT_ID            # Kantara Consent Receipt v1.1 (JSON)
    mamori consent export m1 [-o record.json]  # ISO/IEC TS 27560 record (JSON)

`--as` names who records the decision: `subject` (the person themself, the default),
`application`, `system` (an import) or `staff:<id>:<role>[,<role>...]` (a paper form, taken by
staff whose role has permission consents.record).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mamori.cli._options import (
    DatabaseOption,
    FormatOption,
    HomeOption,
    KeystoreOption,
    OutputFormat,
    PolicyOption,
)
from mamori.cli._register import opened_register, settings_for
from mamori.errors import ValidationError

if TYPE_CHECKING:
    from mamori.config import Settings
    from mamori.consent import ConsentDecision, ConsentEvent
    from mamori.register import Actor

__all__ = ["app", "parse_actor"]

app = typer.Typer(
    help="The consent ledger: give, refuse, withdraw; state, history, receipts, records.",
    no_args_is_help=True,
)

AsOption = Annotated[
    str,
    typer.Option(
        "--as",
        help="Who records it: subject, application, system, or staff:<id>:<role>[,<role>].",
    ),
]
Subject = Annotated[str, typer.Argument(metavar="SUBJECT", help="The person's subject id.")]
Targets = Annotated[
    list[str],
    typer.Argument(
        metavar="TARGET...",
        help="Consent targets: a purpose key, provision:<key>, module:<key>, cookies:<category>.",
    ),
]
Method = Annotated[
    str, typer.Option("--method", help="web_form, api, paper or imported (gpc is recorded by it).")
]
Language = Annotated[
    str | None,
    typer.Option(
        "--language",
        help="The language of the notice shown. Default: the policy's.",
        show_default=False,
    ),
]
Jurisdiction = Annotated[
    str | None,
    typer.Option(
        "--jurisdiction", help="JP or EU. Default: the policy's first.", show_default=False
    ),
]
Reference = Annotated[
    str | None,
    typer.Option("--reference", help="The paper form's own id.", show_default=False),
]
Foreign = Annotated[
    bool,
    typer.Option(
        "--foreign-information",
        help="The APPI Art. 28(2) information on a recipient abroad was shown.",
    ),
]
PolicyUrl = Annotated[
    str | None,
    typer.Option(
        "--policy-url",
        help="Where the notice is published. Default: the organization's website.",
        show_default=False,
    ),
]


def parse_actor(value: str, subject_id: str) -> Actor:
    """The actor `--as` names (see the module's doc)."""
    from mamori.register import Actor

    if value == "subject":
        return Actor.subject(subject_id)
    if value == "application":
        return Actor.application()
    if value == "system":
        return Actor.system()
    parts = value.split(":")
    if len(parts) == 3 and parts[0] == "staff" and parts[1] and parts[2]:
        return Actor.staff(parts[1], *parts[2].split(","))
    raise ValidationError(
        "--as is subject, application, system or staff:<id>:<role>[,<role>] "
        "(e.g. staff:o1:privacy_officer)",
        field="as",
    )


def _decide(
    decision: ConsentDecision,
    subject_id: str,
    targets: list[str],
    method: str,
    language: str | None,
    jurisdiction: str | None,
    reference: str | None,
    foreign_information: bool,
    actor: str,
    settings: Settings,
    policy: Path | None,
    output: OutputFormat,
) -> None:
    from mamori.consent import Collected, record

    with opened_register(settings, policy) as register:
        who = parse_actor(actor, subject_id)
        how = Collected(
            method=method,  # type: ignore[arg-type]  # checked by the ledger
            language=language or register.policy.default_locale,
            jurisdiction=jurisdiction,
            foreign_information=foreign_information,
            reference=reference,
        )
        with register.session() as session:
            events = record(session, who, subject_id, targets, decision, how)
    if output is OutputFormat.JSON:
        typer.echo(json.dumps([_event_dict(event) for event in events], indent=2))
        return
    for event in events:
        typer.echo(f"{event.target}: {event.decision} (receipt {event.id})")


@app.command("give")
def give(
    subject_id: Subject,
    targets: Targets,
    method: Method = "paper",
    language: Language = None,
    jurisdiction: Jurisdiction = None,
    reference: Reference = None,
    foreign_information: Foreign = False,
    actor: AsOption = "subject",
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """The person gives consent to each TARGET."""
    settings = settings_for(home, database, keystore)
    _decide(
        "given", subject_id, targets, method, language, jurisdiction, reference,
        foreign_information, actor, settings, policy, output,
    )  # fmt: skip


def _stop_command(decision: ConsentDecision, summary: str) -> Callable[..., None]:
    """`refuse` and `withdraw`: the same options, another decision."""

    def command(
        subject_id: Subject,
        targets: Targets,
        method: Method = "paper",
        language: Language = None,
        jurisdiction: Jurisdiction = None,
        reference: Reference = None,
        actor: AsOption = "subject",
        policy: PolicyOption = None,
        home: HomeOption = None,
        database: DatabaseOption = None,
        keystore: KeystoreOption = None,
        output: FormatOption = OutputFormat.TEXT,
    ) -> None:
        settings = settings_for(home, database, keystore)
        _decide(
            decision, subject_id, targets, method, language, jurisdiction, reference, False,
            actor, settings, policy, output,
        )  # fmt: skip

    command.__doc__ = summary
    return command


refuse = app.command("refuse")(
    _stop_command(
        "refused", "The person refuses each TARGET (an opt-out provision stops for them)."
    )
)
withdraw = app.command("withdraw")(
    _stop_command("withdrawn", "The person withdraws consent given earlier to each TARGET.")
)


@app.command("status")
def status(
    subject_id: Subject,
    target: Annotated[
        list[str] | None, typer.Option("--target", help="Only these targets (repeat).")
    ] = None,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """Where the person stands on each target of the policy now."""
    from mamori.consent import status as ledger_status
    from mamori.consent import target_of

    with opened_register(settings_for(home, database, keystore), policy) as register:
        for index, name in enumerate(target or []):
            target_of(register.policy, name, f"--target[{index}]")
        with register.engine.connect() as connection:
            found = ledger_status(connection, register.policy, subject_id, target or None)
    if output is OutputFormat.JSON:
        rows = [
            {
                "target": entry.target,
                "state": entry.state,
                "decided_at": _iso(entry.decided_at),
                "expires_at": _iso(entry.expires_at),
                "event_id": entry.event_id,
            }
            for entry in found
        ]
        typer.echo(json.dumps(rows, indent=2))
        return
    for entry in found:
        since = f" since {_iso(entry.decided_at)}" if entry.decided_at else ""
        until = f", lapses {_iso(entry.expires_at)}" if entry.expires_at else ""
        typer.echo(f"{entry.target:<32} {entry.state}{since}{until}")


@app.command("history")
def history(
    subject_id: Subject,
    target: Annotated[str | None, typer.Option("--target", help="Only this target.")] = None,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """Every decision of the person, oldest first, with its receipt id."""
    from mamori.consent import history as ledger_history

    with (
        opened_register(settings_for(home, database, keystore), policy) as register,
        register.engine.connect() as connection,
    ):
        events = ledger_history(connection, subject_id, target)
    if output is OutputFormat.JSON:
        typer.echo(json.dumps([_event_dict(event) for event in events], indent=2))
        return
    if not events:
        typer.echo("no consent event recorded")
    for event in events:
        typer.echo(
            f"{_iso(event.recorded_at)}  {event.target:<32} {event.decision:<9} "
            f"{event.method:<8} by {event.actor_kind}:{event.actor_id}  "
            f"policy {event.policy_version}  receipt {event.id}"
        )


@app.command("receipt")
def receipt(
    event_id: Annotated[str, typer.Argument(metavar="EVENT_ID", help="The event's receipt id.")],
    policy_url: PolicyUrl = None,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """The Kantara Consent Receipt (v1.1) of one event, as JSON."""
    from mamori.consent import consent_event
    from mamori.consent import receipt as make_receipt

    with opened_register(settings_for(home, database, keystore), policy) as register:
        with register.engine.connect() as connection:
            event = consent_event(connection, event_id)
        made = make_receipt(register.policy, event, policy_url=policy_url)
    typer.echo(json.dumps(made, ensure_ascii=False, indent=2))


@app.command("export")
def export(
    subject_id: Subject,
    output_path: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file instead.")
    ] = None,
    policy_url: PolicyUrl = None,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """The person's consent records in the ISO/IEC TS 27560 shape, as JSON."""
    from mamori.consent import export_record

    with (
        opened_register(settings_for(home, database, keystore), policy) as register,
        register.engine.connect() as connection,
    ):
        record = export_record(connection, register.policy, subject_id, policy_url=policy_url)
    text = json.dumps(record, ensure_ascii=False, indent=2)
    if output_path is None:
        typer.echo(text)
        return
    output_path.write_text(text + "\n", encoding="utf-8")
    typer.echo(f"consent record of {subject_id} written to {output_path}", err=True)


# -- helpers ----------------------------------------------------------------------------------


def _event_dict(event: ConsentEvent) -> dict[str, object]:
    return {
        name: _iso(value) if isinstance(value, datetime) else value
        for name, value in event.__dict__.items()
    }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="seconds")
