"""AZ-10, the rights part (SEED-PROMISES.md): a user's access and correction requests work end to
end with the aozora policy, from filing to the answer, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from seed_register import events, revealed, seed_register

from mamori.register import Actor, Register
from mamori.rights import file_request, fulfil_request, start, verify_identity

APP = Actor.application()
ADMIN = Actor.staff("admin-1", "administrator")
HANAKO = Actor.subject("u1")
VALUES = {
    "name": "Hanako Yamada",
    "email": "hanako@example.fr",
    "username": "hanako",
    "password": "correct horse battery staple",
}


@pytest.fixture
def register(database_url: str, tmp_path: Path) -> Iterator[Register]:
    with seed_register("aozora", database_url, tmp_path) as opened:
        with opened.session() as session:
            for user, name in (("u1", "Hanako Yamada"), ("u2", "Taro Sato")):
                values = {**VALUES, "name": name, "username": user}
                session.create_subject(
                    APP, user, kind="user", collection_point="registration", values=values
                )
        yield opened


def _in_progress(register: Register, kind: str, **options: object) -> str:
    """The user files online; the administrator checks the signed-in session and starts."""
    with register.session() as session:
        request = file_request(session, HANAKO, "u1", kind, channel="online", **options)  # type: ignore[arg-type]
        verify_identity(session, ADMIN, request.id, "session")
        start(session, ADMIN, request.id)
    return request.id


def test_az10_an_access_request_is_answered_with_the_users_data_in_french(
    register: Register,
) -> None:
    request_id = _in_progress(register, "disclosure")
    with register.session() as session:
        done = fulfil_request(session, ADMIN, request_id, locale="fr")
    assert done.request.state == "fulfilled"
    assert done.package is not None
    body = json.loads(done.package.to_json())
    values = {item["key"]: item["value"] for item in body["items"]}
    assert values["name"] == "Hanako Yamada"
    assert "password" not in values
    page = done.package.to_html()
    assert '<html lang="fr">' in page
    assert "<h1>Vos données personnelles</h1>" in page
    assert "Hanako Yamada" in page
    assert "Taro Sato" not in page + done.package.to_json()


def test_az10_a_correction_request_corrects_the_users_data(register: Register) -> None:
    request_id = _in_progress(register, "correction", scope=["name"])
    with register.session() as session:
        done = fulfil_request(session, ADMIN, request_id, values={"name": "Hanako Sato"})
    assert done.request.state == "fulfilled"
    assert done.recipients == ()  # aozora provides to no third party
    with register.session() as session:
        assert revealed(session.read(HANAKO, "u1", "self"))["name"] == "Hanako Sato"
    fulfilled = [event for event in events(register, "u1") if event.action == "request.fulfil"]
    assert [(event.outcome.value, event.request_id) for event in fulfilled] == [
        ("allowed", request_id)
    ]


def test_az10_the_user_sees_their_own_access_history(register: Register) -> None:
    with register.session() as session:
        session.read(ADMIN, "u1", "service_provision")
    request_id = _in_progress(register, "disclosure")
    with register.session() as session:
        done = fulfil_request(session, ADMIN, request_id)
    assert done.package is not None
    accesses = [entry.to_dict() for entry in done.package.access_history]
    assert any(
        entry["who"] == "staff:administrator" and entry["purpose"] == "service_provision"
        for entry in accesses
    )
    assert "admin-1" not in done.package.to_json()
