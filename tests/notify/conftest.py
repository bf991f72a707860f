"""The rights tests' shop (members m1..m3 with an e-mail item the `service` purpose may read)
and a folder sink for the messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from mamori.policy import Policy, load_policy
from mamori.register import Actor, Register
from tests.registers import Registers, add_members

SHOP = Path(__file__).parents[1] / "rights" / "fixtures" / "shop.yaml"
APP = Actor.application()
OFFICER = Actor.staff("officer1", "privacy_officer")


@pytest.fixture(scope="session")
def shop_policy() -> Policy:
    return load_policy(SHOP)


@pytest.fixture
def shop(registers: Registers, shop_policy: Policy) -> Register:
    opened = registers(shop_policy)
    add_members(opened)
    return opened
