"""A register on each test database under the retention policy (one item per way a retention
period starts), and a way to make members and guests."""

from __future__ import annotations

from pathlib import Path

import pytest

from mamori.policy import Policy, load_policy
from mamori.register import Actor, Register
from tests.registers import Registers

FIXTURES = Path(__file__).parent / "fixtures"
APP = Actor.application()


@pytest.fixture(scope="session")
def retention_policy() -> Policy:
    return load_policy(FIXTURES / "retention.yaml")


@pytest.fixture
def register(registers: Registers, retention_policy: Policy) -> Register:
    return registers(retention_policy)


def add_member(register: Register, subject_id: str, **extra: str) -> None:
    values = {"name": "Hanako Yamada", "nickname": "hanako", **extra}
    with register.session() as session:
        session.create_subject(
            APP, subject_id, kind="member", collection_point="registration", values=values
        )


def add_guest(register: Register, subject_id: str) -> None:
    with register.session() as session:
        session.create_subject(
            APP, subject_id, kind="guest", collection_point="guest_visit", values={"note": "hi"}
        )
