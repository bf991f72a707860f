"""Reading a subject's items over HTTP: the values for a purpose, and an audit event for each
read, allowed or refused, written before the answer."""

from __future__ import annotations

import asyncio

import httpx
from tests.api.conftest import Clients
from tests.loops import run_apart


def _reads(clients: Clients, subject_id: str) -> list[tuple[str, str, str | None]]:
    answer = clients.staff("auditor1").get("/api/v1/audit", params={"subject_id": subject_id})
    assert answer.status_code == 200, answer.text
    return [
        (event["actor_id"], event["outcome"], event["purpose"])
        for event in answer.json()["items"]
        if event["action"] == "read"
    ]


def test_a_read_answers_the_values_and_is_audited(clients: Clients) -> None:
    answer = clients.staff("support1").get(
        "/api/v1/subjects/m1/items", params={"purpose": "service", "items": ["email"]}
    )

    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "subject_id": "m1",
        "purpose": "service",
        "values": {"email": "m1@example.org"},
    }
    assert _reads(clients, "m1") == [("support1", "allowed", "service")]
    assert clients.staff("auditor1").get("/api/v1/audit/verify").json()["ok"] is True


def test_a_refused_read_answers_nothing_personal_and_is_audited(clients: Clients) -> None:
    answer = clients.staff("support1").get(
        "/api/v1/subjects/m1/items", params={"purpose": "newsletter"}
    )

    assert answer.status_code == 403
    assert "m1@example.org" not in answer.text
    assert _reads(clients, "m1") == [("support1", "refused", "newsletter")]


def test_reads_at_the_same_time_each_leave_their_event(clients: Clients) -> None:
    key = clients.staff("support1").headers["Authorization"]

    async def read_at_once() -> list[int]:
        transport = httpx.ASGITransport(app=clients.app)
        async with httpx.AsyncClient(
            transport=transport, base_url="https://testserver", headers={"Authorization": key}
        ) as client:
            answers = await asyncio.gather(
                *(
                    client.get(f"/api/v1/subjects/{subject}/items", params={"purpose": "service"})
                    for subject in ("m1", "m2", "m3", "m1")
                )
            )
        return [answer.status_code for answer in answers]

    assert run_apart(read_at_once()) == [200] * 4
    assert len(_reads(clients, "m1")) == 2
    assert len(_reads(clients, "m2")) == len(_reads(clients, "m3")) == 1
