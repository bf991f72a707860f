"""`mamori backup` and `mamori restore`: the register database (and its audit log), or the key
store, to one file and back. The keyring is never in a backup (docs/backup.md).

    mamori backup var/backups/mamori-2026-11-23.backup [--what register|keystore]
    mamori restore var/backups/mamori-2026-11-23.backup [--force] [--adopt-head]

Both take --home, --database, --keystore, --keyring, --audit-head (MAMORI_* otherwise) and
--pg-bin DIR (where pg_dump / pg_restore are). Heavy modules load inside the commands.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
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
    echo_json,
)
from mamori.cli._register import settings_for

if TYPE_CHECKING:
    from mamori.audit import Verifier
    from mamori.config import Settings

__all__ = ["backup", "restore"]


class What(StrEnum):
    REGISTER = "register"
    KEYSTORE = "keystore"


PgBinOption = Annotated[
    Path | None,
    typer.Option(
        "--pg-bin", help="Folder of pg_dump / pg_restore (PostgreSQL only).", show_default=False
    ),
]


def backup(
    destination: Annotated[Path, typer.Argument(metavar="FILE", help="The backup file to write.")],
    what: Annotated[
        What,
        typer.Option(
            "--what",
            help="register: the register database with its audit log; keystore: the data keys "
            "(keep those backups apart, on a short retention).",
        ),
    ] = What.REGISTER,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace FILE if it exists.")
    ] = False,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
    audit_head: AuditHeadOption = None,
    pg_bin: PgBinOption = None,
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """Back up the register database (audit log included, keyring never) or the key store."""
    from mamori.backup import backup as take_backup

    settings = settings_for(home, database, keystore, audit_head=audit_head)
    url = _url(settings, what)
    manifest = take_backup(
        url,
        destination,
        content=what.value,
        head_path=settings.effective_audit_head_path() if what is What.REGISTER else None,
        pg_bin=pg_bin,
        overwrite=overwrite,
    )
    if output is OutputFormat.JSON:
        echo_json(manifest.to_dict())
        return
    audit = (
        f", audit log to event {manifest.audit_last_seq}"
        if manifest.audit_last_seq is not None
        else ""
    )
    typer.echo(
        f"{what.value} backup written to {destination} ({manifest.database_kind}, migration "
        f"{manifest.revision}, {manifest.payload_bytes} bytes{audit})"
    )
    if what is What.REGISTER:
        typer.echo(
            "the keyring and the key store are not in it: back them up apart (docs/backup.md)",
            err=True,
        )


def restore(
    source: Annotated[Path, typer.Argument(metavar="FILE", help="A file made by mamori backup.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace what the target database holds.")
    ] = False,
    adopt_head: Annotated[
        bool,
        typer.Option(
            "--adopt-head",
            help="Make the audit head file follow the restored log (after an older backup).",
        ),
    ] = False,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
    keyring: KeyringOption = None,
    audit_head: AuditHeadOption = None,
    pg_bin: PgBinOption = None,
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """Restore a backup into the database it belongs to (the register, or the key store), then
    verify the restored audit log. Exit status 1 when the log does not verify."""
    from mamori.backup import read_manifest
    from mamori.backup import restore as put_back

    settings = settings_for(home, database, keystore, keyring=keyring, audit_head=audit_head)
    manifest = read_manifest(source)
    what = What(manifest.content)
    report = put_back(
        source,
        _url(settings, what),
        force=force,
        head_path=settings.effective_audit_head_path() if what is What.REGISTER else None,
        verifiers=_verifiers(settings),
        adopt_head=adopt_head,
        pg_bin=pg_bin,
    )
    if output is OutputFormat.JSON:
        echo_json(report.to_dict())
    else:
        typer.echo(
            f"{what.value} restored from {source} (taken {manifest.created_at.isoformat()}, "
            f"migration {manifest.revision})"
        )
        if report.audit is not None:
            verdict = "verifies" if report.audit.ok else f"FAILS: {report.audit.first_problem}"
            typer.echo(
                f"audit log: {report.audit.events_checked} events, {verdict}"
                + ("" if report.audit.signatures_checked else " (signatures not checked)")
            )
        if report.head_note:
            typer.echo(report.head_note)
        if report.head_adopted:
            typer.echo("the audit head file now follows the restored log")
        if what is What.REGISTER:
            typer.echo(
                "run `mamori init` to apply newer migrations; subjects erased after this "
                "backup stay unreadable as long as the key store is not restored with it",
                err=True,
            )
    if not report.ok:
        raise typer.Exit(1)


def _url(settings: Settings, what: What) -> str:
    if what is What.KEYSTORE:
        return settings.effective_keystore_url()
    return settings.effective_database_url()


def _verifiers(settings: Settings) -> list[Verifier]:
    from mamori.crypto import Keyring
    from mamori.errors import ConfigError

    try:
        return [Keyring.from_settings(settings).checkpoint_signer().verifier()]
    except ConfigError:
        return []  # without the keyring the chain is still checked, signatures are not
