"""A register on each test database with a small shop policy (fixtures/shop.yaml) and its next
version (fixtures/shop_v2.yaml); members m1..m3 and guest g1 registered."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mamori.policy import Policy, load_policy
from mamori.register import Actor, Register
from tests.registers import Registers

FIXTURES = Path(__file__).parent / "fixtures"
APP = Actor.application()
OFFICER = Actor.staff("officer1", "privacy_officer")
SYSTEM = Actor.system()


@pytest.fixture(scope="session")
def v1() -> Policy:
    return load_policy(FIXTURES / "shop.yaml")


@pytest.fixture(scope="session")
def v2() -> Policy:
    return load_policy(FIXTURES / "shop_v2.yaml")


@pytest.fixture
def open_shop(database_url: str, tmp_path: Path) -> Iterator[Callable[[Policy], Register]]:
    """Opens the shop's register with a policy; the same databases and keys each time, as a
    service reopens its register after an activation. Every register opened is closed."""
    opener = Registers(database_url, tmp_path)
    yield opener
    opener.close()


@pytest.fixture
def shop(open_shop: Callable[[Policy], Register], v1: Policy) -> Register:
    """The shop's register enforcing version 1, with members m1..m3 and guest g1."""
    register = open_shop(v1)
    with register.session() as session:
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
                },
            )
        session.create_subject(
            APP,
            "g1",
            kind="guest",
            collection_point="checkout",
            values={"name": "Guest 1", "email": "g1@example.org"},
        )
    return register
