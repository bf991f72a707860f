"""A register on each test database with a shop serving people under the APPI and the GDPR:
members m1 (JP), m2 and m3, an officer who handles requests and a support agent who may not."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mamori.audit import AuditEvent
from mamori.policy import Policy, load_policy
from mamori.register import Actor, Register
from mamori.rights import RightsRequest, file_request
from tests.registers import Registers, add_members

FIXTURES = Path(__file__).parent / "fixtures"
APP = Actor.application()
OFFICER = Actor.staff("officer1", "privacy_officer")
SUPPORT = Actor.staff("support1", "support")
RECEIVED = datetime(2026, 1, 31, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def shop_policy() -> Policy:
    return load_policy(FIXTURES / "shop.yaml")


@pytest.fixture
def shop(registers: Registers, shop_policy: Policy) -> Register:
    """The shop's register with members m1, m2 and m3."""
    opened = registers(shop_policy)
    add_members(opened)
    return opened


Filer = Callable[..., RightsRequest]


@pytest.fixture
def filed(shop: Register) -> Filer:
    """File a request for m1 (by default a JP disclosure by e-mail, received at RECEIVED)."""

    def file(kind: str = "disclosure", **options: object) -> RightsRequest:
        subject = str(options.pop("subject_id", "m1"))
        options.setdefault("channel", "email")
        options.setdefault("jurisdiction", "JP")
        options.setdefault("received_at", RECEIVED)
        with shop.session() as session:
            return file_request(session, OFFICER, subject, kind, **options)  # type: ignore[arg-type]

    return file


def request_events(register: Register, request_id: str) -> list[AuditEvent]:
    """The audit events of one request, oldest first."""
    with register.engine.connect() as connection:
        found = register.audit.query(connection, limit=10_000)
    return [event for event in found if event.request_id == request_id]
