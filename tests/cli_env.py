"""Command-line tests run in a folder of their own with no MAMORI_ setting from the environment
around them (the PostgreSQL test server aside)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def clear_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("MAMORI_") and name != "MAMORI_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)


def isolate(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    clear_settings(monkeypatch)
    monkeypatch.chdir(folder)  # settings also read ./.env
    # Rich wraps at 80 columns when not on a terminal: keep messages on one line to match them.
    monkeypatch.setenv("COLUMNS", "400")
