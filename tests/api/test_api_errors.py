"""One error shape everywhere, and the security headers on every answer."""

from __future__ import annotations

from tests.api.conftest import Clients


def test_an_unknown_path_answers_the_error_shape(clients: Clients) -> None:
    answer = clients.anonymous().get("/api/v1/nothing-here")

    assert answer.status_code == 404
    assert answer.json() == {"code": "not_found", "message": "Not Found"}


def test_an_invalid_payload_names_the_field_and_never_echoes_the_value(clients: Clients) -> None:
    officer = clients.staff("officer")

    answer = officer.post(
        "/api/v1/subjects/search",
        json={"item": "email", "value": "someone@example.org"},
    )

    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "invalid_payload"
    assert body["field"] == "body.purpose"
    assert "someone@example.org" not in answer.text


def test_a_refusal_names_its_rule(clients: Clients) -> None:
    support = clients.staff("support1")

    answer = support.get("/api/v1/requests")

    assert answer.status_code == 403
    assert answer.json()["code"] == "access_denied"
    assert answer.json()["rule"] == "permission"


def test_every_answer_carries_the_security_headers(clients: Clients) -> None:
    answer = clients.anonymous().get("/api/v1/policy")

    assert answer.status_code == 200
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["strict-transport-security"].startswith("max-age=")


def test_hsts_is_not_sent_over_plain_http(clients: Clients) -> None:
    from fastapi.testclient import TestClient

    answer = TestClient(clients.app, base_url="http://testserver").get("/api/v1/policy")

    assert "strict-transport-security" not in answer.headers


def test_the_openapi_document_is_served_with_every_resource(clients: Clients) -> None:
    document = clients.anonymous().get("/openapi.json").json()

    assert document["openapi"].startswith("3.1")
    paths = document["paths"]
    for resource in (
        "/api/v1/policy",
        "/api/v1/subjects/{subject_id}/items",
        "/api/v1/subjects/{subject_id}/consents",
        "/api/v1/provisions/{provision}/runs",
        "/api/v1/records",
        "/api/v1/requests",
        "/api/v1/audit",
        "/api/v1/audit/verify",
        "/api/v1/entrustees",
        "/api/v1/sharing",
        "/api/v1/me",
    ):
        assert resource in paths
    assert not any(path.startswith("/portal") for path in paths)
