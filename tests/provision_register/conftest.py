"""A register on each test database with the shop policy (entrustees and a joint use added),
and members to record receipts about (copied from tests/consent/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mamori.crypto import Keyring, PasswordHasher
from mamori.policy import Policy, load_policy
from mamori.register import Actor, Register

FIXTURES = Path(__file__).parent / "fixtures"
APP = Actor.application()
OFFICER = Actor.staff("officer1", "privacy_officer")
SUPPORT = Actor.staff("support1", "support")


@pytest.fixture(scope="session")
def shop_policy() -> Policy:
    return load_policy(FIXTURES / "shop.yaml")


@pytest.fixture
def shop(database_url: str, shop_policy: Policy, tmp_path: Path) -> Iterator[Register]:
    """The shop's register with members m1, m2 and m3 registered."""
    opened = Register.open(
        database_url,
        shop_policy,
        Keyring.create(tmp_path / "keyring.json"),
        keystore_url=f"sqlite:///{tmp_path / 'keys.sqlite'}",
        audit_head=tmp_path / "audit-head.json",
        passwords=PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1),
        migrate=True,
    )
    with opened.session() as session:
        for number in (1, 2, 3):
            session.create_subject(
                APP,
                f"m{number}",
                kind="member",
                collection_point="registration",
                values={
                    "name": f"Member {number}",
                    "email": f"m{number}@example.org",
                    "postal_code": "1500001",
                    "gender": "female",
                    "cookie_id": f"ck-{number}",
                },
            )
    yield opened
    opened.close()
