"""`mamori notify ...`: the outbox of messages to the people whose data it is.

    mamori notify deliver [--limit 100]
    mamori notify list [--status pending|sent|failed|undeliverable] [--limit 100] [--format json]

`deliver` sends what is due through SMTP (MAMORI_SMTP_*) or to the file sink
(MAMORI_NOTIFY_SINK_DIR, default <home>/outbox); `list` prints ids, kinds, states, attempts and
the next attempt: never a text or an address. Both take --home, --policy, --database and
--keystore (MAMORI_* otherwise). Heavy modules load inside the commands.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from mamori.cli._options import (
    DatabaseOption,
    FormatOption,
    HomeOption,
    KeystoreOption,
    OutputFormat,
    PolicyOption,
    echo_json,
)
from mamori.cli._register import opened_register, register_connection, settings_for

__all__ = ["app"]

app = typer.Typer(
    help="Notifications: deliver the messages due to people, and list the outbox.",
    no_args_is_help=True,
)


class Status(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    UNDELIVERABLE = "undeliverable"


LimitOption = Annotated[
    int, typer.Option("--limit", min=1, help="At most this many messages (and announcements).")
]


@app.command("deliver")
def deliver(
    limit: LimitOption = 100,
    home: HomeOption = None,
    policy: PolicyOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """Queue pending policy announcements, then send the messages that are due."""
    from mamori.notify import deliver_due

    settings = settings_for(home, database, keystore)
    with opened_register(settings, policy) as register:
        report = deliver_due(register, settings, limit=limit)
    counts = {name: len(ids) for name, ids in report.__dict__.items()}
    if output is OutputFormat.JSON:
        echo_json({name: list(ids) for name, ids in report.__dict__.items()})
        return
    typer.echo(", ".join(f"{count} {name}" for name, count in counts.items()))


@app.command("list")
def list_(
    status: Annotated[
        Status | None,
        typer.Option("--status", help="Only messages in this state.", show_default=False),
    ] = None,
    limit: LimitOption = 100,
    home: HomeOption = None,
    database: DatabaseOption = None,
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """The outbox's messages, oldest first: ids, kind, state, attempts, next attempt."""
    from mamori.notify import messages

    state = None if status is None else ("delivered" if status is Status.SENT else status.value)
    settings = settings_for(home, database)
    with register_connection(settings) as connection:
        found = messages(connection, state=state, limit=limit)
    if output is OutputFormat.JSON:
        echo_json([entry.to_dict() for entry in found])
        return
    if not found:
        typer.echo("no messages")
    for entry in found:
        moment = entry.next_attempt_at or entry.delivered_at
        when = "" if moment is None else moment.isoformat(timespec="seconds")
        label = "next" if entry.next_attempt_at is not None else "sent" if when else ""
        timing = f" {label} {when}" if when else ""
        why = f" ({entry.rule})" if entry.rule else ""
        typer.echo(
            f"{entry.id} {entry.kind} {entry.locale} subject {entry.subject_id}: "
            f"{entry.state}{why}, {entry.attempts} attempt(s){timing}"
        )
