"""Options several command groups share."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["DatabaseOption", "HomeOption", "KeystoreOption", "OutputFormat"]


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
