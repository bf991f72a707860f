"""Options several command groups share, and the helpers that read and print their values."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Protocol, TypeVar

import typer

__all__ = [
    "ActorOption",
    "AuditHeadOption",
    "DatabaseOption",
    "FormatOption",
    "HomeOption",
    "KeyringOption",
    "KeystoreOption",
    "OutputFormat",
    "PolicyFileOption",
    "PolicyOption",
    "RoleOption",
    "echo_json",
    "echo_listing",
    "utc",
]


class _Listed(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


T = TypeVar("T", bound=_Listed)


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        help="Register database URL; default: MAMORI_DATABASE_URL, else var/mamori.sqlite.",
        show_default=False,
    ),
]

KeystoreOption = Annotated[
    str | None,
    typer.Option(
        "--keystore",
        help="Key store URL (the data keys). Default: MAMORI_KEYSTORE_URL, else "
        "sqlite:///<home>/keys.sqlite.",
        show_default=False,
    ),
]

HomeOption = Annotated[
    Path | None,
    typer.Option(
        "--home", help="Working directory. Default: MAMORI_HOME, else ./var.", show_default=False
    ),
]

PolicyOption = Annotated[
    Path | None,
    typer.Option(
        "--policy",
        help="The policy file the register enforces. Default: MAMORI_POLICY.",
        show_default=False,
    ),
]
"""--policy for the groups that take --home: MAMORI_POLICY when not given."""

PolicyFileOption = Annotated[
    Path, typer.Option("--policy", help="The policy file the register enforces.")
]
"""--policy, required: for the groups without --home (release, records)."""

KeyringOption = Annotated[
    Path | None,
    typer.Option(
        "--keyring",
        help="Keyring file; default: MAMORI_KEYRING, MAMORI_KEYRING_PATH, var/keyring.json.",
        show_default=False,
    ),
]

AuditHeadOption = Annotated[
    Path | None,
    typer.Option(
        "--audit-head",
        help="The audit head file; default: audit-head.json beside the keyring.",
        show_default=False,
    ),
]

ActorOption = Annotated[str, typer.Option("--actor", help="Your staff id (never a name).")]

RoleOption = Annotated[
    list[str], typer.Option("--role", help="A role you hold (repeat for several).")
]

FormatOption = Annotated[OutputFormat, typer.Option("--format", help="text or json.")]


def utc(moment: datetime | None) -> datetime | None:
    """A date or time given without a zone, taken as UTC (as the options' help says)."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def echo_listing(
    found: Sequence[T],
    output: OutputFormat,
    *,
    empty: str,
    line: Callable[[T], str],
) -> None:
    """A listing as JSON (each item's `to_dict()`), or a line an item, or `empty` when none."""
    if output is OutputFormat.JSON:
        echo_json([item.to_dict() for item in found])
        return
    if not found:
        typer.echo(empty)
    for item in found:
        typer.echo(line(item))
