"""Shared fixtures: the Adult benchmark data beside the repository (skipped when absent), and a
register holding members for the releases read from it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from mamori.policy import Policy, load_policy
from mamori.register import Register
from tests.anonymize.register_members import RELEASES_POLICY, open_register

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


# -- a register holding members, for releases read from the register ------------------------


@pytest.fixture(scope="session")
def release_policy() -> Policy:
    return load_policy(RELEASES_POLICY)


@pytest.fixture
def release_register(engine: Engine, tmp_path: Path, release_policy: Policy) -> Iterator[Register]:
    """An empty register on each test database, enforcing tests/anonymize/fixtures/releases.yaml."""
    opened = open_register(engine, release_policy, tmp_path)
    yield opened
    opened.close()
