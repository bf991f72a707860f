"""A register on each test database with a shop serving people under the APPI and the GDPR:
members m1 (JP), m2 and m3, an officer who handles requests and a support agent who may not."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from mamori.audit import AuditEvent
from mamori.crypto import Keyring, PasswordHasher
from mamori.policy import Policy, load_policy
from mamori.register import Actor, Register
from mamori.rights import RightsRequest, file_request

FIXTURES = Path(__file__).parent / "fixtures"
APP = Actor.application()
OFFICER = Actor.staff("officer1", "privacy_officer")
SUPPORT = Actor.staff("support1", "support")
RECEIVED = datetime(2026, 1, 31, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def shop_policy() -> Policy:
    return load_policy(FIXTURES / "shop.yaml")


@pytest.fixture
def shop(engine: Engine, shop_policy: Policy, tmp_path: Path) -> Iterator[Register]:
    """The shop's register with members m1, m2 and m3, on a migrated copy of each kind of test
    database (the `database_url` kinds; a copy is much faster than migrating each time)."""
    opened = Register.open(
        engine.url.render_as_string(hide_password=False),
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
                values={"name": f"Member {number}", "email": f"m{number}@example.org"},
            )
    yield opened
    opened.close()


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
