"""Shared fixtures: the Adult benchmark data beside the repository (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ADULT_COLUMNS = [
    "sex",
    "age",
    "race",
    "marital-status",
    "education",
    "native-country",
    "workclass",
    "occupation",
    "salary-class",
]


def find_adult() -> Path | None:
    # CI clones the repository with shared/ beside it; a worktree may sit one level deeper.
    for base in (REPO / "..", REPO / ".." / ".."):
        candidate = (base / "shared" / "data" / "adult").resolve()
        if (candidate / "adult.csv").is_file():
            return candidate
    return None


@pytest.fixture(scope="session")
def adult_columns() -> list[str]:
    return list(ADULT_COLUMNS)


@pytest.fixture(scope="session")
def adult_dir() -> Path:
    found = find_adult()
    if found is None:
        pytest.skip(
            "../shared/data/adult is absent: the Adult benchmark data is not beside the repo"
        )
    return found
