"""Registers on each test database under the WOX policy (an access log linked to no one) and
the SOC policy (linked to the member), and a few requests."""

from __future__ import annotations

from pathlib import Path

import pytest

from mamori.policy import Policy, load_policy
from mamori.register import Actor, Register
from tests.registers import Registers

EXAMPLES = Path(__file__).parents[2] / "examples"
IP = "203.0.113.77"
AGENT = "Mozilla/5.0 (X11; Linux x86_64) TestBrowser/99.1"
STAFF = Actor.staff("st-1", "staff_in_charge")
SOC_ADMIN = Actor.staff("ad-1", "administrator")


@pytest.fixture(scope="session")
def wox_policy() -> Policy:
    return load_policy(EXAMPLES / "wox" / "policy.yaml")


@pytest.fixture(scope="session")
def soc_policy() -> Policy:
    return load_policy(EXAMPLES / "soc" / "policy.yaml")


@pytest.fixture
def wox(registers: Registers, wox_policy: Policy) -> Register:
    return registers(wox_policy)


@pytest.fixture
def soc(registers: Registers, soc_policy: Policy) -> Register:
    return registers(soc_policy)
