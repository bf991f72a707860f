"""onplanetz: its declared third-party offers run only for users who consented, each run is
recorded with the four items OP-10 promises, kept for the legal period and disclosable to the
person (OP-7, OP-10); without consent, only the policy's listed exceptions, with a
justification, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from seed_register import seed_register
from sqlalchemy import Engine

from mamori.consent import Collected, give, status
from mamori.errors import AccessDeniedError, ValidationError
from mamori.provision import AdHocRecipient, expire_records, provide, records_of
from mamori.register import Actor, Register

APP = Actor.application()
OFFICER = Actor.staff("po-1", "privacy_officer")
SUPPORT = Actor.staff("sup-1", "support")
OFFERS = "provision:third_party_offers"
PARTNER = AdHocRecipient("広告パートナー株式会社", "東京都港区1-1-1", "代表取締役 山田太郎")
T0 = datetime(2026, 4, 1, tzinfo=UTC)


@pytest.fixture
def onplanetz(engine: Engine, tmp_path: Path) -> Register:
    with seed_register("onplanetz", _url(engine), tmp_path) as register:
        with register.session() as session:
            for number in (1, 2, 3):
                session.create_subject(
                    APP,
                    f"u{number}",
                    kind="user",
                    collection_point="service_use",
                    values={
                        "name": f"利用者{number}",
                        "email": f"u{number}@example.jp",
                        "organization": "例株式会社",
                    },
                )
            give(
                session,
                Actor.subject("u1"),
                "u1",
                [OFFERS],
                Collected(method="web_form", language="ja"),
            )
        yield register


def test_op7_the_declared_provision_runs_only_for_users_who_consented(
    onplanetz: Register,
) -> None:
    with onplanetz.session() as session:
        done = provide(
            session,
            OFFICER,
            ["u1", "u2", "u3"],
            provision="third_party_offers",
            recipient=PARTNER,
            items=["name", "email", "organization"],
            at=T0,
        )
    assert sorted(done.package.rows) == ["u1"]
    assert done.skipped == {"consent": 2}
    assert len(done.record_ids) == 1


def test_op7_staff_without_provisions_run_cannot_run_it(onplanetz: Register) -> None:
    with pytest.raises(AccessDeniedError) as refused, onplanetz.session() as session:
        provide(session, SUPPORT, ["u1"], provision="third_party_offers", recipient=PARTNER)
    assert refused.value.rule == "provision_role"


def test_op10_the_record_keeps_the_four_items_for_the_legal_period(onplanetz: Register) -> None:
    with onplanetz.session() as session:
        provide(
            session,
            OFFICER,
            ["u1", "u2"],
            provision="third_party_offers",
            recipient=PARTNER,
            items=["name", "email"],
            at=T0,
        )
    with onplanetz.engine.connect() as connection:
        (record,) = records_of(connection, "u1")
        (consented,) = status(connection, onplanetz.policy, "u1", [OFFERS])
        assert records_of(connection, "u2") == []  # not provided, so not recorded
    # 1. that consent was given; 2. the third party's name; 3. who; 4. which items.
    assert (record.basis, record.subjects[0].consent_event_id) == ("consent", consented.event_id)
    assert record.recipient.name == {"*": "広告パートナー株式会社"}
    assert record.subjects[0].subject_id == "u1"
    assert record.items == ("name", "email")
    assert record.retain_until == datetime(2029, 4, 1, tzinfo=UTC)
    with onplanetz.session() as session:
        assert expire_records(session, Actor.system(), now=T0 + timedelta(days=3 * 365)) == 0
        assert expire_records(session, Actor.system(), now=T0 + timedelta(days=3 * 366)) == 1


def test_op10_without_consent_only_the_listed_exceptions_with_a_justification(
    onplanetz: Register,
) -> None:
    police = AdHocRecipient("渋谷警察署", "東京都渋谷区", "署長")
    with pytest.raises(AccessDeniedError) as unlisted, onplanetz.session() as session:
        provide(
            session,
            OFFICER,
            ["u2"],
            exception="court_order",  # not among onplanetz's four
            recipient=police,
            items=["name"],
            justification="開示命令",
            requester_reference="C-1",
        )
    assert unlisted.value.rule == "legal_exception"
    with pytest.raises(ValidationError), onplanetz.session() as session:
        provide(
            session,
            OFFICER,
            ["u2"],
            exception="by_law",
            recipient=police,
            items=["name"],
            requester_reference="L-1",
        )
    with onplanetz.session() as session:
        done = provide(
            session,
            OFFICER,
            ["u2"],
            exception="by_law",
            recipient=police,
            items=["name"],
            justification="刑事訴訟法197条2項に基づく照会",
            requester_reference="L-2026-7",
        )
    assert done.provided == 1
    with onplanetz.engine.connect() as connection:
        (record,) = records_of(connection, "u2")
    assert (record.exception, record.requester_reference) == ("by_law", "L-2026-7")


def _url(engine: Engine) -> str:
    # A copy of a database migrated once per session: migrating each test's is slow.
    return engine.url.render_as_string(hide_password=False)
