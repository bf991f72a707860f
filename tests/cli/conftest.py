"""CLI tests run in an empty folder with no MAMORI_ setting from the environment around them."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.cli_env import isolate


@pytest.fixture(autouse=True)
def _clean_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch, tmp_path)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"
