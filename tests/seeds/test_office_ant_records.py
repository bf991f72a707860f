"""office-ant, OA-3: receiving personal data from a third party records the provider and how it
got the data; a provider abroad needs the person's prior consent or one of the exceptions the
policy lists (outsourcing, acquisition, joint use, what the law permits). On SQLite and
PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from seed_register import events, seed_register

from mamori.audit import Outcome
from mamori.errors import AccessDeniedError, ValidationError
from mamori.provision import Provider, ReceiptBasis, receipts_of, record_receipt
from mamori.register import Actor, Register

APP = Actor.application()
ADMIN = Actor.staff("admin-1", "administrator")
ABROAD = Provider("Partner Inc.", "1 Market St, San Francisco, CA", "Jane Doe", country="US")
HOW = "Collected by the partner at its own sign-up, with the customer's consent to pass it on"


@pytest.fixture
def register(database_url: str, tmp_path: Path) -> Iterator[Register]:
    with seed_register("office-ant", database_url, tmp_path) as opened:
        with opened.session() as session:
            session.create_subject(
                APP,
                "c1",
                kind="customer",
                collection_point="external_service_link",
                values={"external_service_info": "partner-id-77"},
            )
        yield opened


def receive(
    register: Register,
    basis: ReceiptBasis,
    *,
    provider: Provider = ABROAD,
    acquisition: str = HOW,
    **extra: object,
) -> None:
    with register.session() as session:
        record_receipt(
            session,
            ADMIN,
            "c1",
            provider=provider,
            acquisition=acquisition,
            items=["external_service_info"],
            basis=basis,
            **extra,  # type: ignore[arg-type]
        )


def kept(register: Register) -> list[tuple[str, str, str]]:
    with register.engine.connect() as connection:
        return [
            (record.provider.name, record.acquisition, record.basis)
            for record in receipts_of(connection, "c1")
        ]


def test_oa3_a_receipt_records_the_provider_and_how_it_got_the_data(register: Register) -> None:
    receive(register, "consent")
    assert kept(register) == [("Partner Inc.", HOW, "consent")]


def test_oa3_a_receipt_without_how_the_provider_got_the_data_is_refused(
    register: Register,
) -> None:
    with pytest.raises(ValidationError) as invalid:
        receive(register, "consent", acquisition="")
    assert invalid.value.field == "acquisition"
    assert kept(register) == []


def test_oa3_a_provider_abroad_without_consent_is_refused_and_audited(register: Register) -> None:
    with pytest.raises(AccessDeniedError) as refused:
        receive(register, "opt_out", opt_out_published=date(2025, 1, 6))
    assert refused.value.rule == "receipt_foreign"
    assert kept(register) == []
    assert (events(register, "c1")[-1].outcome, events(register, "c1")[-1].rule) == (
        Outcome.REFUSED,
        "receipt_foreign",
    )


@pytest.mark.parametrize("basis", ["entrustment", "business_succession", "joint_use", "by_law"])
def test_oa3_a_provider_abroad_under_a_listed_exception_is_recorded(
    register: Register, basis: ReceiptBasis
) -> None:
    receive(register, basis)
    assert kept(register) == [("Partner Inc.", HOW, basis)]


def test_oa3_the_notice_states_the_rule_on_third_party_sources(register: Register) -> None:
    from mamori.policy.notice import render_notice

    notice = render_notice(register.policy, locale="en", format="md")
    assert "(including a person located outside Japan) without obtaining" in notice
