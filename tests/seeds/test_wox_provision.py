"""wox: disclosure without consent only on a warrant or a disclosure request, on a terms
violation, or in imminent danger, with a justification, and recorded (WOX-6); on SQLite and
PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from seed_register import events, seed_register
from sqlalchemy import Engine

from mamori.errors import AccessDeniedError, ValidationError
from mamori.provision import AdHocRecipient, list_records, provide
from mamori.register import Actor, Register

STAFF = Actor.staff("st-1", "staff_in_charge")
# Disclosure is decided by a manager (an assumption of the wox policy), never by ordinary staff.
OPERATOR = Actor.staff("mgr-1", "manager")
POLICE = AdHocRecipient("警視庁", "東京都千代田区霞が関2-1-1", "警視総監")


@pytest.fixture
def wox(engine: Engine, tmp_path: Path) -> Iterator[Register]:
    with seed_register("wox", _url(engine), tmp_path) as register:
        with register.session() as session:
            session.create_subject(
                Actor.subject("w1"),  # a person signs up themself
                "w1",
                kind="registered_user",
                collection_point="registration",
                values={"email": "w1@example.jp"},
            )
        yield register


def disclose(register: Register, actor: Actor, **changes: object) -> int:
    arguments: dict[str, object] = {
        "exception": "court_order",
        "recipient": POLICE,
        "items": ["email"],
        "justification": "捜索差押許可状による",
        "requester_reference": "W-2026-0042",
        **changes,
    }
    with register.session() as session:
        return provide(session, actor, ["w1"], **arguments).provided  # type: ignore[arg-type]


def test_wox6_a_warrant_with_its_justification_is_provided_and_recorded(wox: Register) -> None:
    assert disclose(wox, OPERATOR) == 1
    with wox.engine.connect() as connection:
        (record,) = list_records(connection, with_subjects=True)
    assert (record.exception, record.justification) == ("court_order", "捜索差押許可状による")
    assert record.recipient.name == {"*": "警視庁"}
    assert [s.subject_id for s in record.subjects] == ["w1"]
    read = [e for e in events(wox, "w1") if e.action == "read"]
    assert [(e.purpose, e.rule) for e in read] == [("exception:court_order", "legal_exception")]


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"exception": "police_inquiry"}, AccessDeniedError),  # not among wox's four
        ({"justification": None}, ValidationError),
        ({"requester_reference": None}, ValidationError),
    ],
)
def test_wox6_without_a_listed_basis_and_its_particulars_nothing_is_sent(
    wox: Register, changes: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        disclose(wox, OPERATOR, **changes)
    with wox.engine.connect() as connection:
        assert list_records(connection) == []
    assert not [e for e in events(wox, "w1") if e.action == "read"]


def test_wox6_staff_in_charge_cannot_disclose(wox: Register) -> None:
    with pytest.raises(AccessDeniedError) as refused:
        disclose(wox, STAFF)
    assert refused.value.rule == "provision_role"


def _url(engine: Engine) -> str:
    # A copy of a database migrated once per session: migrating each test's is slow.
    return engine.url.render_as_string(hide_password=False)
