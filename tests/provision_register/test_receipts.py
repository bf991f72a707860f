"""APPI Art. 30: a receipt is checked (provider identity, how it acquired the data), recorded
with the person, items and consent fact or opt-out publication, kept 3 years (1 with a
contract), refused from abroad without consent or a listed exception; on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from mamori.audit import Outcome
from mamori.errors import AccessDeniedError, NotFoundError, ValidationError
from mamori.provision import (
    Provider,
    ReceiptBasis,
    expire_receipts,
    list_receipts,
    receipts_of,
    record_receipt,
)
from mamori.register import Actor, Register
from tests.provision_register.audit import events, of_action
from tests.provision_register.conftest import APP, OFFICER, SUPPORT

FACEBOOK = Provider(
    "Meta Platforms, Inc.", "1 Meta Way, Menlo Park, CA", "Mark Zuckerberg", country="US"
)
DATA_KK = Provider("Data Broker KK", "4-4 Chuo, Tokyo", "Ichiro Data")
HOW = "Given by the user to Facebook; shared as their privacy settings allow"
RECEIVED = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def receive(
    register: Register,
    subject_id: str = "m1",
    *,
    actor: Actor = APP,
    provider: Provider = FACEBOOK,
    acquisition: str = HOW,
    items: list[str] | None = None,
    basis: ReceiptBasis = "consent",
    **extra: object,
) -> None:
    with register.session() as session:
        record_receipt(
            session,
            actor,
            subject_id,
            provider=provider,
            acquisition=acquisition,
            items=items or ["social_profile"],
            basis=basis,
            received_at=RECEIVED,
            **extra,  # type: ignore[arg-type]
        )


def kept(register: Register, subject_id: str | None = None) -> list[str]:
    with register.engine.connect() as connection:
        found = (
            list_receipts(connection) if subject_id is None else receipts_of(connection, subject_id)
        )
    return [record.subject_id for record in found]


def test_a_receipt_records_provider_acquisition_person_items_and_consent(
    shop: Register,
) -> None:
    receive(shop)
    with shop.engine.connect() as connection:
        (record,) = receipts_of(connection, "m1")
    assert record.provider == FACEBOOK
    assert (record.acquisition, record.items, record.basis) == (HOW, ("social_profile",), "consent")
    assert (record.received_at, record.actor_id) == (RECEIVED, "app")


def test_a_receipt_is_kept_three_years(shop: Register) -> None:
    receive(shop)
    with shop.engine.connect() as connection:
        (record,) = receipts_of(connection, "m1")
    assert record.retain_until == datetime(2029, 3, 1, 9, 0, tzinfo=UTC)


def test_a_contract_as_the_record_is_kept_one_year(shop: Register) -> None:
    receive(shop, provider=DATA_KK, contract="AGR-2026-7")
    with shop.engine.connect() as connection:
        (record,) = receipts_of(connection, "m1")
    assert (record.contract, record.retain_until.year) == ("AGR-2026-7", 2027)


def test_an_opt_out_receipt_records_the_ppc_publication(shop: Register) -> None:
    receive(shop, provider=DATA_KK, basis="opt_out", opt_out_published=date(2025, 12, 1))
    with shop.engine.connect() as connection:
        (record,) = receipts_of(connection, "m1")
    assert (record.basis, record.opt_out_published) == ("opt_out", date(2025, 12, 1))


def test_an_opt_out_receipt_without_the_publication_is_invalid(shop: Register) -> None:
    with pytest.raises(ValidationError) as invalid:
        receive(shop, provider=DATA_KK, basis="opt_out")
    assert invalid.value.field == "opt_out_published"
    assert kept(shop) == []


@pytest.mark.parametrize(
    ("provider", "field"),
    [
        (replace(FACEBOOK, name=" "), "provider.name"),
        (replace(FACEBOOK, address=""), "provider.address"),
        (replace(FACEBOOK, representative=None), "provider.representative"),
        (replace(FACEBOOK, country="usa"), "provider.country"),
    ],
)
def test_a_provider_without_its_identity_is_invalid_and_nothing_is_recorded(
    shop: Register, provider: Provider, field: str
) -> None:
    with pytest.raises(ValidationError) as invalid:
        receive(shop, provider=provider)
    assert invalid.value.field == field
    assert kept(shop) == []


def test_a_provider_who_is_a_person_needs_no_representative(shop: Register) -> None:
    receive(shop, provider=Provider("A. Person", "5-5 Meguro, Tokyo", individual=True))
    with shop.engine.connect() as connection:
        (record,) = receipts_of(connection, "m1")
    assert (record.provider.representative, record.provider.individual) == (None, True)


def test_a_receipt_without_how_the_provider_got_the_data_is_invalid(shop: Register) -> None:
    with pytest.raises(ValidationError) as invalid:
        receive(shop, acquisition="  ")
    assert invalid.value.field == "acquisition"
    assert kept(shop) == []


def test_an_undeclared_item_is_invalid(shop: Register) -> None:
    with pytest.raises(ValidationError) as invalid:
        receive(shop, items=["social_profile", "shoe_size"])
    assert invalid.value.field == "items[1]"


def test_an_unknown_basis_is_invalid(shop: Register) -> None:
    with pytest.raises(ValidationError) as invalid:
        receive(shop, basis="purchase")  # type: ignore[arg-type]
    assert invalid.value.field == "basis"


def test_a_provider_abroad_by_opt_out_is_refused_and_audited(shop: Register) -> None:
    with pytest.raises(AccessDeniedError) as refused:
        receive(shop, basis="opt_out", opt_out_published=date(2025, 12, 1))
    assert refused.value.rule == "receipt_foreign"
    assert "prior consent" in refused.value.message
    assert kept(shop) == []
    (event,) = of_action(shop, "receipt.record")
    assert (event.outcome, event.subject_id, event.rule) == (
        Outcome.REFUSED,
        "m1",
        "receipt_foreign",
    )


@pytest.mark.parametrize(
    "basis", ["consent", "entrustment", "business_succession", "joint_use", "by_law"]
)
def test_a_provider_abroad_with_consent_or_a_listed_exception_is_recorded(
    shop: Register, basis: ReceiptBasis
) -> None:
    receive(shop, basis=basis)
    assert kept(shop, "m1") == ["m1"]


def test_sensitive_data_by_opt_out_is_refused(shop: Register) -> None:
    with pytest.raises(AccessDeniedError) as refused:
        receive(
            shop,
            provider=DATA_KK,
            items=["health"],
            basis="opt_out",
            opt_out_published=date(2025, 12, 1),
        )
    assert refused.value.rule == "receipt_sensitive_opt_out"


def test_staff_without_the_permission_may_not_record_and_are_audited(shop: Register) -> None:
    with pytest.raises(AccessDeniedError) as refused:
        receive(shop, actor=SUPPORT)
    assert refused.value.rule == "records_keeper"
    assert [event.outcome for event in of_action(shop, "receipt.record")] == [Outcome.REFUSED]


def test_the_person_may_not_record_a_receipt_about_themself(shop: Register) -> None:
    with pytest.raises(AccessDeniedError):
        receive(shop, actor=Actor.subject("m1"))


def test_staff_with_the_permission_record_a_receipt(shop: Register) -> None:
    receive(shop, actor=OFFICER)
    assert kept(shop) == ["m1"]


def test_a_receipt_about_an_unknown_person_is_refused(shop: Register) -> None:
    with pytest.raises(NotFoundError):
        receive(shop, "nobody")
    assert kept(shop) == []


def test_the_audit_event_holds_ids_and_keys_only(shop: Register) -> None:
    receive(shop)
    (event,) = of_action(shop, "receipt.record")
    assert (event.subject_id, event.item_keys, event.rule) == (
        "m1",
        ("social_profile",),
        "receipt_consent",
    )
    shown = str(event.to_dict())
    assert "Meta" not in shown
    assert "privacy settings" not in shown


def test_each_person_sees_only_their_own_receipts(shop: Register) -> None:
    receive(shop, "m1")
    receive(shop, "m2")
    assert (kept(shop, "m1"), kept(shop, "m2")) == (["m1"], ["m2"])
    assert sorted(kept(shop)) == ["m1", "m2"]


def test_expiry_deletes_the_records_whose_retention_ended(shop: Register) -> None:
    receive(shop, "m1", provider=DATA_KK, contract="AGR-1")  # kept until 2027-03-01
    receive(shop, "m2")  # kept until 2029-03-01
    with shop.session() as session:
        gone = expire_receipts(session, Actor.system(), now=datetime(2028, 1, 1, tzinfo=UTC))
    assert (gone, kept(shop)) == (1, ["m2"])
    assert of_action(shop, "receipt.expire")[0].rule == "receipt_retention"


def test_expiry_before_the_end_of_retention_deletes_nothing(shop: Register) -> None:
    receive(shop)
    with shop.session() as session:
        gone = expire_receipts(session, OFFICER, now=datetime(2029, 2, 28, tzinfo=UTC))
    assert (gone, kept(shop)) == (0, ["m1"])


def test_expiry_is_refused_to_staff_without_the_permission(shop: Register) -> None:
    with pytest.raises(AccessDeniedError), shop.session() as session:
        expire_receipts(session, SUPPORT)
    assert [event.outcome for event in of_action(shop, "receipt.expire")] == [Outcome.REFUSED]


def receive_then_fail(register: Register) -> None:
    with register.session() as session:
        record_receipt(
            session,
            APP,
            "m1",
            provider=FACEBOOK,
            acquisition=HOW,
            items=["social_profile"],
            basis="consent",
        )
        raise RuntimeError("the caller's work failed")


def test_a_receipt_rolled_back_with_its_transaction_leaves_no_record(shop: Register) -> None:
    with pytest.raises(RuntimeError):
        receive_then_fail(shop)
    assert kept(shop) == []
    assert events(shop, subject_id="m1")[-1].action == "create"


def test_a_record_as_a_dict_names_the_provider_and_items(shop: Register) -> None:
    receive(shop)
    with shop.engine.connect() as connection:
        (record,) = receipts_of(connection, "m1")
    shown = record.to_dict()
    assert shown["provider"]["name"] == "Meta Platforms, Inc."
    assert (shown["items"], shown["received_at"]) == (["social_profile"], RECEIVED.isoformat())


def test_a_receipt_record_outlives_the_persons_erasure(shop: Register) -> None:
    receive(shop)
    with shop.session() as session:
        session.erase(Actor.system(), "m1")
    assert kept(shop, "m1") == ["m1"]


def test_a_receipt_in_the_future_is_invalid(shop: Register) -> None:
    with pytest.raises(ValidationError) as invalid, shop.session() as session:
        record_receipt(
            session,
            APP,
            "m1",
            provider=FACEBOOK,
            acquisition=HOW,
            items=["social_profile"],
            basis="consent",
            received_at=datetime(2100, 1, 1, tzinfo=UTC),
        )
    assert invalid.value.field == "received_at"
    assert kept(shop) == []
