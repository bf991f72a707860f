"""A seed's register served over HTTP (the API and the portal) for the scenarios that a person
or a staff member meets through a browser or a program: staff with API keys, persons who sign
up through the API and keep their session."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from seed_register import seed_register

from mamori.accounts import sign_up_point
from mamori.api import create_app
from mamori.policy import Policy
from mamori.register import Actor, Register

PASSWORD = "a long passphrase"
_SAMPLES = {
    "phone": "03-1234-5678",
    "date": "1990-04-01",
    "postal_code": "150-0001",
}


@dataclass
class SeedSite:
    app: FastAPI
    register: Register

    def anonymous(self) -> TestClient:
        return TestClient(self.app, base_url="https://testserver")

    def staff(self, role: str) -> TestClient:
        """A program holding the API key of a staff member with `role` (id `staff-<role>`)."""
        from mamori.accounts import create_api_key, create_staff

        staff_id = f"staff-{role}"
        with self.register.session() as session:
            create_staff(
                session, Actor.system(), staff_id=staff_id, roles=[role], now=datetime.now(UTC)
            )
            _, secret = create_api_key(
                session, Actor.system(), staff_id, label="seed", now=datetime.now(UTC)
            )
        client = self.anonymous()
        client.headers["Authorization"] = f"Bearer {secret}"
        return client

    def console(self, staff_id: str, role: str) -> TestClient:
        """A browser signed in to the staff console as a new account `staff_id` with `role`;
        `csrf_of(page)` gives the token its forms carry."""
        from mamori.accounts import create_staff

        with self.register.session() as session:
            create_staff(
                session,
                Actor.system(),
                staff_id=staff_id,
                roles=[role],
                password=PASSWORD,
                now=datetime.now(UTC),
            )
        client = self.anonymous()
        signed_in = client.post(
            "/portal/staff/sign-in", data={"staff_id": staff_id, "password": PASSWORD}
        )
        assert signed_in.status_code == 200, signed_in.text
        return client

    def person(self, email: str, **values: str) -> TestClient:
        """A person signed up through the API with what registration asks (and is thereby
        signed in), sending the session's CSRF token with every write."""
        client = self.anonymous()
        body = {
            "values": {**sign_up_values(self.register.policy, email), **values},
            "consents": [],
            "language": self.register.policy.default_locale,
        }
        answer = client.post("/api/v1/auth/sign-up", json=body)
        assert answer.status_code == 201, answer.text
        client.headers["X-CSRF-Token"] = answer.json()["csrf_token"]
        return client


def sign_up_values(policy: Policy, email: str) -> Mapping[str, str]:
    """The required items of the sign-up point, the e-mail and any password, with sample
    values that pass the policy's validation."""
    found = sign_up_point(policy)
    assert found is not None, "the policy has no online sign-up point"
    values: dict[str, str] = {}
    for key in found[1].items:
        item = policy.items[key]
        if item.type == "email":
            values[key] = email
        elif item.type == "password":
            values[key] = PASSWORD
        elif item.type == "identifier":
            values[key] = email.split("@")[0]
        elif item.required:
            values[key] = _SAMPLES.get(item.type, f"sample {key}")
    return values


@contextmanager
def seed_site(name: str, database_url: str, tmp_path: Path) -> Iterator[SeedSite]:
    with seed_register(name, database_url, tmp_path) as register:
        yield SeedSite(create_app(register.policy, register=register), register)


def csrf_of(page: str) -> str:
    """The CSRF token a portal page's forms carry."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)
