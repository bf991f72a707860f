"""`mamori release ...`: run a release the policy declares, from the register, and list the
releases made.

    mamori release run statistics.ad_market_statistics --policy policy.yaml \\
        --actor analyst-7 --role analyst -o stats.csv --report release.json
    mamori release list [--kind statistics] [--recipient NAME] [--format json]

A separate group from `mamori anonymize INPUT`, which anonymizes a file: Typer cannot give one
command both a file argument and subcommands. Heavy modules load inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mamori.cli._options import (
    ActorOption,
    AuditHeadOption,
    DatabaseOption,
    FormatOption,
    KeyringOption,
    KeystoreOption,
    OutputFormat,
    PolicyFileOption,
    RoleOption,
    echo_listing,
)
from mamori.cli._register import (
    opened_register,
    register_connection,
    settings_for,
    staff_actor,
)

if TYPE_CHECKING:
    from mamori.anonymize import DeclaredRelease
    from mamori.register import Actor, Register

__all__ = ["app"]

app = typer.Typer(
    help="Releases the policy declares (statistics, research): run one, list those made.",
    no_args_is_help=True,
)


@app.command("run")
def run(
    release: Annotated[
        str, typer.Argument(metavar="KEY", help="statistics.<key> or research.<key>.")
    ],
    policy_path: PolicyFileOption,
    actor_id: ActorOption,
    roles: RoleOption,
    output: Annotated[Path, typer.Option("-o", "--output", help="Output .csv or .parquet.")],
    report: Annotated[
        Path | None, typer.Option("--report", help="JSON file: the release record.")
    ] = None,
    recipient: Annotated[
        str | None,
        typer.Option("--recipient", help="Who receives it; default: the policy's description."),
    ] = None,
    hierarchies: Annotated[
        Path | None,
        typer.Option("--hierarchies", help="Folder of hierarchy files for undeclared items."),
    ] = None,
    suppression: Annotated[
        float, typer.Option("--suppression", help="Research: share of records that may go.")
    ] = 0.0,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
    keyring: KeyringOption = None,
    audit_head: AuditHeadOption = None,
) -> None:
    """Read the declared release's items from the register for its purpose, make it, write it
    and record it. On any error nothing is written and no release is recorded."""
    from mamori.anonymize import prepare_declared_release

    actor = staff_actor(actor_id, roles)
    settings = settings_for(
        database=database, keystore=keystore, keyring=keyring, audit_head=audit_head
    )
    with opened_register(settings, policy_path) as register:
        made = prepare_declared_release(
            register,
            register.policy,
            release,
            actor,
            recipient=recipient,
            hierarchy_dir=hierarchies,
            suppression_limit=suppression,
        )
        _write_and_record(register, made, actor, output, report)
    stats = made.statistics
    if stats is not None:
        shown = f"{len(stats.cells)} cells ({stats.suppressed} suppressed)"
    else:
        assert made.export is not None
        shown = (
            f"{made.export.result.records_out} records ({made.export.result.suppressed} suppressed)"
        )
    typer.echo(
        f"{made.declared_as}: {shown} written to {output}; release {made.record.id} recorded "
        f"for {made.record.recipient}",
        err=True,
    )


@app.command("list")
def list_(
    database: DatabaseOption = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="statistics, research_export...")
    ] = None,
    recipient: Annotated[str | None, typer.Option("--recipient", help="Only to them.")] = None,
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """The releases recorded: what, when, to whom, by whom, under which policy."""
    from mamori.anonymize import list_releases

    with register_connection(settings_for(database=database)) as connection:
        found = list_releases(connection, kind=kind, recipient=recipient)
    echo_listing(
        found,
        output,
        empty="no release recorded",
        line=lambda record: (
            f"{record.created_at.isoformat(timespec='seconds')}  {record.kind:<22} "
            f"{record.declared_as or '-':<40} to {record.recipient or '-'}; "
            f"{record.records} published; by {record.actor_id or '-'}; id {record.id}"
        ),
    )


# -- helpers ----------------------------------------------------------------------------------


def _write_and_record(
    register: Register, made: DeclaredRelease, actor: Actor, output: Path, report: Path | None
) -> None:
    """The files and the record, or neither: the files are moved into place inside the
    record's transaction, and removed again if its commit fails."""
    from mamori.anonymize import Writer, record_declared_release, write_all, write_json, write_table

    parquet = output.suffix.lower() in {".parquet", ".pq"}
    targets: list[tuple[Path, Writer]] = [
        (output, write_table(made.columns, made.rows(), parquet=parquet))
    ]
    if report is not None:
        targets.append((report, write_json({"release_record": made.record.to_dict()})))
    written = False
    try:
        with register.engine.begin() as connection:
            record_declared_release(register, connection, made, actor)
            write_all(targets)
            written = True
    except BaseException:
        if written:
            for path, _ in targets:
                path.unlink(missing_ok=True)
        raise
