"""AZ-9 over HTTP (SEED-PROMISES.md): access is restricted with passwords; no personal data is
reachable without authentication, and every access is logged. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from seed_http import PASSWORD, SeedSite, seed_site
from seed_register import events

EMAIL = "camille@example.fr"
PUBLIC_PREFIXES = ("/api/v1/policy", "/api/v1/auth/")


@pytest.fixture
def site(database_url: str, tmp_path: Path) -> Iterator[SeedSite]:
    with seed_site("aozora", database_url, tmp_path) as opened:
        yield opened


def _protected_operations(site: SeedSite, subject_id: str) -> list[tuple[str, str]]:
    """Every operation of the API outside the policy and sign-in, its path ids filled in."""
    found = []
    for context in iter_route_contexts(site.app.router.routes):
        if not isinstance(context.route, APIRoute) or not context.path.startswith("/api/v1/"):
            continue
        if context.path.startswith(PUBLIC_PREFIXES):
            continue
        path = re.sub(r"\{subject_id\}", subject_id, context.path)
        path = re.sub(r"\{[a-z_]+\}", "x", path)
        found += [(method, path) for method in sorted(set(context.methods or ()) - {"HEAD"})]
    return found


def test_az9_no_personal_data_is_reachable_without_signing_in(site: SeedSite) -> None:
    subject_id = site.person(EMAIL).get("/api/v1/auth/session").json()["id"]
    anonymous = site.anonymous()
    operations = _protected_operations(site, subject_id)

    answers = {
        (method, path): anonymous.request(method, path, params={"purpose": "service_provision"})
        for method, path in operations
    }

    assert len(operations) > 40
    assert {
        key: answer.status_code for key, answer in answers.items() if answer.status_code != 401
    } == {}
    assert all(EMAIL not in answer.text for answer in answers.values())
    assert anonymous.get("/portal/me", follow_redirects=False).status_code in (303, 307)


def test_az9_a_person_signs_in_with_their_password_and_only_with_it(site: SeedSite) -> None:
    site.person(EMAIL)
    client = site.anonymous()

    # The policy signs people in with their username (a searchable identifier).
    wrong = client.post("/api/v1/auth/sign-in", json={"identifier": "camille", "password": "guess"})
    right = client.post(
        "/api/v1/auth/sign-in", json={"identifier": "camille", "password": PASSWORD}
    )

    assert wrong.status_code == 401
    assert EMAIL not in wrong.text
    assert right.status_code == 200
    assert EMAIL in client.get("/api/v1/me").text


def test_az9_every_access_is_logged_with_who_and_why(site: SeedSite) -> None:
    person = site.person(EMAIL)
    subject_id = person.get("/api/v1/auth/session").json()["id"]
    administrator = site.staff("administrator")
    researcher = site.staff("research_liaison")
    path = f"/api/v1/subjects/{subject_id}/items"

    person.get("/api/v1/me")
    administrator.get(path, params={"purpose": "service_provision"})
    refused = researcher.get(path, params={"purpose": "service_provision"})

    reads = [event for event in events(site.register, subject_id) if event.action == "read"]
    seen = {(event.actor_id, event.purpose, event.outcome.value) for event in reads}
    assert refused.status_code == 403
    assert (subject_id, "self", "allowed") in seen
    assert ("staff-administrator", "service_provision", "allowed") in seen
    assert ("staff-research_liaison", "service_provision", "refused") in seen
    assert all(EMAIL not in repr(event) for event in reads)
