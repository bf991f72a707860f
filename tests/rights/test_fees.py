"""Fees: the policy's, only for disclosure, provision records and purpose notification under
the APPI; never for correction or deletion; under the GDPR only for a request recorded as
manifestly unfounded or excessive."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mamori.errors import ConflictError
from mamori.policy import Policy
from mamori.policy.model import Fee
from mamori.register import Register
from mamori.rights import (
    FeeDue,
    fee_due,
    fulfil,
    mark_excessive,
    refuse,
    settle_fee,
    show,
    start,
    verify_identity,
)
from tests.rights.conftest import OFFICER, Filer, request_events


def _with_fees(policy: Policy, *fees: Fee) -> Policy:
    return policy.model_copy(update={"rights": policy.rights.model_copy(update={"fees": fees})})


def test_a_jp_disclosure_costs_the_policys_fee(shop_policy: Policy) -> None:
    assert fee_due(shop_policy, "disclosure", "JP") == FeeDue(1000, "JPY", "on_application")


def test_an_eu_disclosure_is_free(shop_policy: Policy) -> None:
    assert fee_due(shop_policy, "disclosure", "EU") is None


@pytest.mark.parametrize("kind", ["correction", "deletion", "suspension", "stop_provision"])
def test_no_fee_outside_disclosure_and_notification_even_if_the_policy_sets_one(
    shop_policy: Policy, kind: str
) -> None:
    policy = _with_fees(shop_policy, Fee(request=kind, amount=500))
    assert fee_due(policy, kind, "JP") is None


@pytest.mark.parametrize("kind", ["provision_records", "purpose_notification"])
def test_provision_records_and_notification_may_cost_a_fee(shop_policy: Policy, kind: str) -> None:
    policy = _with_fees(shop_policy, Fee(request=kind, amount=300, charged="on_fulfilment"))
    assert fee_due(policy, kind, "JP") == FeeDue(300, "JPY", "on_fulfilment")
    assert fee_due(shop_policy, kind, "JP") is None  # the shop publishes no fee for them


@pytest.mark.parametrize("kind", ["correction", "deletion"])
def test_correction_and_deletion_are_filed_free(filed: Filer, kind: str) -> None:
    request = filed(kind, scope=["email"])
    assert request.fee_amount is None
    assert not request.fee_outstanding


def test_a_fee_paid_on_application_stays_paid_when_the_request_is_refused(
    shop: Register, filed: Filer
) -> None:
    request = filed("disclosure")
    with shop.session() as session:
        verify_identity(session, OFFICER, request.id, "document")
        settle_fee(session, OFFICER, request.id, reference="receipt-77")
        refusal = refuse(session, OFFICER, request.id, "not_obliged_by_law", "No data is held.")
    assert refusal.request.fee_settled_at is not None
    assert refusal.request.fee_reference == "receipt-77"


def test_an_eu_request_goes_from_verification_to_work_without_a_fee(
    shop: Register, filed: Filer
) -> None:
    request = filed("disclosure", jurisdiction="EU")
    with shop.session() as session:
        verify_identity(session, OFFICER, request.id, "email_code")
        assert start(session, OFFICER, request.id).state == "in_progress"


def test_an_excessive_gdpr_request_owes_a_reasonable_fee_before_work(
    shop: Register, filed: Filer
) -> None:
    request = filed("disclosure", jurisdiction="EU")
    with shop.session() as session:
        marked = mark_excessive(
            session, OFFICER, request.id, "The fifth copy this month.", fee=25, currency="EUR"
        )
        verify_identity(session, OFFICER, request.id, "email_code")
    assert marked.manifestly_excessive
    assert (marked.fee_amount, marked.fee_currency, marked.fee_basis) == (
        25,
        "EUR",
        "manifestly_unfounded_or_excessive",
    )
    with pytest.raises(ConflictError, match="not settled"), shop.session() as session:
        start(session, OFFICER, request.id)
    with shop.session() as session:
        settle_fee(session, OFFICER, request.id)
        start(session, OFFICER, request.id)
        assert fulfil(session, OFFICER, request.id).state == "fulfilled"
    actions = [e.action for e in request_events(shop, request.id) if e.outcome == "allowed"]
    assert "request.excessive" in actions


@pytest.mark.parametrize("kind", ["correction", "deletion"])
def test_an_excessive_correction_or_deletion_is_still_never_charged(
    shop: Register, filed: Filer, kind: str
) -> None:
    request = filed(kind, jurisdiction="EU", scope=["email"])
    with pytest.raises(ConflictError, match="never charged"), shop.session() as session:
        mark_excessive(session, OFFICER, request.id, "Repeated daily.", fee=10)
    with shop.session() as session:
        assert show(session, OFFICER, request.id).fee_amount is None


def test_an_appi_request_cannot_be_charged_as_excessive(shop: Register, filed: Filer) -> None:
    request = filed("disclosure")
    with pytest.raises(ConflictError, match=r"Art\. 38"), shop.session() as session:
        mark_excessive(session, OFFICER, request.id, "Repeated daily.", fee=5000, currency="JPY")


def test_refusing_as_manifestly_excessive_records_it_as_such(shop: Register, filed: Filer) -> None:
    request = filed("disclosure", jurisdiction="EU")
    with shop.session() as session:
        refusal = refuse(
            session,
            OFFICER,
            request.id,
            "manifestly_unfounded_or_excessive",
            "Twelve identical requests in a week.",
            at=request.received_at + timedelta(days=1),
        )
    assert refusal.request.manifestly_excessive
