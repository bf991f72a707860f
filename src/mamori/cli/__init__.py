"""The `mamori` command: each domain has a module of thin commands; this one assembles them."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.markup import escape

from mamori.errors import MamoriError

__all__ = ["app", "main"]

app = typer.Typer(
    name="mamori",
    help="Mamori: a personal-data register that keeps the promises of a privacy policy.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _register_commands() -> None:
    # Imported here so that each command module can import `app` helpers without a cycle.
    from mamori.cli import accesslog as accesslog_commands
    from mamori.cli import anonymize as anonymize_commands
    from mamori.cli import audit as audit_commands
    from mamori.cli import backup as backup_commands
    from mamori.cli import consent as consent_commands
    from mamori.cli import demo as demo_commands
    from mamori.cli import doctor as doctor_command
    from mamori.cli import incidents as incidents_commands
    from mamori.cli import init as init_command
    from mamori.cli import keys as keys_commands
    from mamori.cli import notify as notify_commands
    from mamori.cli import policy as policy_commands
    from mamori.cli import policy_versions  # noqa: F401  (adds activate and history to policy)
    from mamori.cli import provision as provision_commands
    from mamori.cli import records as records_commands
    from mamori.cli import release as release_commands
    from mamori.cli import requests as requests_commands
    from mamori.cli import retention as retention_commands
    from mamori.cli import serve as serve_command
    from mamori.cli import staff as staff_commands

    app.command("init")(init_command.init)
    app.add_typer(policy_commands.app, name="policy")
    app.add_typer(keys_commands.app, name="keys")
    app.add_typer(audit_commands.app, name="audit")
    app.add_typer(demo_commands.app, name="demo")
    app.command("anonymize")(anonymize_commands.anonymize)
    app.add_typer(release_commands.app, name="release")
    app.add_typer(records_commands.app, name="records")
    app.add_typer(requests_commands.app, name="requests")
    app.add_typer(consent_commands.app, name="consent")
    app.add_typer(provision_commands.app, name="provision")
    app.add_typer(staff_commands.app, name="staff")
    app.command("serve")(serve_command.serve)
    app.add_typer(retention_commands.app, name="retention")
    app.add_typer(accesslog_commands.app, name="accesslog")
    app.command("backup")(backup_commands.backup)
    app.command("restore")(backup_commands.restore)
    app.command("doctor")(doctor_command.doctor)
    app.add_typer(incidents_commands.app, name="incidents")
    app.add_typer(notify_commands.app, name="notify")


_register_commands()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; a MamoriError becomes a clean message and exit status 2."""
    try:
        # Outside standalone mode click returns a command's exit code instead of exiting.
        status = app(args=argv, standalone_mode=False)
        if isinstance(status, int):
            return status
    except MamoriError as error:
        # Messages quote the user's files ("write it as [a, b]"): never read them as markup.
        # soft_wrap: a path or a file:line in the message must stay whole, to copy or click.
        Console(stderr=True, soft_wrap=True).print(
            f"[bold red]error:[/] {escape(error.message)}", highlight=False
        )
        return 2
    except typer.Exit as done:
        return int(done.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        Console(stderr=True).print("aborted")
        return 130
    except Exception as usage:  # click.UsageError and friends carry their own exit code
        exit_code = getattr(usage, "exit_code", None)
        if isinstance(exit_code, int) and hasattr(usage, "show"):
            usage.show()
            return exit_code
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
