"""A register on each test database with the provision shop policy, members m1..m3, and
helpers to record consent and read the audit log."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from mamori.audit import AuditEvent
from mamori.consent import Collected, give, refuse, withdraw
from mamori.policy import Policy, load_policy
from mamori.register import Actor, Register
from tests.registers import Registers, add_members

FIXTURES = Path(__file__).parent / "fixtures"
APP = Actor.application()
OFFICER = Actor.staff("officer1", "privacy_officer")
SUPPORT = Actor.staff("support1", "support")
WEB = Collected(method="web_form", language="en")
WEB_ABROAD = Collected(method="web_form", language="en", foreign_information=True)


@pytest.fixture(scope="session")
def shop_policy() -> Policy:
    return load_policy(FIXTURES / "shop.yaml")


@pytest.fixture
def shop(engine: Engine, shop_policy: Policy, tmp_path: Path) -> Iterator[Register]:
    """The shop's register with members m1, m2 and m3 registered, on each test database."""
    registers = Registers(engine, tmp_path)
    opened = registers(shop_policy)
    add_members(opened, "postal_code", "gender", "cookie_id")
    yield opened
    registers.close()


def consent(
    register: Register,
    subject_id: str,
    targets: Sequence[str],
    *,
    decision: str = "given",
    foreign: bool = False,
    at: datetime | None = None,
) -> None:
    """The person decides on `targets` through the web form."""
    how = Collected(method="web_form", language="en", foreign_information=foreign, at=at)
    act = {"given": give, "refused": refuse, "withdrawn": withdraw}[decision]
    with register.session() as session:
        act(session, Actor.subject(subject_id), subject_id, list(targets), how)


def events(register: Register, **filters: object) -> list[AuditEvent]:
    with register.engine.connect() as connection:
        return register.audit.query(connection, limit=10_000, **filters)  # type: ignore[arg-type]
