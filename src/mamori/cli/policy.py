"""`mamori policy ...`: check, render, diff and schema of policy files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(
    help="Policy files: validate, lint, render the notice, diff versions.", no_args_is_help=True
)

FileArgument = Annotated[Path, typer.Argument(help="The policy file (YAML).", show_default=False)]


@app.command("validate")
def validate(
    file: FileArgument,
    output_format: Annotated[
        str, typer.Option("--format", help="text, or json for tools.", show_default=True)
    ] = "text",
) -> None:
    """Check that FILE is a valid policy: print every problem (exit 1), or ok and its hash."""
    from mamori.errors import PolicyError
    from mamori.policy import load_policy
    from mamori.policy._problems import problems_of

    try:
        policy = load_policy(file)
    except PolicyError as error:
        problems = problems_of(error)
        if output_format == "json":
            typer.echo(json.dumps({"ok": False, "problems": [p.to_dict() for p in problems]}))
        else:
            for problem in problems:
                typer.echo(str(problem))
            count = len(problems)
            typer.echo(f"{file}: {count} problem{'s' if count != 1 else ''}", err=True)
        raise typer.Exit(1) from None
    if output_format == "json":
        typer.echo(json.dumps({"ok": True, "content_hash": policy.content_hash}))
    else:
        typer.echo(f"{file}: ok (sha256 {policy.content_hash})")


@app.command("schema")
def schema(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write it to this file.")
    ] = None,
) -> None:
    """Print the JSON Schema of the policy file format, for editors (see docs/policy.md)."""
    from mamori.policy.schema import policy_json_schema_text

    text = policy_json_schema_text()
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {output}", err=True)
