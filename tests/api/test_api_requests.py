"""A staff member takes a disclosure request from received to fulfilled over HTTP; a step the
workflow does not allow is refused and changes nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient
from tests.api.conftest import Clients


def _file(
    clients: Clients, kind: str = "disclosure", subject: str = "m1"
) -> tuple[TestClient, str]:
    officer = clients.staff("officer")
    answer = officer.post(
        "/api/v1/requests",
        json={"subject_id": subject, "kind": kind, "channel": "email", "jurisdiction": "EU"},
    )
    assert answer.status_code == 201, answer.text
    return officer, answer.json()["id"]


def test_a_disclosure_goes_from_received_to_fulfilled(clients: Clients) -> None:
    officer, request_id = _file(clients)
    base = f"/api/v1/requests/{request_id}"

    steps = [
        officer.post(f"{base}/verify", json={"method": "document"}),
        officer.post(f"{base}/start"),
        officer.post(f"{base}/fulfil", json={}),
    ]

    assert [answer.status_code for answer in steps] == [200, 200, 200]
    done = steps[-1].json()
    assert done["request"]["state"] == "fulfilled"
    assert done["package"]["subject_id"] == "m1"
    shown = officer.get(base).json()
    assert [step["action"] for step in shown["steps"]][-1] == "fulfil"


def test_fulfilling_before_verification_is_refused_and_changes_nothing(clients: Clients) -> None:
    officer, request_id = _file(clients)
    base = f"/api/v1/requests/{request_id}"

    refused = officer.post(f"{base}/fulfil", json={})

    assert refused.status_code == 409
    assert refused.json()["code"] == "conflict"
    assert officer.get(base).json()["state"] == "received"


def test_refusing_without_a_listed_ground_is_refused(clients: Clients) -> None:
    officer, request_id = _file(clients)

    answer = officer.post(
        f"/api/v1/requests/{request_id}/refuse", json={"ground": "we_do_not_want_to", "reason": "x"}
    )

    assert answer.status_code in (403, 422)
    assert officer.get(f"/api/v1/requests/{request_id}").json()["state"] == "received"


def test_the_queue_is_paginated(clients: Clients) -> None:
    officer, _ = _file(clients, subject="m1")
    _file(clients, subject="m2")
    _file(clients, subject="m3")

    first = officer.get("/api/v1/requests", params={"limit": 2}).json()
    second = officer.get(
        "/api/v1/requests", params={"limit": 2, "cursor": first["next_cursor"]}
    ).json()

    assert len(first["items"]) == 2
    assert len(second["items"]) == 1
    assert second["next_cursor"] is None


def test_a_forged_cursor_is_refused_with_the_field_named(clients: Clients) -> None:
    officer = clients.staff("officer")

    answer = officer.get("/api/v1/requests", params={"cursor": "not-ours"})

    assert answer.status_code == 422
    assert answer.json()["field"] == "cursor"


def test_filing_twice_with_one_idempotency_key_files_once(clients: Clients) -> None:
    officer = clients.staff("officer")
    body = {"subject_id": "m1", "kind": "deletion", "channel": "email"}
    headers = {"Idempotency-Key": "5b0f6a1e-retry"}

    first = officer.post("/api/v1/requests", json=body, headers=headers)
    again = officer.post("/api/v1/requests", json=body, headers=headers)
    other = officer.post("/api/v1/requests", json={**body, "kind": "disclosure"}, headers=headers)

    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    assert other.status_code == 409
    assert len(officer.get("/api/v1/requests").json()["items"]) == 1
