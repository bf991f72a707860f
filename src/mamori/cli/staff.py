"""`mamori staff ...`: staff accounts and their API keys.

    mamori staff add st-1 --role support [--role auditor] [--community C] [--password-file F]
    mamori staff list | roles st-1 --role privacy_officer | disable st-1 | enable st-1
    mamori staff password st-1 [--password-file F]
    mamori staff key create st-1 --label ci | key list [st-1] | key revoke KEY_ID

The command line acts as the system (whoever runs it holds the database and the keyring): its
changes are audited under the system actor `cli`. A password is read from --password-file or
typed at a hidden prompt, never given as an argument (it would stay in the shell's history).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mamori.cli._options import (
    DatabaseOption,
    FormatOption,
    HomeOption,
    KeystoreOption,
    OutputFormat,
    PolicyOption,
    echo_listing,
)
from mamori.cli._register import opened_register, register_connection, settings_for
from mamori.errors import ValidationError

if TYPE_CHECKING:
    from mamori.accounts import ApiKey, StaffAccount
    from mamori.register import Actor

__all__ = ["app"]

app = typer.Typer(
    help="Staff accounts (roles from the policy) and their API keys.", no_args_is_help=True
)
key_app = typer.Typer(help="API keys: create (shown once), list, revoke.", no_args_is_help=True)
app.add_typer(key_app, name="key")

StaffArg = Annotated[str, typer.Argument(metavar="ID", help="The staff account's opaque id.")]
RolesOption = Annotated[
    list[str], typer.Option("--role", help="A policy role of the account (repeat for several).")
]
PasswordFileOption = Annotated[
    Path | None,
    typer.Option(
        "--password-file",
        help="Read the password from this file's first line; default: a hidden prompt.",
        show_default=False,
    ),
]


def _cli_actor() -> Actor:
    from mamori.register import Actor

    return Actor.system("cli")


def _password(path: Path | None) -> str:
    if path is None:
        typed: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        return typed
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError(
            f"cannot read {path} ({type(error).__name__}); give a readable text file",
            field="--password-file",
        ) from None
    if not lines or not lines[0]:
        raise ValidationError(
            f"{path} is empty: put the password on its first line", field="--password-file"
        )
    return lines[0]


def _line(account: StaffAccount) -> str:
    where = f" in {account.community}" if account.community else ""
    state = "  DISABLED" if account.disabled else ""
    password = "" if account.has_password else "  (no password)"
    return f"{account.id}  {', '.join(sorted(account.roles))}{where}{password}{state}"


def _key_line(key: ApiKey) -> str:
    used = key.last_used_at.isoformat(timespec="minutes") if key.last_used_at else "never"
    revoked = f"  REVOKED {key.revoked_at:%Y-%m-%d}" if key.revoked_at else ""
    return f"{key.id}  {key.staff_id}  {key.label}  last used {used}{revoked}"


@app.command("add")
def add(
    staff_id: StaffArg,
    roles: RolesOption,
    community: Annotated[
        str | None,
        typer.Option("--community", help="For a community admin: the community's key."),
    ] = None,
    password_file: PasswordFileOption = None,
    no_password: Annotated[
        bool, typer.Option("--no-password", help="An account for API keys only.")
    ] = False,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Create a staff account with roles of the policy (password: 12 characters or more)."""
    from mamori.accounts import create_staff

    password = None if no_password else _password(password_file)
    settings = settings_for(home, database, keystore)
    with opened_register(settings, policy) as register, register.session() as session:
        account = create_staff(
            session,
            _cli_actor(),
            staff_id=staff_id,
            roles=roles,
            community=community,
            password=password,
            now=datetime.now(UTC),
            passwords=register.passwords,
        )
    typer.echo(_line(account))


@app.command("list")
def list_(
    output: FormatOption = OutputFormat.TEXT,
    home: HomeOption = None,
    database: DatabaseOption = None,
) -> None:
    """Every staff account, disabled ones included."""
    from mamori.accounts import list_staff

    with register_connection(settings_for(home, database)) as connection:
        found = list_staff(connection)
    echo_listing(found, output, empty="no staff account", line=_line)


@app.command("roles")
def roles_(
    staff_id: StaffArg,
    roles: RolesOption,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Replace the account's roles."""
    from mamori.accounts import set_staff_roles

    settings = settings_for(home, database, keystore)
    with opened_register(settings, policy) as register, register.session() as session:
        account = set_staff_roles(session, _cli_actor(), staff_id, roles, now=datetime.now(UTC))
    typer.echo(_line(account))


@app.command("disable")
def disable(
    staff_id: StaffArg,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Disable the account: no sign-in, its API keys revoked, its sessions closed."""
    from mamori.accounts import disable_staff

    settings = settings_for(home, database, keystore)
    with opened_register(settings, policy) as register, register.session() as session:
        disable_staff(session, _cli_actor(), staff_id, now=datetime.now(UTC))
    typer.echo(f"{staff_id} disabled; its API keys are revoked and its sessions closed")


@app.command("enable")
def enable(
    staff_id: StaffArg,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Let a disabled account sign in again; its old API keys stay revoked."""
    from mamori.accounts import enable_staff

    settings = settings_for(home, database, keystore)
    with opened_register(settings, policy) as register, register.session() as session:
        account = enable_staff(session, _cli_actor(), staff_id, now=datetime.now(UTC))
    typer.echo(_line(account))


@app.command("password")
def password_(
    staff_id: StaffArg,
    password_file: PasswordFileOption = None,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Set the account's password (its open sessions are closed)."""
    from mamori.accounts import set_staff_password

    password = _password(password_file)
    settings = settings_for(home, database, keystore)
    with opened_register(settings, policy) as register, register.session() as session:
        set_staff_password(
            session,
            _cli_actor(),
            staff_id,
            password,
            now=datetime.now(UTC),
            passwords=register.passwords,
        )
    typer.echo(f"password of {staff_id} set; its sessions are closed")


@key_app.command("create")
def key_create(
    staff_id: StaffArg,
    label: Annotated[str, typer.Option("--label", help="What the key is for (ci, reporting).")],
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Create an API key and print its secret, this once: Mamori keeps only a digest of it."""
    from mamori.accounts import create_api_key

    settings = settings_for(home, database, keystore)
    with opened_register(settings, policy) as register, register.session() as session:
        key, secret = create_api_key(
            session, _cli_actor(), staff_id, label=label, now=datetime.now(UTC)
        )
    typer.echo(
        f"key {key.id} for {key.staff_id}; copy the secret now, it is not shown again:", err=True
    )
    typer.echo(secret)


@key_app.command("list")
def key_list(
    staff_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Only this account's keys.")
    ] = None,
    output: FormatOption = OutputFormat.TEXT,
    home: HomeOption = None,
    database: DatabaseOption = None,
) -> None:
    """The API keys (never their secrets), revoked ones included."""
    from mamori.accounts import list_api_keys

    with register_connection(settings_for(home, database)) as connection:
        found = list_api_keys(connection, staff_id)
    echo_listing(found, output, empty="no API key", line=_key_line)


@key_app.command("revoke")
def key_revoke(
    key_id: Annotated[str, typer.Argument(metavar="KEY_ID", help="The key's id.")],
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Revoke an API key at once."""
    from mamori.accounts import revoke_api_key

    settings = settings_for(home, database, keystore)
    with opened_register(settings, policy) as register, register.session() as session:
        revoke_api_key(session, _cli_actor(), key_id, now=datetime.now(UTC))
    typer.echo(f"key {key_id} revoked")
