"""A register on each test database with a club: members m1 and m2 with passwords, a guest g1
(unregistered), a manager account that may manage staff and a support account that may not."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from mamori.accounts import create_staff
from mamori.audit import AuditEvent
from mamori.notify import OutgoingMessage, deliver
from mamori.policy import Policy, load_policy
from mamori.register import Actor, Register
from tests.registers import FAST_PASSWORDS, Registers

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SYSTEM = Actor.system()
MANAGER = Actor.staff("boss", "manager")
SUPPORT = Actor.staff("helper", "support")
STAFF_PASSWORD = "staff password 12345"
M1_PASSWORD = "m1 long passphrase"
M1_EMAIL = "hanako@example.org"
CLIENT = "203.0.113.9"


@pytest.fixture(scope="session")
def club_policy() -> Policy:
    return load_policy(FIXTURES / "club.yaml")


@pytest.fixture
def club(engine: Engine, club_policy: Policy, tmp_path: Path) -> Iterator[Register]:
    registers = Registers(engine, tmp_path)
    opened = registers(club_policy)
    app = Actor.application()
    with opened.session() as session:
        session.create_subject(
            app,
            "m1",
            kind="member",
            collection_point="registration",
            values={"name": "Hanako Yamada", "email": M1_EMAIL, "password": M1_PASSWORD},
        )
        session.create_subject(
            app,
            "m2",
            kind="member",
            collection_point="registration",
            values={"name": "Jeanne Martin", "email": "jeanne@example.org", "password": "x" * 12},
        )
        session.create_subject(
            app,
            "g1",
            kind="guest",
            collection_point="contact",
            values={"name": "Guest One", "email": "guest@example.org"},
        )
    yield opened
    registers.close()


@pytest.fixture
def staffed(club: Register) -> Register:
    """The club with staff accounts: boss (manager) and helper (support), both with
    STAFF_PASSWORD."""
    with club.session() as session:
        for staff_id, role in (("boss", "manager"), ("helper", "support")):
            create_staff(
                session,
                SYSTEM,
                staff_id=staff_id,
                roles=[role],
                password=STAFF_PASSWORD,
                now=NOW,
                passwords=FAST_PASSWORDS,
            )
    return club


def events(register: Register, action_prefix: str = "") -> list[AuditEvent]:
    with register.engine.connect() as connection:
        found = register.audit.query(connection, limit=10_000)
    return [event for event in found if event.action.startswith(action_prefix)]


def database_text(register: Register) -> str:
    """Every row of every table of the register database, as text: to look for secrets."""
    parts: list[str] = []
    with register.engine.connect() as connection:
        for table in register.engine.dialect.get_table_names(connection):
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                parts.append(" ".join(str(value) for value in row))
    return "\n".join(parts)


class Captured:
    """A transport that keeps the messages it is given."""

    def __init__(self) -> None:
        self.messages: list[OutgoingMessage] = []

    def send(self, message: OutgoingMessage) -> None:
        self.messages.append(message)


def sent_links(register: Register) -> list[tuple[str, str]]:
    """Deliver the outbox; (address, link token) of each sign-in link sent."""
    transport = Captured()
    deliver(register, transport, SYSTEM, address_item="email", purpose="service", now=NOW)
    found = []
    for message in transport.messages:
        match = re.search(r"token=([A-Za-z0-9_\-]+)", message.body)
        if match:
            found.append((message.to, match.group(1)))
    return found
