"""GET /api/v1/access-log: staff whose role may use the purpose read the access log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from mamori.accesslog import AccessLog
from mamori.api import create_app
from mamori.register import Actor, Register
from tests.accesslog.conftest import IP


def _client(register: Register, staff_id: str, role: str) -> TestClient:
    from mamori.accounts import create_api_key, create_staff
    from tests.registers import FAST_PASSWORDS

    now = datetime.now(UTC)
    with register.session() as session:
        create_staff(
            session,
            Actor.system(),
            staff_id=staff_id,
            roles=[role],
            password="a long staff passphrase",
            now=now,
            passwords=FAST_PASSWORDS,
        )
        _, secret = create_api_key(session, Actor.system(), staff_id, label="tests", now=now)
    client = TestClient(
        create_app(register.policy, register=register), base_url="https://testserver"
    )
    client.headers["Authorization"] = f"Bearer {secret}"
    return client


@pytest.fixture
def staff(wox: Register) -> TestClient:
    with AccessLog(wox) as log:
        for minute in range(3):
            at = datetime(2026, 1, 5, tzinfo=UTC) + timedelta(minutes=minute)
            log.record(at=at, ip=IP, page=f"/p{minute}")
    return _client(wox, "st-1", "staff_in_charge")


def test_staff_read_the_log_page_by_page(staff: TestClient) -> None:
    first = staff.get("/api/v1/access-log", params={"purpose": "usage_analysis", "limit": 2})
    assert first.status_code == 200, first.text
    body = first.json()
    assert [row["page"] for row in body["items"]] == ["/p0", "/p1"]
    assert body["items"][0]["ip"] == IP
    rest = staff.get(
        "/api/v1/access-log",
        params={"purpose": "usage_analysis", "limit": 2, "cursor": body["next_cursor"]},
    )
    assert [row["page"] for row in rest.json()["items"]] == ["/p2"]


def test_an_undeclared_purpose_is_forbidden_without_echoing_values(staff: TestClient) -> None:
    answer = staff.get("/api/v1/access-log", params={"purpose": "marketing"})
    assert answer.status_code == 403
    assert answer.json()["rule"] == "undeclared_purpose"


def test_the_purpose_is_required(staff: TestClient) -> None:
    assert staff.get("/api/v1/access-log").status_code == 422


def test_anonymous_callers_get_nothing(wox: Register) -> None:
    client = TestClient(create_app(wox.policy, register=wox), base_url="https://testserver")
    answer = client.get("/api/v1/access-log", params={"purpose": "usage_analysis"})
    assert answer.status_code == 401
