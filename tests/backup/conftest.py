"""Registers to back up and databases to restore into, on SQLite and on PostgreSQL; every
register shares one keyring, key store and audit head in tmp_path, as one deployment does."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from mamori.crypto import Keyring
from mamori.policy import Policy, load_policy
from mamori.register import Actor, Register
from tests.registers import FAST_PASSWORDS

POLICY = Path(__file__).parents[1] / "retention" / "fixtures" / "retention.yaml"
APP = Actor.application()


class Deployment:
    def __init__(self, tmp_path: Path, policy: Policy) -> None:
        self.tmp = tmp_path
        self.policy = policy
        self.keyring = Keyring.create(tmp_path / "keyring.json")
        self.keystore_url = f"sqlite:///{tmp_path / 'keys.sqlite'}"
        self.head = tmp_path / "audit-head.json"
        self._opened: list[Register] = []

    def open(self, url: str) -> Register:
        register = Register.open(
            url,
            self.policy,
            self.keyring,
            keystore_url=self.keystore_url,
            audit_head=self.head,
            passwords=FAST_PASSWORDS,
            migrate=True,
        )
        self._opened.append(register)
        return register

    def close(self) -> None:
        for register in self._opened:
            register.close()


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    opened = Deployment(tmp_path, load_policy(POLICY))
    yield opened
    opened.close()


@pytest.fixture
def target_url(database_kind: str, tmp_path: Path) -> Iterator[str]:
    """An empty database of the same kind to restore into."""
    if database_kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite'}"
        return
    admin = make_url(os.environ["MAMORI_TEST_POSTGRES_URL"])
    name = f"mamori_test_retention_restore_{secrets.token_hex(4)}"
    libpq = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(libpq, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def add_member(register: Register, subject_id: str) -> None:
    with register.session() as session:
        session.create_subject(
            APP,
            subject_id,
            kind="member",
            collection_point="registration",
            values={"name": "Hanako Yamada", "nickname": "hanako", "email": "h@example.jp"},
        )
