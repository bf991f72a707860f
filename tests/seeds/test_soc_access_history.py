"""The person's "who read my data" page (issue 6) speaks their language: each access by the
purpose's label (the policy's, or the register's words for its own purposes such as a sign-in
link) and the items by their labels, never bare keys. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from seed_http import SeedSite, seed_site

from mamori.register import SIGN_IN, Actor

EMAIL = "hanako@example.jp"


@pytest.fixture
def site(database_url: str, tmp_path: Path) -> Iterator[SeedSite]:
    with seed_site("soc", database_url, tmp_path) as opened:
        yield opened


def test_the_access_history_names_purposes_and_items_by_their_labels(site: SeedSite) -> None:
    member = site.person(EMAIL, nickname="hana")
    subject_id = member.get("/api/v1/me").json()["subject_id"]
    with site.register.session() as session:
        session.read(Actor.staff("st-1", "administrator"), subject_id, "identity_verification")
        session.read(Actor.system("notify"), subject_id, SIGN_IN, ["email"])

    page = member.get("/portal/me/access", params={"lang": "ja"})

    assert page.status_code == 200
    assert "本人確認のため" in page.text  # the policy's label of identity_verification
    assert "ログイン用リンクの送信" in page.text  # the register's own purpose sign_in
    assert "メールアドレス" in page.text  # the item email (read for the link), by its label
    assert ">identity_verification<" not in page.text
    assert ">sign_in<" not in page.text
