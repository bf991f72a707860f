"""SOC-11 in the staff console: the administrator sees the open incidents with their next
deadline, overdue ones marked, and tells the members concerned from there (staff without
incidents.manage are refused: test_onplanetz_console.py). On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from seed_http import SeedSite, csrf_of, seed_site

from mamori.incidents import record_incident, show_incident
from mamori.register import Actor

OFFICER = Actor.staff("st-1", "administrator")


@pytest.fixture
def site(database_url: str, tmp_path: Path) -> Iterator[SeedSite]:
    with seed_site("soc", database_url, tmp_path) as opened:
        with opened.register.session() as session:
            for number in (1, 2):
                session.create_subject(
                    Actor.application(),
                    f"m{number}",
                    kind="member",
                    collection_point="registration",
                    values={
                        "name": f"山田 花子{number}",
                        "nickname": f"ソアラ好き{number}",
                        "email": f"hanako{number}@example.jp",
                        "birth_date": "1985-07-20",
                        "address": f"東京都渋谷区神宮前1-1-{number}",
                        "phone": f"03-1234-567{number}",
                    },
                )
        yield opened


def test_soc11_the_console_lists_incidents_by_deadline_and_tells_the_members(
    site: SeedSite,
) -> None:
    learned = datetime.now(UTC) - timedelta(days=10)  # the preliminary report is overdue
    with site.register.session() as session:
        incident = record_incident(
            session,
            OFFICER,
            kind="unauthorised_access",
            learned_at=learned,
            items=["email"],
            summary="管理者アカウントが第三者に不正に利用されました。",
            wrongful=True,
            subject_ids=["m1", "m2"],
        )
    console = site.console("st-1", "administrator")

    listed = console.get("/portal/staff/incidents", params={"lang": "en"})

    assert listed.status_code == 200
    row = re.search(rf'<tr id="incident-{incident.id}">(.*?)</tr>', listed.text, re.S)
    assert row is not None
    assert "(overdue)" in row.group(1)
    assert "unauthorised_access" in row.group(1)
    told = console.post(
        f"/portal/staff/incidents/{incident.id}/notify",
        # The club's policy names no contact: the officer gives one.
        data={"csrf_token": csrf_of(listed.text), "contact": "https://soc.example/contact"},
        params={"lang": "en"},
    )
    assert told.status_code == 200
    assert "The notices are queued for sending." in told.text
    assert "Tell the persons concerned" not in told.text  # everyone listed has been told
    with site.register.session() as session:
        assert show_incident(session, OFFICER, incident.id).notified == ("m1", "m2")
    for value in ("hanako1@example.jp", "山田 花子1"):
        assert value not in told.text


def test_soc11_notifying_without_the_csrf_token_is_refused(site: SeedSite) -> None:
    console = site.console("st-1", "administrator")

    refused = console.post("/portal/staff/incidents/x1/notify", data={})

    assert refused.status_code == 403
