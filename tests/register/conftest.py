"""A register on each test database, with the small community policy and a fresh keyring."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.registers import FAST_PASSWORDS, Registers, add_members

from mamori.crypto import Keyring
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
        passwords=FAST_PASSWORDS,
        migrate=True,
    )
    yield opened
    opened.close()


@pytest.fixture
def shop(registers: Registers) -> Register:
    """The shop policy of the consent tests (provisions, opt-out, exceptions), members m1..m3."""
    opened = registers(
        load_policy(Path(__file__).parents[1] / "consent" / "fixtures" / "shop.yaml")
    )
    add_members(opened)
    return opened
