"""A register on each test database, with the small community policy and a fresh keyring."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mamori.crypto import Keyring, PasswordHasher
from mamori.policy import Policy, load_policy
from mamori.register import Register

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def community_policy() -> Policy:
    return load_policy(FIXTURES / "community.yaml")


@pytest.fixture
def keystore_url(tmp_path: Path) -> str:
    """The key store is a database of its own; SQLite beside the register's in every run."""
    return f"sqlite:///{tmp_path / 'keys.sqlite'}"


@pytest.fixture
def keyring(tmp_path: Path) -> Keyring:
    return Keyring.create(tmp_path / "keyring.json")


@pytest.fixture
def register(
    database_url: str,
    keystore_url: str,
    community_policy: Policy,
    keyring: Keyring,
    tmp_path: Path,
) -> Iterator[Register]:
    opened = Register.open(
        database_url,
        community_policy,
        keyring,
        keystore_url=keystore_url,
        audit_head=tmp_path / "audit-head.json",
        passwords=PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1),
        migrate=True,
    )
    yield opened
    opened.close()
