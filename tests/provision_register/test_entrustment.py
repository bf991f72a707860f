"""Entrustees as the policy declares them, and the Art. 25 supervision log: declared
entrustees only, by staff who keep records, refusals audited; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mamori.audit import Outcome
from mamori.errors import AccessDeniedError, NotFoundError, ValidationError
from mamori.policy import Policy
from mamori.provision import (
    SupervisionKind,
    entrustees_of,
    log_supervision,
    supervision_log,
)
from mamori.register import Actor, Register
from tests.provision_register.audit import of_action
from tests.provision_register.conftest import OFFICER, SUPPORT

AUDITED = datetime(2026, 4, 1, tzinfo=UTC)


def log(
    register: Register,
    entrustee: str = "hosting",
    kind: SupervisionKind = "audit",
    *,
    actor: Actor = OFFICER,
    at: datetime | None = AUDITED,
) -> None:
    with register.session() as session:
        log_supervision(
            session, actor, entrustee, kind, "Yearly security review passed", "AUD-7", at
        )


def logged(register: Register, entrustee: str | None = None) -> list[tuple[str, str]]:
    with register.engine.connect() as connection:
        return [(e.entrustee, e.kind) for e in supervision_log(connection, entrustee)]


def test_entrustees_of_gives_agreement_task_location_and_items(shop_policy: Policy) -> None:
    hosting, mailer = entrustees_of(shop_policy)
    assert (hosting.key, hosting.agreement, hosting.location, hosting.items) == (
        "hosting",
        {"*": "Data processing agreement of 2026-01-10"},
        {"*": "Tokyo region"},
        (),
    )
    assert (mailer.task, mailer.country, mailer.items) == (
        {"*": "Sending the newsletter"},
        "US",
        ("email",),
    )


def test_a_supervision_entry_is_logged_with_its_reference_and_date(shop: Register) -> None:
    log(shop)
    with shop.engine.connect() as connection:
        (entry,) = supervision_log(connection)
    assert (entry.entrustee, entry.kind, entry.reference, entry.at) == (
        "hosting",
        "audit",
        "AUD-7",
        AUDITED,
    )
    assert (entry.summary, entry.actor_id) == ("Yearly security review passed", "officer1")


def test_the_log_lists_one_entrustee_in_date_order(shop: Register) -> None:
    log(shop, "hosting", "contract", at=datetime(2026, 1, 10, tzinfo=UTC))
    log(shop, "mailer", "selection")
    log(shop, "hosting", "selection", at=datetime(2025, 12, 1, tzinfo=UTC))
    assert logged(shop, "hosting") == [("hosting", "selection"), ("hosting", "contract")]
    assert len(logged(shop)) == 3


def test_an_undeclared_entrustee_is_refused_and_audited(shop: Register) -> None:
    with pytest.raises(NotFoundError) as unknown:
        log(shop, "cleaner")
    assert "declared: hosting, mailer" in unknown.value.message
    assert logged(shop) == []
    (event,) = of_action(shop, "supervision.log")
    assert (event.outcome, event.rule, event.purpose) == (
        Outcome.REFUSED,
        "entrustee_unknown",
        "entrustee:cleaner",
    )


def test_staff_without_the_permission_may_not_log_and_are_audited(shop: Register) -> None:
    with pytest.raises(AccessDeniedError) as refused:
        log(shop, actor=SUPPORT)
    assert refused.value.rule == "records_keeper"
    assert [e.outcome for e in of_action(shop, "supervision.log")] == [Outcome.REFUSED]


def test_the_application_may_not_log_supervision(shop: Register) -> None:
    with pytest.raises(AccessDeniedError):
        log(shop, actor=Actor.application())


def test_an_unknown_kind_is_invalid(shop: Register) -> None:
    with pytest.raises(ValidationError) as invalid:
        log(shop, kind="lunch")  # type: ignore[arg-type]
    assert invalid.value.field == "kind"


def test_an_empty_summary_is_invalid(shop: Register) -> None:
    with pytest.raises(ValidationError) as invalid, shop.session() as session:
        log_supervision(session, OFFICER, "hosting", "audit", " ")
    assert invalid.value.field == "summary"


def test_the_audit_event_names_the_entrustee_and_kind_not_the_summary(shop: Register) -> None:
    log(shop)
    (event,) = of_action(shop, "supervision.log")
    assert (event.outcome, event.purpose, event.rule, event.subject_id) == (
        Outcome.ALLOWED,
        "entrustee:hosting",
        "supervision_audit",
        None,
    )
    assert "review" not in str(event.to_dict())
