"""Art. 29 and Art. 31 records: what each provision writes, bulk records, retention, expiry,
and a person's records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mamori.consent import status
from mamori.errors import AccessDeniedError
from mamori.provision import (
    AdHocRecipient,
    ProvisionRecord,
    expire_records,
    list_records,
    provide,
    records_of,
    retention_end,
)
from mamori.register import Actor, Register
from tests.provision.conftest import OFFICER, SUPPORT, consent, events

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def all_records(shop: Register) -> list[ProvisionRecord]:
    with shop.engine.connect() as connection:
        return list_records(connection, with_subjects=True)


def test_a_consent_provision_records_the_four_items(shop: Register) -> None:
    consent(shop, "m1", ["provision:partners"])
    with shop.session() as session:
        done = provide(session, OFFICER, ["m1", "m2"], provision="partners", at=T0)
    (record,) = all_records(shop)
    with shop.engine.connect() as connection:
        (given,) = status(connection, shop.policy, "m1", ["provision:partners"])
    assert record.id == done.record_ids[0]
    assert (record.article, record.basis, record.provision) == ("29", "consent", "partners")
    # The fact of consent: the ledger event, per person.
    assert [(s.subject_id, s.consent_event_id) for s in record.subjects] == [("m1", given.event_id)]
    recipient = record.recipient
    assert (recipient.name, recipient.address, recipient.representative) == (
        {"*": "AdCo KK"},
        {"*": "1-1 Chiyoda, Tokyo"},
        {"*": "Taro Ad"},
    )
    assert record.items == ("name", "email", "gender")
    assert record.first_provided_at == record.last_provided_at == T0
    assert (record.provided, record.retain_until) == (1, datetime(2029, 3, 1, 9, 0, tzinfo=UTC))


def test_an_opt_out_record_keeps_the_date_and_no_consent(shop: Register) -> None:
    with shop.session() as session:
        provide(session, OFFICER, ["m1"], provision="listing", at=T0)
    (record,) = all_records(shop)
    assert record.basis == "opt_out"
    assert [(s.subject_id, s.consent_event_id, s.first_provided_at) for s in record.subjects] == [
        ("m1", None, T0)
    ]


def test_personally_referable_items_write_an_art31_confirmation_record(shop: Register) -> None:
    consent(shop, "m1", ["provision:cookie_sync"])
    with shop.session() as session:
        provide(session, OFFICER, ["m1", "m2"], provision="cookie_sync", bulk=True, at=T0)
    (record,) = all_records(shop)
    assert (record.article, record.confirmation_method) == ("31", "consent_ledger")
    assert record.items == ("cookie_id",)
    assert record.subjects[0].consent_event_id is not None


def test_a_bulk_provision_extends_the_open_bulk_record(shop: Register) -> None:
    consent(shop, "m1", ["provision:partners"])
    later = T0 + timedelta(days=30)
    with shop.session() as session:
        first = provide(session, OFFICER, ["m1"], provision="partners", bulk=True, at=T0)
    consent(shop, "m2", ["provision:partners"])
    with shop.session() as session:
        second = provide(session, OFFICER, ["m1", "m2"], provision="partners", bulk=True, at=later)
    assert first.record_ids == second.record_ids
    (record,) = all_records(shop)
    assert (record.bulk, record.first_provided_at, record.last_provided_at) == (True, T0, later)
    assert record.provided == 3
    assert record.retain_until == retention_end(later, bulk=True, contract=False)
    assert [(s.subject_id, s.first_provided_at, s.last_provided_at) for s in record.subjects] == [
        ("m1", T0, later),
        ("m2", later, later),
    ]


def test_a_provision_that_is_not_bulk_writes_a_record_each_time(shop: Register) -> None:
    with shop.session() as session:
        provide(session, OFFICER, ["m1"], provision="listing", at=T0)
        provide(session, OFFICER, ["m1"], provision="listing", at=T0)
    assert len(all_records(shop)) == 2


def test_other_items_start_a_new_bulk_record(shop: Register) -> None:
    with shop.session() as session:
        provide(session, OFFICER, ["m1"], provision="listing", bulk=True, at=T0)
        provide(session, OFFICER, ["m1"], provision="listing", items=["name"], bulk=True, at=T0)
    assert len(all_records(shop)) == 2


@pytest.mark.parametrize(
    ("bulk", "contract", "years"), [(False, False, 3), (True, False, 3), (False, True, 1)]
)
def test_retention_is_one_year_with_a_contract_else_three(
    shop: Register, bulk: bool, contract: bool, years: int
) -> None:
    with shop.session() as session:
        provide(
            session,
            OFFICER,
            ["m1"],
            provision="listing",
            bulk=bulk,
            contract_reference="contract-7" if contract else None,
            at=T0,
        )
    (record,) = all_records(shop)
    assert record.retain_until == T0.replace(year=T0.year + years)
    assert record.contract_reference == ("contract-7" if contract else None)


def test_retention_from_29_february_ends_on_28_february() -> None:
    leap = datetime(2028, 2, 29, tzinfo=UTC)
    assert retention_end(leap, bulk=False, contract=True) == datetime(2029, 2, 28, tzinfo=UTC)


def test_expire_deletes_only_records_past_retention_and_audits_it(shop: Register) -> None:
    with shop.session() as session:
        provide(session, OFFICER, ["m1"], provision="listing", contract_reference="c1", at=T0)
        provide(session, OFFICER, ["m2"], provision="listing", at=T0)
    with shop.session() as session:
        assert expire_records(session, Actor.system(), now=T0 + timedelta(days=366)) == 1
    (kept,) = all_records(shop)
    assert kept.subjects[0].subject_id == "m2"
    expired = [e for e in events(shop) if e.action == "provision.expire"]
    assert [(e.outcome.value, e.rule) for e in expired] == [("allowed", "retention_opt_out")]
    with shop.engine.connect() as connection:
        assert records_of(connection, "m1") == []


def test_expire_is_refused_to_staff_without_provisions_run(shop: Register) -> None:
    with pytest.raises(AccessDeniedError), shop.session() as session:
        expire_records(session, SUPPORT)
    assert [e.rule for e in events(shop) if e.action == "provision.expire"] == ["records_role"]


def test_records_of_lists_a_persons_records_for_disclosure(shop: Register) -> None:
    consent(shop, "m1", ["provision:partners"])
    with shop.session() as session:
        provide(session, OFFICER, ["m1", "m2"], provision="listing", at=T0)
        provide(session, OFFICER, ["m1", "m2"], provision="partners", at=T0 + timedelta(days=1))
    with shop.engine.connect() as connection:
        mine = records_of(connection, "m1")
        theirs = records_of(connection, "m2")
    assert [(r.provision, [s.subject_id for s in r.subjects]) for r in mine] == [
        ("listing", ["m1"]),
        ("partners", ["m1"]),
    ]
    assert [r.provision for r in theirs] == ["listing"]
    assert mine[1].to_dict()["recipient"] == mine[1].recipient.to_dict()


def test_list_records_filters_by_provision_recipient_and_basis(shop: Register) -> None:
    consent(shop, "m1", ["provision:research"])
    with shop.session() as session:
        provide(session, OFFICER, ["m1"], provision="listing", at=T0)
        provide(session, OFFICER, ["m1"], provision="research", at=T0)
    with shop.engine.connect() as connection:
        assert [r.provision for r in list_records(connection, provision="research")] == ["research"]
        assert [r.provision for r in list_records(connection, recipient="adco")] == ["listing"]
        assert [r.provision for r in list_records(connection, basis="opt_out")] == ["listing"]
        assert list_records(connection, basis="legal_exception") == []


def test_the_recipient_is_recorded_as_named_at_the_time(shop: Register) -> None:
    partner = AdHocRecipient("Partner KK", "2-2 Minato, Tokyo", "Hanako Partner")
    consent(shop, "m1", ["provision:offers"])
    with shop.session() as session:
        provide(session, OFFICER, ["m1"], provision="offers", recipient=partner, at=T0)
    (record,) = all_records(shop)
    assert (record.recipient.key, record.recipient.name) == (None, {"*": "Partner KK"})
    assert record.recipient.representative == {"*": "Hanako Partner"}
