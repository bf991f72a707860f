"""Options several command groups share."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

__all__ = ["DatabaseOption", "OutputFormat"]


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
