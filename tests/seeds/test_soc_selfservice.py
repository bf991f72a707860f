"""SOC-9 (SEED-PROMISES.md): a signed-in member views, corrects and deletes their registration
in the portal, at any time and without staff; deletion really removes the data. Over HTTP, on
SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from seed_http import SeedSite, seed_site
from sqlalchemy import func, select

from mamori.register.tables import subjects, values

EMAIL = "hanako@example.jp"


@pytest.fixture
def site(database_url: str, tmp_path: Path) -> Iterator[SeedSite]:
    with seed_site("soc", database_url, tmp_path) as opened:
        yield opened


def _csrf(member: TestClient) -> str:
    return str(member.headers["X-CSRF-Token"])


def test_soc9_a_member_views_their_registration_in_the_portal(site: SeedSite) -> None:
    member = site.person(EMAIL, nickname="hana")

    page = member.get("/portal/me")

    assert page.status_code == 200
    assert f'value="{EMAIL}"' in page.text
    assert 'value="hana"' in page.text


def test_soc9_a_member_corrects_their_registration_in_the_portal(site: SeedSite) -> None:
    member = site.person(EMAIL, nickname="hana")

    saved = member.post(
        "/portal/me",
        data={"csrf_token": _csrf(member), "nickname": "hanako", "email": EMAIL},
    )

    assert saved.status_code == 200
    assert 'value="hanako"' in member.get("/portal/me").text


def test_soc9_a_correction_without_the_csrf_token_changes_nothing(site: SeedSite) -> None:
    member = site.person(EMAIL, nickname="hana")
    del member.headers["X-CSRF-Token"]

    refused = member.post("/portal/me", data={"nickname": "forged"})

    assert refused.status_code == 403
    assert 'value="hana"' in member.get("/portal/me").text


def test_soc9_a_member_deletes_a_voluntary_item_in_the_portal(site: SeedSite) -> None:
    member = site.person(EMAIL, nickname="hana")

    member.post("/portal/me/items/nickname/delete", data={"csrf_token": _csrf(member)})

    assert 'value="hana"' not in member.get("/portal/me").text
    assert f'value="{EMAIL}"' in member.get("/portal/me").text


def test_soc9_deleting_the_registration_really_removes_the_data(site: SeedSite) -> None:
    member = site.person(EMAIL)
    me = member.get("/api/v1/auth/session").json()["id"]
    with site.register.engine.connect() as connection:
        key_ref = connection.execute(
            select(subjects.c.key_ref).where(subjects.c.id == me)
        ).scalar_one()

    unconfirmed = member.post("/portal/me/delete", data={"csrf_token": _csrf(member)})
    still_there = member.get("/portal/me")
    member.post("/portal/me/delete", data={"csrf_token": _csrf(member), "confirm": "on"})

    assert unconfirmed.status_code == 400
    assert f'value="{EMAIL}"' in still_there.text
    assert member.get("/api/v1/me").status_code == 401
    with site.register.engine.connect() as connection:
        held = connection.execute(
            select(func.count()).select_from(values).where(values.c.subject_id == me)
        ).scalar()
    assert held == 0
    assert key_ref is not None
    assert site.register.keystore.get(key_ref) is None
    officer = site.staff("administrator")
    answer = officer.get(f"/api/v1/subjects/{me}/items", params={"purpose": "inquiry_response"})
    assert answer.status_code == 404
    assert EMAIL not in answer.text
