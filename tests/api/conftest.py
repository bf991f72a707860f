"""The shop's register served over HTTP: staff with API keys (an officer, a support agent, an
auditor) and persons who sign up through the API, each with a client of their own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.registers import FAST_PASSWORDS, Registers, add_members

from mamori.api import create_app
from mamori.policy import Policy, load_policy
from mamori.register import Actor, Register

FIXTURES = Path(__file__).parent / "fixtures"
STAFF_ROLES = {"officer": "privacy_officer", "support1": "support", "auditor1": "auditor"}
STAFF_PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def http_policy() -> Policy:
    return load_policy(FIXTURES / "shop.yaml")


@pytest.fixture
def shop(registers: Registers, http_policy: Policy) -> Register:
    """The register with members m1, m2, m3 and the staff accounts."""
    from mamori.accounts import create_staff

    opened = registers(http_policy)
    add_members(opened)
    with opened.session() as session:
        for staff_id, role in STAFF_ROLES.items():
            create_staff(
                session,
                Actor.system(),
                staff_id=staff_id,
                roles=[role],
                password=STAFF_PASSWORD,
                now=datetime.now(UTC),
                passwords=FAST_PASSWORDS,
            )
    return opened


@pytest.fixture
def app(shop: Register) -> FastAPI:
    return create_app(shop.policy, register=shop)


@dataclass
class Clients:
    app: FastAPI
    shop: Register

    def anonymous(self) -> TestClient:
        return TestClient(self.app, base_url="https://testserver")

    def staff(self, staff_id: str) -> TestClient:
        """A client sending the API key of `staff_id`."""
        from mamori.accounts import create_api_key

        with self.shop.session() as session:
            _, secret = create_api_key(
                session, Actor.system(), staff_id, label="tests", now=datetime.now(UTC)
            )
        client = self.anonymous()
        client.headers["Authorization"] = f"Bearer {secret}"
        return client

    def person(self, email: str = "new@example.org", **values: str) -> TestClient:
        """A client signed up (and so signed in) through the API, sending its CSRF token."""
        client = self.anonymous()
        body = {
            "values": {
                "name": "New Person",
                "email": email,
                "password": "a long passphrase",
                **values,
            },
            "consents": ["newsletter"],
            "language": "en",
        }
        answer = client.post("/api/v1/auth/sign-up", json=body)
        assert answer.status_code == 201, answer.text
        client.headers["X-CSRF-Token"] = answer.json()["csrf_token"]
        return client


@pytest.fixture
def clients(app: FastAPI, shop: Register) -> Clients:
    return Clients(app, shop)


Make = Callable[..., TestClient]
