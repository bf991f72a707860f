"""`mamori accesslog ...`: read the access log for a declared purpose, expire what is due.

    mamori accesslog show --purpose usage_analysis [--since 2027-01-01] [--limit 50]
    mamori accesslog expire [--dry-run] [--as-of 2027-01-01]

Both take --home, --policy, --database, --keystore, --keyring, --audit-head (MAMORI_* otherwise),
and --actor/--role to act as a staff member (the system otherwise). Every read is audited.
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
from mamori.cli._register import register_session, settings_for, staff_actor

if TYPE_CHECKING:
    from mamori.register import Actor

__all__ = ["app"]

app = typer.Typer(
    help="The access log: request metadata of automatically collected items (SOC-4, WOX-3, "
    "OP-4), read for a declared purpose and kept for its items' retention.",
    no_args_is_help=True,
)

ActorOption = Annotated[
    str | None, typer.Option("--actor", help="Act as this staff member (the system otherwise).")
]
RoleOption = Annotated[list[str] | None, typer.Option("--role", help="A role of the actor.")]


@app.command("show")
def show(
    purpose: Annotated[str, typer.Option("--purpose", help="A purpose the policy declares.")],
    since: Annotated[
        datetime | None, typer.Option("--since", help="From this moment (UTC when no zone).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many requests.")] = 50,
    actor_id: ActorOption = None,
    roles: RoleOption = None,
    home: HomeOption = None,
    policy: PolicyOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
    keyring: KeyringOption = None,
    audit_head: AuditHeadOption = None,
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """The requests recorded, oldest first, with the fields the purpose uses (audited)."""
    from mamori.accesslog import read_log

    settings = settings_for(home, database, keystore, keyring=keyring, audit_head=audit_head)
    with register_session(settings, policy) as session:
        found = read_log(session, _actor(actor_id, roles), purpose, since=utc(since), limit=limit)
    if output is OutputFormat.JSON:
        echo_json([entry.to_dict() for entry in found])
        return
    for entry in found:
        shown = " ".join(f"{name}={value}" for name, value in sorted(entry.values.items()))
        linked = f" subject={entry.subject_id}" if entry.subject_id else ""
        typer.echo(f"{entry.at.isoformat(timespec='seconds')} {entry.point}{linked} {shown}")
    typer.echo(f"{len(found)} request(s) for purpose {purpose}")


@app.command("expire")
def expire_(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only count what would go; change nothing.")
    ] = False,
    as_of: Annotated[
        datetime | None, typer.Option("--as-of", help="Judge at this moment instead of now.")
    ] = None,
    actor_id: ActorOption = None,
    roles: RoleOption = None,
    home: HomeOption = None,
    policy: PolicyOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
    keyring: KeyringOption = None,
    audit_head: AuditHeadOption = None,
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """Clear values past their item's retention and delete the rows left empty (audited)."""
    from mamori.accesslog import expire

    settings = settings_for(home, database, keystore, keyring=keyring, audit_head=audit_head)
    with register_session(settings, policy) as session:
        counts = expire(session, _actor(actor_id, roles), utc(as_of), dry_run=dry_run)
    if output is OutputFormat.JSON:
        echo_json({"dry_run": dry_run, **counts})
        return
    verb = "would delete" if dry_run else "deleted"
    typer.echo(
        f"access log: {verb} {counts['rows_deleted']} request(s) and clear "
        f"{counts['values_cleared']} value(s) past their retention"
    )


def _actor(actor_id: str | None, roles: list[str] | None) -> Actor:
    from mamori.register import Actor

    if actor_id is None:
        return Actor.system("cli")
    return staff_actor(actor_id, roles)
