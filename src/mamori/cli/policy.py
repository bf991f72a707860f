"""`mamori policy ...`: check, render, diff and schema of policy files."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(
    help="Policy files: validate, lint, render the notice, diff versions.", no_args_is_help=True
)


class NoticeLanguage(StrEnum):
    # Spelled out so that `mamori --help` need not import the policy model; render checks them.
    ja = "ja"
    en = "en"
    fr = "fr"


class NoticeFormat(StrEnum):
    html = "html"
    md = "md"


@app.command("render")
def render(
    file: Annotated[Path, typer.Argument(help="The policy file (YAML).", show_default=False)],
    lang: Annotated[
        NoticeLanguage | None,
        typer.Option(
            "--lang",
            "-l",
            help="Language of the notice. Default: the policy's default_locale.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        NoticeFormat,
        typer.Option(
            "--format",
            "-f",
            help="html (a standalone page) or md (Markdown).",
        ),
    ] = NoticeFormat.html,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write here (atomically) instead of standard output.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Render the privacy notice of a policy file."""
    from mamori.policy import load_policy
    from mamori.policy.notice import render_notice

    policy = load_policy(file)
    page = render_notice(
        policy,
        locale=lang.value if lang is not None else policy.default_locale,
        format="md" if format is NoticeFormat.md else "html",
    )
    if output is None:
        sys.stdout.write(page)
        sys.stdout.flush()
    else:
        _write_atomically(output, page)


def _write_atomically(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, so readers never see half a file."""
    import os
    import tempfile

    from mamori.errors import ValidationError

    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise ValidationError(
            f"cannot write {path} ({error.strerror}); check that its folder exists and is writable",
            field="output",
        ) from None
