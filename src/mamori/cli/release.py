"""`mamori release ...`: run a release the policy declares, from the register, and list the
releases made.

    mamori release run statistics.ad_market_statistics --policy policy.yaml \\
        --actor analyst-7 --role analyst -o stats.csv --report release.json
    mamori release list [--kind statistics] [--recipient NAME] [--format json]

A separate group from `mamori anonymize INPUT`, which anonymizes a file: Typer cannot give one
command both a file argument and subcommands. Heavy modules load inside the commands.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mamori.cli._options import DatabaseOption, KeystoreOption, OutputFormat
from mamori.errors import ConfigError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from mamori.anonymize import DeclaredRelease
    from mamori.policy import Policy
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
    policy_path: Annotated[
        Path, typer.Option("--policy", help="The policy file the register enforces.")
    ],
    actor_id: Annotated[str, typer.Option("--actor", help="Your staff id (never a name).")],
    roles: Annotated[
        list[str], typer.Option("--role", help="A role you hold (repeat for several).")
    ],
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
    keyring: Annotated[
        Path | None,
        typer.Option(
            "--keyring",
            help="Keyring file; default: MAMORI_KEYRING, MAMORI_KEYRING_PATH, var/keyring.json.",
            show_default=False,
        ),
    ] = None,
    audit_head: Annotated[
        Path | None,
        typer.Option(
            "--audit-head",
            help="The audit head file; default: audit-head.json beside the keyring.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Read the declared release's items from the register for its purpose, make it, write it
    and record it. On any error nothing is written and no release is recorded."""
    from mamori.anonymize import prepare_declared_release
    from mamori.policy import load_policy
    from mamori.register import Actor

    policy = load_policy(policy_path)
    actor = Actor.staff(actor_id, *roles)
    with _register(policy, database, keystore, keyring, audit_head) as register:
        made = prepare_declared_release(
            register,
            policy,
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
    output: Annotated[
        OutputFormat, typer.Option("--format", help="text or json.")
    ] = OutputFormat.TEXT,
) -> None:
    """The releases recorded: what, when, to whom, by whom, under which policy."""
    from mamori.anonymize import list_releases

    with _database(database) as engine, engine.connect() as connection:
        found = list_releases(connection, kind=kind, recipient=recipient)
    if output is OutputFormat.JSON:
        typer.echo(json.dumps([r.to_dict() for r in found], ensure_ascii=False, indent=2))
        return
    if not found:
        typer.echo("no release recorded")
    for record in found:
        typer.echo(
            f"{record.created_at.isoformat(timespec='seconds')}  {record.kind:<22} "
            f"{record.declared_as or '-':<40} to {record.recipient or '-'}; "
            f"{record.records} published; by {record.actor_id or '-'}; id {record.id}"
        )


# -- helpers ----------------------------------------------------------------------------------


@contextmanager
def _register(
    policy: Policy,
    database: str | None,
    keystore: str | None,
    keyring_path: Path | None,
    audit_head: Path | None,
) -> Iterator[Register]:
    """The register on the configured databases; both must be migrated (`mamori init`)."""
    from sqlalchemy.exc import DBAPIError

    from mamori.config import Settings
    from mamori.crypto import Keyring
    from mamori.db import MAIN_HISTORY, is_current
    from mamori.register import KEYSTORE_HISTORY, Register

    settings = Settings()
    url = database or settings.effective_database_url()
    # Settings gains keystore_url with `mamori init`; until then, the same variable and default.
    keys_url = (
        keystore
        or os.environ.get("MAMORI_KEYSTORE_URL")
        or f"sqlite:///{settings.home / 'keys.sqlite'}"
    )
    ring = Keyring.load(keyring_path) if keyring_path else Keyring.from_settings(settings)
    head = audit_head or (keyring_path or settings.effective_keyring_path()).parent / (
        "audit-head.json"
    )
    for shown, target, history in (
        ("register database", url, MAIN_HISTORY),
        ("key store", keys_url, KEYSTORE_HISTORY),
    ):
        _require_file(target, shown)
        try:
            current = is_current(target, history)
        except DBAPIError as error:
            raise ConfigError(
                f"cannot reach the {shown} {_shown(target)} ({type(error.orig).__name__}); "
                "check its URL",
                field="database",
            ) from None
        if not current:
            raise ConfigError(
                f"the {shown} {_shown(target)} is not at the newest schema; run `mamori init`",
                field="database",
            )
    register = Register.open(url, policy, ring, keystore_url=keys_url, audit_head=head)
    try:
        yield register
    except DBAPIError as error:
        raise ConfigError(
            f"the register database failed ({type(error.orig).__name__}); nothing was recorded",
            field="database",
        ) from None
    finally:
        register.close()


@contextmanager
def _database(database: str | None) -> Iterator[Engine]:
    from sqlalchemy.exc import DBAPIError

    from mamori.config import Settings
    from mamori.db import create_engine

    url = database or Settings().effective_database_url()
    _require_file(url, "register database")
    engine = create_engine(url)
    try:
        yield engine
    except DBAPIError as error:
        raise ConfigError(
            f"cannot read the releases in {_shown(url)} ({type(error.orig).__name__}); "
            "check --database and that the database is migrated (`mamori init`)",
            field="database",
        ) from None
    finally:
        engine.dispose()


def _require_file(url: str, shown: str) -> None:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database
        if not path or not Path(path).exists():
            raise ConfigError(
                f"no SQLite {shown} at {path}; run `mamori init` or give its URL", field="database"
            )


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


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
