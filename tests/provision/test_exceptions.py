"""Provision without consent under a legal exception the policy allows (APPI Art. 27(1))."""

from __future__ import annotations

import pytest

from mamori.errors import ValidationError
from mamori.provision import AdHocRecipient, list_records, provide
from mamori.register import Actor, Register
from tests.provision.conftest import OFFICER, events

POLICE = AdHocRecipient("Shibuya Police Station", "1-1 Shibuya, Tokyo", "Chief Inspector")
CASE = "Inquiry on a fraudulent order; consent cannot be asked without harming the inquiry."


def test_an_exception_provides_without_consent_and_records_the_case(shop: Register) -> None:
    with shop.session() as session:
        done = provide(
            session,
            OFFICER,
            ["m1"],
            exception="police_inquiry",
            recipient=POLICE,
            items=["name", "email"],
            justification=CASE,
            requester_reference="W-2026-0042",
        )
    assert {k: v.reveal() for k, v in done.package.rows["m1"].items()} == {
        "name": "Member 1",
        "email": "m1@example.org",
    }
    with shop.engine.connect() as connection:
        (record,) = list_records(connection, with_subjects=True)
    assert (record.basis, record.exception, record.provision) == (
        "legal_exception",
        "police_inquiry",
        None,
    )
    assert (record.justification, record.requester_reference) == (CASE, "W-2026-0042")
    assert record.recipient.name == {"*": "Shibuya Police Station"}
    assert [s.subject_id for s in record.subjects] == ["m1"]
    assert "legal_exception" in done.to_json()


def test_the_justification_stays_out_of_the_audit_log(shop: Register) -> None:
    with shop.session() as session:
        provide(
            session,
            OFFICER,
            ["m1"],
            exception="court_order",
            recipient=POLICE,
            items=["name"],
            justification="Order of the Tokyo District Court about Member 1",
            requester_reference="court-17",
        )
    logged = repr([e.to_dict() for e in events(shop)])
    assert "Tokyo District Court" not in logged
    assert "Shibuya" not in logged
    run = [e for e in events(shop) if e.action == "provision.run"]
    assert [(e.purpose, e.rule) for e in run] == [("exception:court_order", "legal_exception")]


def test_an_exception_overrides_a_suspension(shop: Register) -> None:
    with shop.session() as session:
        session.suspend(Actor.subject("m1"), "m1", "*")
    with shop.session() as session:
        done = provide(
            session,
            OFFICER,
            ["m1"],
            exception="protect_life_body_property",
            recipient=POLICE,
            items=["name"],
            justification="A missing person; the family cannot reach them.",
            requester_reference="case-3",
        )
    assert done.provided == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"justification": None}, "justification"),
        ({"justification": "   "}, "justification"),
        ({"requester_reference": None}, "requester_reference"),
        ({"requester_reference": "Officer Tanaka"}, "requester_reference"),
        ({"items": None}, "items"),
        ({"recipient": None}, "recipient"),
        ({"recipient": AdHocRecipient(" ")}, "recipient.name"),
    ],
)
def test_an_exception_without_its_particulars_is_refused_and_audited(
    shop: Register, changes: dict[str, object], field: str
) -> None:
    arguments: dict[str, object] = {
        "exception": "police_inquiry",
        "recipient": POLICE,
        "items": ["name"],
        "justification": CASE,
        "requester_reference": "W-1",
        **changes,
    }
    with pytest.raises(ValidationError) as refused, shop.session() as session:
        provide(session, OFFICER, ["m1"], **arguments)  # type: ignore[arg-type]
    assert refused.value.field == field
    assert "Tanaka" not in refused.value.message
    run = [e for e in events(shop) if e.action == "provision.run"]
    assert [e.outcome.value for e in run] == ["refused"]
    assert not [e for e in events(shop) if e.action == "read"]
    with shop.engine.connect() as connection:
        assert list_records(connection) == []


def test_an_exception_cannot_provide_a_password(shop: Register) -> None:
    from mamori.errors import AccessDeniedError

    with pytest.raises(AccessDeniedError) as refused, shop.session() as session:
        provide(
            session,
            OFFICER,
            ["m1"],
            exception="by_law",
            recipient=POLICE,
            items=["password"],
            justification=CASE,
            requester_reference="W-1",
        )
    assert refused.value.rule == "purpose_items"


def test_both_or_neither_basis_is_refused(shop: Register) -> None:
    with pytest.raises(ValidationError), shop.session() as session:
        provide(session, OFFICER, ["m1"])
    with pytest.raises(ValidationError), shop.session() as session:
        provide(session, OFFICER, ["m1"], provision="listing", exception="by_law")
