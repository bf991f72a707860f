"""SOC-11: "best effort to prevent leaks". The members' data is encrypted at rest; when an
administrator account is compromised, the incident goes into a register with its deadlines,
the members it read are found in the audit log and told through the outbox, and the report to
the PPC is drafted with its nine items. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
from seed_register import seed_register
from sqlalchemy import inspect, select, table, text

from mamori.errors import ConflictError
from mamori.incidents import (
    add_affected_from_audit,
    assess,
    draft_report,
    list_incidents,
    notify_affected,
    record_incident,
    update_incident,
)
from mamori.notify import FileSink, deliver
from mamori.register import Actor, Register

APP = Actor.application()
OFFICER = Actor.staff("st-1", "administrator")  # the club's administrator: incidents.manage
INTRUDER = Actor.staff("st-9", "administrator")  # an administrator account, compromised
MEMBERS = {
    f"m{n}": {
        "name": f"山田 花子{n}",
        "nickname": f"ソアラ好き{n}",
        "email": f"hanako{n}@example.jp",
        "birth_date": "1985-07-20",
        "address": f"東京都渋谷区神宮前1-1-{n}",
        "phone": f"03-1234-567{n}",
    }
    for n in range(1, 5)
}
# Learned on Thursday 30 April 2026, in Tokyo: Golden Week is days 4 to 7.
LEARNED = datetime(2026, 4, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def soc(database_url: str, tmp_path: Path) -> Iterator[Register]:
    with seed_register("soc", database_url, tmp_path) as register:
        with register.session() as session:
            for subject_id, values in MEMBERS.items():
                session.create_subject(
                    APP, subject_id, kind="member", collection_point="registration", values=values
                )
        yield register


def every_row(register: Register) -> str:
    """Every row of every table of the register's database, as text."""
    names = inspect(register.engine).get_table_names()
    with register.engine.connect() as connection:
        return "\n".join(
            repr(tuple(row))
            for name in names
            for row in connection.execute(select(text("*")).select_from(table(name)))
        )


def test_soc11_the_members_data_is_encrypted_at_rest(soc: Register) -> None:
    stored = every_row(soc)
    for values in MEMBERS.values():
        for value in values.values():
            assert value not in stored


def test_soc11_a_compromised_account_becomes_an_incident_with_deadlines_and_notices(
    soc: Register, tmp_path: Path
) -> None:
    # The intruder reads m1 and m2 through the administrator's purposes; m3 and m4 untouched.
    start = datetime.now(UTC)
    with soc.session() as session:
        for subject_id in ("m1", "m2"):
            session.read(INTRUDER, subject_id, "identity_verification")
    end = datetime.now(UTC) + timedelta(seconds=1)

    with soc.session() as session:
        incident = record_incident(
            session,
            OFFICER,
            kind="unauthorised_access",
            learned_at=LEARNED,
            items=["email"],
            summary="管理者アカウントが第三者に不正に利用されました。",
            wrongful=True,
            cause="管理者のパスワードが他サービスから流出していました。",
        )
        found = add_affected_from_audit(
            session, OFFICER, incident.id, actor_id="st-9", since=start, until=end
        )
    assert found.added == ("m1", "m2")
    assert found.item_keys == ("address", "birth_date", "name", "phone")

    # A wrongful act: reportable under the APPI whatever the number of persons; 60 days from
    # the day learned (29 June), the preliminary report on the 3rd to the 5th day (2-4 May).
    with soc.session() as session:
        entry = assess(session, OFFICER, incident.id, now=LEARNED + timedelta(days=1))
    assert entry.assessment.appi_report
    assert entry.assessment.keys == ("appi.wrongful_act",)
    assert entry.deadlines.appi_preliminary_target == date(2026, 5, 2)
    assert entry.deadlines.appi_preliminary_limit == date(2026, 5, 4)
    assert entry.deadlines.appi_final == date(2026, 6, 29)

    # Unreported for days, it is listed overdue; it cannot be closed before it is reported.
    with soc.session() as session:
        assert list_incidents(session, OFFICER)[0].overdue
    with pytest.raises(ConflictError), soc.session() as session:
        update_incident(session, OFFICER, incident.id, status="closed")

    # The two members are told, in Japanese, through the outbox; the message names the items.
    with soc.session() as session:
        told = notify_affected(
            session, OFFICER, incident.id, locale="ja", contact="https://soc.example/contact"
        )
    assert told.queued == ("m1", "m2")
    sink = tmp_path / "outbox"
    deliverer = Actor.system("notify")  # as `mamori serve` delivers
    delivered = deliver(soc, FileSink(sink), deliverer, address_item="email", purpose="notices")
    assert len(delivered.delivered) == 2
    for message_id in delivered.delivered:
        message = message_from_bytes((sink / f"{message_id}.eml").read_bytes(), policy=default)
        body = str(message.get_content())  # type: ignore[attr-defined]
        assert "個人データへの不正なアクセス" in body
        assert "住所、生年月日、メールアドレス、氏名、電話番号" in body

    # The report to the PPC is drafted with its nine items, then filed and the incident closed.
    with soc.session() as session:
        draft = draft_report(session, OFFICER, incident.id, "ja")
        assert len(draft.appi) == 9
        assert {f.key: f.value for f in draft.appi}["persons"] == "2名"
        assert {f.key: f.value for f in draft.appi}["response_to_persons"].startswith("2 名")
        update_incident(session, OFFICER, incident.id, status="reported_preliminary")
        update_incident(
            session, OFFICER, incident.id, {"measures": "全管理者のパスワードを再設定しました。"}
        )
        update_incident(session, OFFICER, incident.id, status="reported_final")
        closed = update_incident(session, OFFICER, incident.id, status="closed")
    assert [update.action for update in closed.history] == [
        "record",
        "add_subjects",
        "update",
        "notify",
        "status",
        "update",
        "status",
        "status",
    ]

    # Neither the incident register, the outbox nor the audit log holds a member's value.
    stored = every_row(soc)
    for values in MEMBERS.values():
        for value in values.values():
            assert value not in stored
