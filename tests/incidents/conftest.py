"""The clinic's register on each test database (members m1..m5 with a medical history and a
card number), an officer who works incidents, a support agent who reads members but may not,
and a factory of incidents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mamori.audit import AuditEvent
from mamori.incidents import Incident, record_incident
from mamori.policy import Policy, load_policy
from mamori.register import Actor, Register
from tests.registers import Registers

FIXTURES = Path(__file__).parent / "fixtures"
APP = Actor.application()
OFFICER = Actor.staff("officer1", "privacy_officer")
SUPPORT = Actor.staff("support1", "support")
LEARNED = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
OCCURRED = datetime(2026, 3, 1, 22, 0, tzinfo=UTC)
# Values that must never reach the audit log, an incident row or a message.
VALUES = {
    "name": "Hanako Yamada",
    "email": "hanako@example.jp",
    "gender": "female",
    "health": "asthma since 2001",
    "card": "4111111111111111",
}


def member_values(number: int) -> dict[str, str]:
    return {
        **VALUES,
        "name": f"Hanako Yamada {number}",
        "email": f"hanako{number}@example.jp",
    }


@pytest.fixture(scope="session")
def clinic_policy() -> Policy:
    return load_policy(FIXTURES / "clinic.yaml")


@pytest.fixture
def clinic(registers: Registers, clinic_policy: Policy) -> Register:
    opened = registers(clinic_policy)
    with opened.session() as session:
        for number in range(1, 6):
            session.create_subject(
                APP,
                f"m{number}",
                kind="member",
                collection_point="registration",
                values=member_values(number),
            )
    return opened


Recorder = Callable[..., Incident]


@pytest.fixture
def recorded(clinic: Register) -> Recorder:
    """Record an incident (by default a leak of e-mail addresses, learned at LEARNED)."""

    def record(**fields: object) -> Incident:
        fields.setdefault("kind", "leak")
        fields.setdefault("learned_at", LEARNED)
        fields.setdefault("occurred_at", OCCURRED)
        fields.setdefault("items", ["email"])
        fields.setdefault("summary", "A mailing list was sent with every address visible.")
        with clinic.session() as session:
            return record_incident(session, OFFICER, **fields)  # type: ignore[arg-type]

    return record


def all_events(register: Register) -> list[AuditEvent]:
    with register.engine.connect() as connection:
        return register.audit.query(connection, limit=10_000)


def dump_tables(register: Register, *names: str) -> str:
    """Every row of the tables, as text: to search for personal values."""
    from sqlalchemy import text

    rows = []
    with register.engine.connect() as connection:
        for name in names:
            rows += [repr(tuple(row)) for row in connection.execute(text(f"SELECT * FROM {name}"))]
    return "\n".join(rows)
