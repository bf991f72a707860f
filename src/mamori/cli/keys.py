"""`mamori keys ...`: create, rotate and inspect the keyring. Never prints key material."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from mamori.errors import ConfigError, ValidationError

if TYPE_CHECKING:
    from mamori.crypto import KeyringStatus

__all__ = ["app"]

app = typer.Typer(
    help="Keyring: create keys, rotate them, show their status (never the keys).",
    no_args_is_help=True,
)

PathOption = Annotated[
    Path | None,
    typer.Option(
        "--path",
        help="Keyring file. Default: MAMORI_KEYRING_PATH, else <MAMORI_HOME>/keyring.json.",
        show_default=False,
    ),
]


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def _default_path() -> Path:
    from mamori.config import Settings

    return Settings().effective_keyring_path()


@app.command("init")
def init(
    path: PathOption = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Overwrite an existing keyring: whatever it protects becomes unreadable.",
        ),
    ] = False,
) -> None:
    """Create a keyring file (mode 0600) with a KEK, a blind-index key and a checkpoint key."""
    from mamori.crypto import Keyring

    target = path or _default_path()
    keyring = Keyring.create(target, force=force)
    console = Console()
    console.print(f"created {keyring.source} (mode 0600)", highlight=False)
    _print_table(console, keyring.status())
    console.print(
        "Back this file up apart from the database: without it no stored value can be read.",
        highlight=False,
    )


@app.command("rotate")
def rotate(
    kek: Annotated[
        bool, typer.Option("--kek", help="Add a new active key-encryption key.")
    ] = False,
    index: Annotated[
        bool, typer.Option("--index", help="Add a new active blind-index key.")
    ] = False,
    path: PathOption = None,
) -> None:
    """Add new active key versions; old versions stay so existing data remains readable."""
    from mamori.config import Settings
    from mamori.crypto import Keyring

    if not (kek or index):
        raise ValidationError("say what to rotate: --kek, --index, or both")
    if path is None and Settings().keyring:
        raise ConfigError(
            "the keyring comes from MAMORI_KEYRING, which this command cannot change; save its "
            "JSON to a file (chmod 600), run `mamori keys rotate --path FILE`, then set "
            "MAMORI_KEYRING to the file's new content"
        )
    keyring = Keyring.load(path or _default_path())
    console = Console()
    if kek:
        info = keyring.rotate_kek()
        console.print(
            f"new active KEK {info.id} (version {info.version}): new data keys are wrapped "
            "under it; data keys already stored stay under their old KEK until the register "
            "re-wraps them. Never delete old KEKs from the file.",
            highlight=False,
        )
    if index:
        info = keyring.rotate_index_key()
        console.print(
            f"new active blind-index key {info.id} (version {info.version}): new values are "
            "indexed with it; lookups also try older versions.",
            highlight=False,
        )


@app.command("status")
def status(
    path: PathOption = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="text (a table) or json.")
    ] = OutputFormat.text,
) -> None:
    """Show each key's id, version, creation time and whether it is active."""
    from mamori.crypto import Keyring

    keyring = Keyring.load(path) if path is not None else Keyring.from_settings()
    report = keyring.status()
    if output is OutputFormat.json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
        return
    console = Console()
    console.print(report.source, highlight=False)
    _print_table(console, report)


def _print_table(console: Console, report: KeyringStatus) -> None:
    from rich.table import Table

    table = Table("kind", "id", "version", "created (UTC)", "active")
    for key in report.keys:
        table.add_row(
            key.kind,
            key.id,
            str(key.version),
            key.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            "yes" if key.active else "",
        )
    console.print(table)
