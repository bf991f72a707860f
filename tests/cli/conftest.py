"""CLI tests run in an empty folder with no MAMORI_ setting from the environment around them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _clean_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("MAMORI_") and name != "MAMORI_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # settings also read ./.env
    # Rich wraps at 80 columns when not on a terminal: keep messages on one line to match them.
    monkeypatch.setenv("COLUMNS", "400")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"
