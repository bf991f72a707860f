"""`mamori init`: make (or bring up to date) a working directory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from mamori.cli._options import HomeOption, KeystoreOption
from mamori.cli._register import settings_for

if TYPE_CHECKING:
    from mamori._home import HomeReport, Migrated

__all__ = ["init"]


def init(
    home: HomeOption = None,
    database: Annotated[
        str | None,
        typer.Option(
            help="Register database URL. Default: MAMORI_DATABASE_URL, else SQLite in the home.",
            show_default=False,
        ),
    ] = None,
    keystore: KeystoreOption = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace an existing keyring file; refused while stored data depends on it.",
        ),
    ] = False,
) -> None:
    """Make or upgrade a working directory: keyring, database, key store, audit head.

    Run it again after upgrading Mamori: it keeps the keys and applies new migrations.
    """
    from mamori._home import init_home

    report = init_home(settings_for(home, database, keystore), force=force)
    _print(Console(highlight=False, soft_wrap=True), report, settings_home=home)


def _print(console: Console, report: HomeReport, *, settings_home: Path | None) -> None:
    keyring = {
        "created": "created (mode 0600)",
        "kept": "kept (already there)",
        "replaced": "replaced by a new one (--force)",
        "environment": "from MAMORI_KEYRING",
    }[report.keyring]
    head = {
        "created": "created",
        "kept": "kept",
        "missing": "[bold red]missing[/] although the log holds events",
    }[report.audit_head]
    rows = {
        "home": str(report.home),
        "keyring": f"{report.keyring_source}: {keyring}",
        "database": f"{report.database.url}: {_migration(report.database)}",
        "key store": f"{report.keystore.url}: {_migration(report.keystore)}",
        "audit head": f"{report.audit_head_path}: {head}",
    }
    upgraded = report.database.upgraded or report.keystore.upgraded
    if not report.was_initialised:
        console.print("Initialised a Mamori working directory:")
    elif upgraded:
        console.print("Already initialised; upgraded the schema:")
    else:
        console.print("Already initialised and up to date; nothing changed:")
    for name, text in rows.items():
        console.print(f"  {name:<11} {text}")
    if report.audit_head == "missing":
        console.print(
            "The audit head file is gone: run `mamori audit verify` and restore the head from "
            "its backup; init does not make a new one, which would hide a cut-off log."
        )
    home_hint = f"export MAMORI_HOME={settings_home}\n  " if settings_home is not None else ""
    console.print(
        "Next steps:\n"
        f"  {home_hint}"
        "export MAMORI_POLICY=path/to/policy.yaml\n"
        "  mamori demo load --policy examples/aozora/policy.yaml --subjects 1000\n"
        "  mamori audit verify\n"
        "Back up the keyring, the key store and the audit head apart from the database: "
        "without the keyring nothing stored can be read."
    )


def _migration(step: Migrated) -> str:
    if step.created:
        return f"created, at revision {step.after}"
    if step.upgraded:
        return f"upgraded from {step.before} to {step.after}"
    return f"at revision {step.after} (current)"
