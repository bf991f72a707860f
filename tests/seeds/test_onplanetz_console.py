"""OP-14 in the staff console and the API (SEED-PROMISES.md): roles limit who reaches which
data; the Personal Information Management Officer is named and the security measures are listed
where staff work. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from seed_http import SeedSite, csrf_of, seed_site

from mamori.register import Actor


@pytest.fixture
def site(database_url: str, tmp_path: Path) -> Iterator[SeedSite]:
    with seed_site("onplanetz", database_url, tmp_path) as opened:
        yield opened


def test_op14_the_console_lists_the_officer_and_the_security_measures(site: SeedSite) -> None:
    console = site.console("kanri", "support")

    page = console.get("/portal/staff/security", params={"lang": "en"})

    assert page.status_code == 200
    assert "Personal Information Management Officer" in page.text
    for measure in site.register.policy.security_measures:
        assert measure.description["en"] in page.text
    assert site.anonymous().get("/portal/staff/security", follow_redirects=False).status_code in (
        303,
        307,
    )


def test_op14_a_role_without_incidents_manage_does_not_reach_the_incidents(
    site: SeedSite,
) -> None:
    console = site.console("kanri", "support")
    token = csrf_of(console.get("/portal/staff/security").text)

    listed = console.get("/portal/staff/incidents")
    told = console.post("/portal/staff/incidents/x1/notify", data={"csrf_token": token})

    assert (listed.status_code, told.status_code) == (403, 403)


@pytest.mark.parametrize(
    ("role", "purpose", "status"),
    [
        ("support", "service_provision", 200),
        ("support", "statistics", 403),
        ("analyst", "service_provision", 403),
        ("auditor", "service_provision", 403),
    ],
)
def test_op14_roles_limit_access_to_the_minimum(
    site: SeedSite, role: str, purpose: str, status: int
) -> None:
    with site.register.session() as session:
        session.create_subject(
            Actor.application(),
            "u1",
            kind="user",
            collection_point="service_use",
            values={"name": "Tanaka Ichiro", "email": "u1@example.jp"},
        )

    answer = site.staff(role).get("/api/v1/subjects/u1/items", params={"purpose": purpose})

    assert answer.status_code == status
    assert ("u1@example.jp" in answer.text) == (status == 200)
