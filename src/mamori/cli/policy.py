"""`mamori policy ...`: check, render, diff and schema of policy files."""

from __future__ import annotations

import typer

__all__ = ["app"]

app = typer.Typer(
    help="Policy files: validate, lint, render the notice, diff versions.", no_args_is_help=True
)
