"""`mamori keys ...`: create, rotate and inspect the keyring, and re-wrap the data keys of the
key store after a rotation. Never prints key material."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from mamori.cli._options import OutputFormat
from mamori.errors import ConfigError, ValidationError

if TYPE_CHECKING:
    from mamori.crypto import Keyring, KeyringStatus

__all__ = ["app"]

app = typer.Typer(
    help="Keyring: create keys, rotate them (re-wrapping stored data keys), show their status.",
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


KeystoreOption = Annotated[
    str | None,
    typer.Option(
        "--keystore",
        help="Key store URL (the wrapped data keys). Default: MAMORI_KEYSTORE_URL, else "
        "sqlite:///<MAMORI_HOME>/keys.sqlite.",
        show_default=False,
    ),
]
BatchOption = Annotated[int, typer.Option(min=1, help="Data keys re-wrapped per transaction.")]


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
    keystore: KeystoreOption = None,
    rewrap: Annotated[
        bool,
        typer.Option(
            help="After --kek, re-wrap the stored data keys under the new KEK at once.",
        ),
    ] = True,
    batch: BatchOption = 1000,
) -> None:
    """Add new active key versions; old versions stay so existing data remains readable.

    A new KEK is followed by the re-wrap of every data key in the key store.
    """
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
            "under it; stored data keys stay readable under their old KEK until re-wrapped. "
            "Never delete old KEKs from the file.",
            highlight=False,
        )
        if rewrap:
            _rewrap_all(console, keyring, keystore, batch)
        else:
            console.print("run `mamori keys rewrap` to re-wrap the stored data keys.")
    if index:
        info = keyring.rotate_index_key()
        console.print(
            f"new active blind-index key {info.id} (version {info.version}): new values are "
            "indexed with it; lookups also try older versions.",
            highlight=False,
        )


@app.command("rewrap")
def rewrap(
    path: PathOption = None,
    keystore: KeystoreOption = None,
    batch: BatchOption = 1000,
) -> None:
    """Re-wrap the stored data keys not yet under the active KEK.

    Finishes an interrupted rotation. Values are not re-encrypted; the register keeps serving.
    """
    from mamori.crypto import Keyring

    keyring = Keyring.load(path) if path is not None else Keyring.from_settings()
    _rewrap_all(Console(), keyring, keystore, batch)


@app.command("status")
def status(
    path: PathOption = None,
    keystore: KeystoreOption = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="text (a table) or json.")
    ] = OutputFormat.TEXT,
) -> None:
    """Show each key's id, version, creation time and whether it is active.

    Also how many data keys of the key store still wait for re-wrap under the active KEK.
    """
    from mamori._home import find_keystore, shown_url
    from mamori.crypto import Keyring

    keyring = Keyring.load(path) if path is not None else Keyring.from_settings()
    report = keyring.status()
    url = _keystore_url(keystore)
    store = find_keystore(url)
    pending = None
    if store is not None:
        try:
            pending = store.pending_rewrap(keyring.active_kek_id)
        finally:
            store.engine.dispose()
    if output is OutputFormat.JSON:
        data = report.to_dict()
        data["keystore"] = (
            None if pending is None else {"url": shown_url(url), "pending_rewrap": pending}
        )
        typer.echo(json.dumps(data, indent=2))
        return
    console = Console()
    console.print(report.source, highlight=False)
    _print_table(console, report)
    if pending is None:
        console.print(
            f"no key store at {shown_url(url)} (yet): no data key to re-wrap", highlight=False
        )
    else:
        console.print(
            f"key store {shown_url(url)}: {pending} data key(s) wait for re-wrap under "
            f"{keyring.active_kek_id}" + (" (run `mamori keys rewrap`)" if pending else ""),
            highlight=False,
        )


def _keystore_url(keystore: str | None) -> str:
    from mamori.config import Settings

    return keystore or Settings().effective_keystore_url()


def _rewrap_all(console: Console, keyring: Keyring, keystore: str | None, batch: int) -> None:
    """Re-wrap every data key not under the active KEK, batch by batch, with a progress bar."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from mamori._home import find_keystore, shown_url
    from mamori.crypto import LocalKeyWrapper

    url = _keystore_url(keystore)
    store = find_keystore(url)
    if store is None:
        console.print(
            f"no key store at {shown_url(url)} (yet): no data key to re-wrap", highlight=False
        )
        return
    wrapper = LocalKeyWrapper(keyring)
    try:
        total = store.pending_rewrap(wrapper.active_key_id)
        done = 0
        with Progress(
            TextColumn("re-wrapping data keys"),
            BarColumn(),
            MofNCompleteColumn(),
            console=Console(stderr=True),
        ) as progress:
            task = progress.add_task("rewrap", total=total)
            while moved := store.rewrap(wrapper, batch=batch):
                done += moved
                # Keys a server wrapped under the old KEK meanwhile join the count.
                progress.update(task, completed=done, total=max(total, done))
        left = store.pending_rewrap(wrapper.active_key_id)
    finally:
        store.engine.dispose()
    console.print(
        f"re-wrapped {done} data key(s) in {shown_url(url)} under {wrapper.active_key_id}; "
        f"{left} left",
        highlight=False,
    )


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
