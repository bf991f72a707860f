"""A register on each test database with the shop policy (entrustees and a joint use added),
and members to record receipts about."""

from __future__ import annotations

from pathlib import Path

import pytest

from mamori.policy import Policy, load_policy
from mamori.register import Actor, Register
from tests.registers import Registers, add_members

FIXTURES = Path(__file__).parent / "fixtures"
APP = Actor.application()
OFFICER = Actor.staff("officer1", "privacy_officer")
SUPPORT = Actor.staff("support1", "support")


@pytest.fixture(scope="session")
def shop_policy() -> Policy:
    return load_policy(FIXTURES / "shop.yaml")


@pytest.fixture
def shop(registers: Registers, shop_policy: Policy) -> Register:
    """The shop's register with members m1, m2 and m3 registered."""
    opened = registers(shop_policy)
    add_members(opened, "postal_code", "gender", "cookie_id")
    return opened
