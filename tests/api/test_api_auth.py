"""Signing in: API keys, session cookies with their CSRF token, sign-out, throttling."""

from __future__ import annotations

from tests.api.conftest import STAFF_PASSWORD, Clients


def test_a_request_without_credentials_is_asked_to_sign_in(clients: Clients) -> None:
    answer = clients.anonymous().get("/api/v1/requests")

    assert answer.status_code == 401
    assert answer.json()["rule"] == "unauthenticated"


def test_an_unknown_api_key_is_refused(clients: Clients) -> None:
    client = clients.anonymous()
    client.headers["Authorization"] = "Bearer mamori_nokey_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

    answer = client.get("/api/v1/requests")

    assert answer.status_code == 401
    assert answer.json()["rule"] == "bad_credentials"


def test_staff_sign_in_sets_an_opaque_http_only_secure_same_site_cookie(clients: Clients) -> None:
    client = clients.anonymous()

    answer = client.post(
        "/api/v1/auth/staff/sign-in", json={"staff_id": "officer", "password": STAFF_PASSWORD}
    )

    assert answer.status_code == 200
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("mamori_session=")
    assert "HttpOnly" in cookie
    assert "Secure" in cookie
    assert "SameSite=lax" in cookie
    assert "officer" not in cookie.split(";")[0]
    assert client.get("/api/v1/requests").status_code == 200


def test_a_session_write_without_the_csrf_token_is_refused_and_changes_nothing(
    clients: Clients,
) -> None:
    person = clients.person()
    token = person.headers.pop("X-CSRF-Token")

    refused = person.patch("/api/v1/me", json={"values": {"postal_code": "9999999"}})
    person.headers["X-CSRF-Token"] = token
    after = person.get("/api/v1/me")

    assert refused.status_code == 403
    assert refused.json()["rule"] == "csrf"
    assert "9999999" not in after.text


def test_sign_out_ends_the_session(clients: Clients) -> None:
    person = clients.person()

    assert person.post("/api/v1/auth/sign-out").status_code == 204
    assert person.get("/api/v1/me").status_code == 401


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(clients: Clients) -> None:
    clients.person(email="known@example.org")
    client = clients.anonymous()

    wrong = client.post(
        "/api/v1/auth/sign-in", json={"identifier": "known@example.org", "password": "nope nope"}
    )
    unknown = client.post(
        "/api/v1/auth/sign-in", json={"identifier": "who@example.org", "password": "nope nope"}
    )

    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_repeated_failures_are_throttled(clients: Clients) -> None:
    client = clients.anonymous()
    body = {"staff_id": "officer", "password": "not the password"}

    answers = [client.post("/api/v1/auth/staff/sign-in", json=body) for _ in range(8)]

    assert answers[0].status_code == 401
    assert answers[-1].status_code == 429
    assert answers[-1].json()["rule"] == "too_many_attempts"
    assert int(answers[-1].headers["retry-after"]) >= 1


def test_a_person_signs_in_with_the_password_given_at_sign_up(clients: Clients) -> None:
    clients.person(email="again@example.org")
    client = clients.anonymous()

    answer = client.post(
        "/api/v1/auth/sign-in",
        json={"identifier": "again@example.org", "password": "a long passphrase"},
    )

    assert answer.status_code == 200
    assert answer.json()["kind"] == "subject"
    assert client.get("/api/v1/me").status_code == 200
