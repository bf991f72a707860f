"""`mamori policy activate | history`: policy versions kept in the register's database
(docs/versions.md). Registered on the `policy` group."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from mamori.cli._options import (
    DatabaseOption,
    HomeOption,
    KeystoreOption,
    OutputFormat,
    echo_json,
    echo_listing,
)
from mamori.cli._register import register_connection, register_session, settings_for, staff_actor
from mamori.cli.policy import _CLASS_ORDER, _CLASS_TITLE, FileArgument, _load_or_exit, app

if TYPE_CHECKING:
    from mamori.versions import Activation, PolicyVersion

__all__ = ["activate_command", "history_command"]


@app.command("activate")
def activate_command(
    file: FileArgument,
    actor_id: Annotated[
        str | None,
        typer.Option(
            "--actor",
            help="Your staff id (never a name), with --role; without it, the system activates.",
            show_default=False,
        ),
    ] = None,
    roles: Annotated[
        list[str] | None,
        typer.Option("--role", help="A role you hold that has policy.manage (repeatable)."),
    ] = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text for people, json for machines.")
    ] = OutputFormat.TEXT,
) -> None:
    """Make FILE the register's active policy version (docs/versions.md).

    The change from the active version is classified as by `policy diff`: consents a
    consent-required change touches must be given again, and the people who had given them are
    asked again; the people a notify change concerns are told. Restart the services that open
    the register with FILE afterwards: a register enforces the policy it was opened with.
    """
    from mamori.register import Actor
    from mamori.versions import activate

    policy, _ = _load_or_exit(file, output, "activate")
    actor = staff_actor(actor_id, roles) if actor_id else Actor.system()
    with register_session(settings_for(home, database, keystore), policy) as session:
        done = activate(session, actor, policy)
    if output is OutputFormat.JSON:
        echo_json(done.to_dict())
    else:
        _print_activation(done)


@app.command("history")
def history_command(
    home: HomeOption = None,
    database: DatabaseOption = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text for people, json for machines.")
    ] = OutputFormat.TEXT,
) -> None:
    """The policy versions activated in the register, oldest first, with what each changed."""
    from mamori.versions import history

    with register_connection(settings_for(home, database)) as connection:
        versions = history(connection)
    echo_listing(
        versions,
        output,
        empty="no policy version activated yet: run `mamori policy activate FILE`",
        line=_version_lines,
    )


def _counts(summary: dict[str, Any]) -> str:
    counts = summary["counts"]
    return ", ".join(f"{counts[name]} {_CLASS_TITLE[name]}" for name in _CLASS_ORDER)


def _listed(affected: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {', '.join(keys)}" for name, keys in affected.items())


def _print_activation(done: Activation) -> None:
    version = done.version
    name = f"{version.policy_name} {version.version}"
    if not done.created:
        typer.echo(f"{name} is already the active version (#{version.seq}): nothing changed")
        return
    if done.diff is None:
        typer.echo(
            f"{name} activated as the first version (#{version.seq}, effective "
            f"{version.effective_date}): nothing to compare with, nobody to tell"
        )
        return
    summary = version.summary
    typer.echo(
        f"{done.diff.old_version} -> {name} activated (#{version.seq}, effective "
        f"{version.effective_date}): {summary['classification']} ({_counts(summary)})"
    )
    if done.renewals:
        typer.echo(
            f"consent needed again for {', '.join(done.renewals)}: "
            f"{done.asked_again} people asked again (consent_required announcements)"
        )
    typer.echo(f"{done.notified} people to tell (notify announcements)")
    if done.unasked:
        typer.echo(
            f"warning: a consent-required change touches {', '.join(done.unasked)}, which the "
            "register does not gate by consent: ask for consent outside Mamori, or base them "
            "on consent",
            err=True,
        )
    typer.echo(
        "restart the services with the new file: a register enforces the policy it was opened with"
    )


def _version_lines(version: PolicyVersion) -> str:
    summary = version.summary
    what = (
        "first version"
        if summary["classification"] is None
        else f"{summary['classification']} ({_counts(summary)})"
    )
    lines = [
        f"#{version.seq}  {version.version}  effective {version.effective_date}  activated "
        f"{version.activated_at.isoformat(timespec='seconds')} by {version.actor_kind} "
        f"{version.actor_id}: {what}"
    ]
    if summary["consent_affected"]:
        lines.append(f"    ask for consent again: {_listed(summary['consent_affected'])}")
    if summary["affected"]:
        lines.append(f"    notify about: {_listed(summary['affected'])}")
    return "\n".join(lines)
