"""`mamori retention ...`: erase or expire what the policy and the law no longer let us keep.

    mamori retention report [--as-of 2027-01-01] [--format json]
    mamori retention run [--dry-run] [--as-of 2027-01-01] [--format json]

Both take --home, --policy, --database, --keystore, --keyring, --audit-head (MAMORI_* otherwise).
Heavy modules load inside the commands.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from mamori.cli._options import (
    AuditHeadOption,
    DatabaseOption,
    FormatOption,
    HomeOption,
    KeyringOption,
    KeystoreOption,
    OutputFormat,
    PolicyOption,
    echo_json,
    utc,
)
from mamori.cli._register import register_connection, register_session, settings_for

if TYPE_CHECKING:
    from mamori.retention import RetentionPlan

__all__ = ["app"]

app = typer.Typer(
    help="Retention: erase items and expire records whose period has ended (APPI Art. 22, "
    "GDPR Art. 5(1)(e)), and report what expires when.",
    no_args_is_help=True,
)

AsOfOption = Annotated[
    datetime | None,
    typer.Option(
        "--as-of",
        help="Judge what is due at this moment (UTC when no zone) instead of now.",
        show_default=False,
    ),
]


@app.command("report")
def report(
    as_of: AsOfOption = None,
    home: HomeOption = None,
    policy: PolicyOption = None,
    database: DatabaseOption = None,
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """What is due now and what will expire when, per item and record kind (counts only)."""
    from mamori.policy import load_policy
    from mamori.retention import plan

    settings = settings_for(home, database)
    loaded = load_policy(policy if policy is not None else settings.effective_policy_path())
    with register_connection(settings) as connection:
        found = plan(connection, loaded, utc(as_of))
    if output is OutputFormat.JSON:
        echo_json(found.to_dict())
        return
    _print_plan(found)


@app.command("run")
def run_(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only say what would go; change nothing.")
    ] = False,
    as_of: AsOfOption = None,
    home: HomeOption = None,
    policy: PolicyOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
    keyring: KeyringOption = None,
    audit_head: AuditHeadOption = None,
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """Erase the items and expire the records that are due; each action is audited."""
    from mamori.retention import run

    settings = settings_for(home, database, keystore, keyring=keyring, audit_head=audit_head)
    with register_session(settings, policy) as session:
        summary = run(session, utc(as_of), dry_run=dry_run)
    if output is OutputFormat.JSON:
        echo_json(summary.to_dict())
        return
    verb = "would" if dry_run else "did"
    typer.echo(
        f"retention run {summary.run_id} ({'dry run, ' if dry_run else ''}as of "
        f"{summary.as_of.isoformat(timespec='seconds')}): {verb} erase "
        f"{summary.subjects_erased} subject(s), delete {summary.items_deleted} item value(s), "
        f"expire {sum(summary.records_expired.values())} record(s); "
        f"{summary.blocked} required item value(s) due but kept with their account; "
        f"{summary.failed} refused"
    )


def _print_plan(found: RetentionPlan) -> None:
    typer.echo(
        f"as of {found.as_of.isoformat(timespec='seconds')}: {found.subjects_to_erase} "
        f"subject(s) to erase, {found.items_to_delete} item value(s) to delete, "
        f"{found.records_due} record(s) to expire"
    )
    for kind in found.kinds:
        held = "" if kind.held is None else f" held {kind.held}, due now {kind.due_now}"
        extra = "".join(
            f", {label} {count}"
            for label, count in (("blocked", kind.blocked), ("not computable", kind.not_computable))
            if count
        )
        typer.echo(f"{kind.kind} {kind.name}: {kind.retention} [{kind.status}]{held}{extra}")
        if kind.schedule:
            upcoming = ", ".join(f"{month}: {n}" for month, n in sorted(kind.schedule.items()))
            typer.echo(f"  expires: {upcoming}")
        if kind.note:
            typer.echo(f"  {kind.note}")
