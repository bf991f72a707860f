"""`mamori audit ...`: verify the audit log's integrity, query who accessed what."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from mamori.cli._options import DatabaseOption, OutputFormat
from mamori.errors import ConfigError, ValidationError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from mamori.audit import AuditEvent, VerifyReport

__all__ = ["app"]

app = typer.Typer(
    help="The audit log: verify that nobody edited it, query who accessed what.",
    no_args_is_help=True,
)


FormatOption = Annotated[OutputFormat, typer.Option("--format", help="text or json.")]


def _database_url(database: str | None) -> str:
    from mamori.config import Settings

    return database or Settings().effective_database_url()


@contextmanager
def _reading(url: str) -> Iterator[Engine]:
    """An engine on `url`; database errors become one clean message instead of a traceback."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    from mamori.db import create_engine

    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        path = make_url(url).database
        if not path or not Path(path).exists():
            raise ConfigError(f"no SQLite database at {path}; give --database", field="database")
    try:
        yield engine
    except DBAPIError as error:
        raise ConfigError(
            f"cannot read the audit log in {_shown(url)} ({type(error.orig).__name__}); "
            "check --database and that the database is migrated",
            field="database",
        ) from None
    finally:
        engine.dispose()


def _console() -> Console:
    console = Console(highlight=False)
    # Piped output gets room for a whole event per line instead of Rich's 80 columns.
    return console if console.is_terminal else Console(highlight=False, width=160)


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


class _PublicKeyVerifier:
    """Checks Ed25519 checkpoint signatures against a PEM public key given on the command line."""

    def __init__(self, path: Path, key_id: str) -> None:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
        from cryptography.hazmat.primitives.serialization import load_pem_public_key

        try:
            key = load_pem_public_key(path.read_bytes())
        except (OSError, ValueError):
            raise ConfigError(
                f"{path} is not a readable PEM public key; export the audit signing key's "
                "public half",
                field="public_key",
            ) from None
        if not isinstance(key, Ed25519PublicKey):
            raise ConfigError(f"{path} is not an Ed25519 public key", field="public_key")
        self._key = key
        self.key_id = key_id

    def verify(self, data: bytes, signature: bytes) -> bool:
        from cryptography.exceptions import InvalidSignature

        try:
            self._key.verify(signature, data)
        except InvalidSignature:
            return False
        return True


@app.command()
def verify(
    database: DatabaseOption = None,
    head: Annotated[
        Path | None,
        typer.Option(
            "--head",
            help="The audit head file; default: audit-head.json beside the keyring.",
            show_default=False,
        ),
    ] = None,
    public_key: Annotated[
        Path | None,
        typer.Option("--public-key", help="PEM Ed25519 public key that signs the checkpoints."),
    ] = None,
    key_id: Annotated[
        str | None, typer.Option("--key-id", help="The id the checkpoints name for that key.")
    ] = None,
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """Check every event, checkpoint and the head file. Exit 0 when intact, 1 when not."""
    from mamori.audit import AuditLog, default_head_path

    if (public_key is None) != (key_id is None):
        raise ValidationError(
            "give --public-key and --key-id together (the key ids are listed as 'signed by')",
            field="key_id",
        )
    verifiers = [_PublicKeyVerifier(public_key, key_id)] if public_key and key_id else []
    head_path = head or default_head_path()
    url = _database_url(database)
    with _reading(url) as engine:
        report = AuditLog(head_path=head_path, verifiers=verifiers).verify(engine)
    if output is OutputFormat.JSON:
        body = {"database": _shown(url), "head": str(head_path), **report.to_dict()}
        typer.echo(json.dumps(body, indent=2))
    else:
        _print_report(report, _shown(url), head_path)
    if not report.ok:
        raise typer.Exit(1)


def _print_report(report: VerifyReport, database: str, head_path: Path) -> None:
    console = _console()
    console.print(f"[bold]Audit log[/] {database}")
    console.print(f"  events checked   {report.events_checked:,} (last seq {report.last_seq:,})")
    signatures = (
        "[green]signatures checked[/]"
        if report.signatures_checked
        else "[yellow]signatures NOT checked[/] (pass --public-key and --key-id)"
    )
    console.print(f"  checkpoints      {report.checkpoints_checked:,}, {signatures}")
    console.print(f"  signed by        {', '.join(report.key_ids) or '-'}")
    head_state = "checked" if report.head_checked else "[yellow]not found[/]"
    console.print(f"  head file        {head_path} ({head_state})")
    problem = report.first_problem
    if problem is None:
        console.print("[bold green]intact[/]: every event is where it was written, unchanged")
        return
    console.print(
        f"[bold red]NOT intact[/]: first bad event at seq {problem.seq} ({problem.kind.value}): "
        f"{problem.message}"
    )
    for other in report.problems[1:10]:
        console.print(f"  seq {other.seq} ({other.kind.value}): {other.message}")
    if report.problem_count > 10:
        console.print(f"  ... {report.problem_count - 10} more (use --format json)")


def _moment(text: str | None, name: str) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            f"--{name} must be an ISO 8601 time such as 2025-04-01T09:00:00+09:00", field=name
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@app.command()
def query(
    subject: Annotated[str | None, typer.Option("--subject", help="A subject id.")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="An actor id.")] = None,
    purpose: Annotated[str | None, typer.Option("--purpose", help="Only this purpose.")] = None,
    outcome: Annotated[
        str | None, typer.Option("--outcome", help="allowed or refused.", show_default=False)
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="ISO time, inclusive (UTC if no offset).")
    ] = None,
    until: Annotated[str | None, typer.Option("--until", help="ISO time, exclusive.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many events.")] = 50,
    offset: Annotated[int, typer.Option("--offset", help="Skip this many events.")] = 0,
    database: DatabaseOption = None,
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """Who accessed a subject's data, or what an actor accessed: oldest first."""
    from mamori.audit import AuditLog

    if subject is None and actor is None:
        raise ValidationError("give --subject ID or --actor ID", field="subject")
    with _reading(_database_url(database)) as engine:
        events = AuditLog().query(
            engine,
            subject_id=subject,
            actor_id=actor,
            purpose=purpose,
            outcome=outcome,
            since=_moment(since, "since"),
            until=_moment(until, "until"),
            limit=limit,
            offset=offset,
        )
    if output is OutputFormat.JSON:
        typer.echo(json.dumps([event.to_dict() for event in events], indent=2))
        return
    _print_events(events)


def _print_events(events: list[AuditEvent]) -> None:
    table = Table(
        "seq",
        "time (UTC)",
        "actor",
        "action",
        "purpose",
        "subject",
        "items",
        "outcome",
        "rule",
    )
    for event in events:
        outcome = event.outcome.value
        table.add_row(
            str(event.seq),
            event.time.strftime("%Y-%m-%d %H:%M:%S"),
            f"{event.actor_kind.value}:{event.actor_id}"
            + (f" ({event.role})" if event.role else ""),
            event.action,
            event.purpose or "",
            event.subject_id or "",
            ", ".join(event.item_keys),
            f"[red]{outcome}[/]" if outcome == "refused" else outcome,
            event.rule,
        )
    console = _console()
    console.print(table)
    console.print(f"{len(events)} event(s)")
