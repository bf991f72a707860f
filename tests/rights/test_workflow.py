"""Every step of the workflow, allowed and forbidden, on SQLite and PostgreSQL: a forbidden step
raises a clear error, changes nothing and is audited as refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from mamori.errors import (
    AccessDeniedError,
    ConflictError,
    MamoriError,
    NotFoundError,
    ValidationError,
)
from mamori.register import Actor, Register, RegisterSession
from mamori.rights import (
    extend,
    fulfil,
    partly_fulfil,
    refuse,
    settle_fee,
    show,
    start,
    verify_identity,
)
from tests.rights.conftest import OFFICER, RECEIVED, SUPPORT, Filer, request_events

Step = Callable[[RegisterSession, str], object]
LATER = RECEIVED + timedelta(days=1)


def _run(shop: Register, request_id: str, *steps: Step) -> None:
    with shop.session() as session:
        for step in steps:
            step(session, request_id)


def _verify(method: str = "document") -> Step:
    return lambda session, rid: verify_identity(session, OFFICER, rid, method, at=LATER)


def _fee(session: RegisterSession, rid: str) -> object:
    return settle_fee(session, OFFICER, rid, reference="pay-1", at=LATER)


def _start(session: RegisterSession, rid: str) -> object:
    return start(session, OFFICER, rid, at=LATER)


def _fulfil(session: RegisterSession, rid: str) -> object:
    return fulfil(session, OFFICER, rid, at=LATER)


def _refuse(ground: str = "repeated_without_reason", reason: str = "Answered last week.") -> Step:
    return lambda session, rid: refuse(session, OFFICER, rid, ground, reason, at=LATER)


def _extend(at_days: int = 5) -> Step:
    at = RECEIVED + timedelta(days=at_days)
    return lambda session, rid: extend(session, OFFICER, rid, "Many records to gather.", at=at)


def test_a_filed_request_is_received_with_its_fee_and_deadline(filed: Filer) -> None:
    request = filed("disclosure", form="paper")
    assert (request.state, request.form, request.channel) == ("received", "paper", "email")
    assert (request.fee_amount, request.fee_currency) == (1000, "JPY")
    assert request.due_at == RECEIVED + timedelta(weeks=2)


def test_a_disclosure_moves_through_every_state_and_each_step_is_audited(
    shop: Register, filed: Filer
) -> None:
    request = filed("disclosure")
    _run(shop, request.id, _verify(), _fee, _start, _fulfil)
    with shop.session() as session:
        done = show(session, OFFICER, request.id)
    assert [step.state for step in done.steps] == [
        "received",
        "identity_verified",
        "fee_settled",
        "in_progress",
        "fulfilled",
    ]
    assert done.verification_method == "document"
    assert done.closed_at == LATER
    events = request_events(shop, request.id)
    assert [event.action for event in events] == [
        "request.file",
        "request.verify",
        "request.fee",
        "request.start",
        "request.fulfil",
        "request.show",
    ]
    assert all(event.outcome == "allowed" and event.subject_id == "m1" for event in events)


def test_a_request_without_fee_skips_the_fee_step(shop: Register, filed: Filer) -> None:
    request = filed("correction", scope=["email"])
    _run(shop, request.id, _verify("email_code"), _start, _fulfil)
    with shop.session() as session:
        done = show(session, OFFICER, request.id)
    assert [step.state for step in done.steps] == [
        "received",
        "identity_verified",
        "in_progress",
        "fulfilled",
    ]
    assert done.fee_amount is None


def test_a_partly_fulfilled_request_keeps_the_ground_and_reason(
    shop: Register, filed: Filer
) -> None:
    request = filed("correction", scope=["email", "name"])
    _run(shop, request.id, _verify(), _start)
    with shop.session() as session:
        answer = partly_fulfil(
            session, OFFICER, request.id, "not_obliged_by_law", "The name is as registered."
        )
    assert answer.request.state == "partly_fulfilled"
    assert (answer.ground, answer.reason) == ("not_obliged_by_law", "The name is as registered.")


def test_a_refusal_keeps_its_ground_and_reason(shop: Register, filed: Filer) -> None:
    request = filed("deletion")
    _run(shop, request.id, _verify())
    with shop.session() as session:
        answer = refuse(session, OFFICER, request.id, "not_obliged_by_law", "Records kept by law.")
    assert answer.request.state == "refused"
    assert answer.request.refusal_ground == "not_obliged_by_law"
    assert answer.request.refusal_reason == "Records kept by law."
    assert answer.remedies == ()  # APPI


def test_a_gdpr_refusal_states_the_right_to_complain_and_to_go_to_court(
    shop: Register, filed: Filer
) -> None:
    request = filed("disclosure", jurisdiction="EU")
    with shop.session() as session:
        answer = refuse(session, OFFICER, request.id, "repeated_without_reason", "Same as before.")
    assert answer.remedies == ("complain_to_supervisory_authority", "judicial_remedy")
    assert "supervisory authority" in answer.statements("en")[0]
    assert "裁判所" in answer.statements("ja")[1]


def test_an_extension_moves_the_gdpr_deadline_by_two_months(shop: Register, filed: Filer) -> None:
    request = filed("portability", jurisdiction="EU", form="csv")
    _run(shop, request.id, _extend())
    with shop.session() as session:
        extended = show(session, OFFICER, request.id)
    assert extended.due_at == RECEIVED.replace(month=4, day=30)  # 31 Jan + 3 months
    assert (extended.extension_months, extended.state) == (2, "received")
    assert extended.extension_reasons == "Many records to gather."


@dataclass(frozen=True)
class Forbidden:
    kind: str
    before: tuple[Step, ...]
    step: Step
    error: type[MamoriError]
    rule: str
    options: dict[str, object] = field(default_factory=dict)


C, V = ConflictError, ValidationError
EU: dict[str, object] = {"jurisdiction": "EU"}
FORBIDDEN = {
    "fulfil before verification": Forbidden("deletion", (), _fulfil, C, "request_state"),
    "start before verification": Forbidden("deletion", (), _start, C, "request_state"),
    "start with the fee unpaid": Forbidden("disclosure", (_verify(),), _start, C, "request_fee"),
    "fulfil before start": Forbidden("deletion", (_verify(),), _fulfil, C, "request_state"),
    "a fee for deletion": Forbidden("deletion", (_verify(),), _fee, C, "request_fee"),
    "a fee for correction": Forbidden(
        "correction", (_verify(),), _fee, C, "request_fee", {"scope": ["name"]}
    ),
    "a fee before verification": Forbidden("disclosure", (), _fee, C, "request_state"),
    "a method the policy does not list": Forbidden(
        "deletion", (), _verify("in_person"), V, "request_verification"
    ),
    "verifying twice": Forbidden("deletion", (_verify(),), _verify(), C, "request_state"),
    "a ground the policy does not list": Forbidden(
        "deletion", (), _refuse("excessive_technical_work"), V, "request_ground"
    ),
    "a refusal without reason": Forbidden(
        "deletion", (), _refuse(reason="  "), V, "request_invalid"
    ),
    "a reason holding an e-mail address": Forbidden(
        "deletion", (), _refuse(reason="Write to m1@example.org"), V, "request_invalid"
    ),
    "refusing after fulfilment": Forbidden(
        "deletion", (_verify(), _start, _fulfil), _refuse(), C, "request_closed"
    ),
    "fulfilling after refusal": Forbidden("deletion", (_refuse(),), _fulfil, C, "request_closed"),
    "extending an APPI request": Forbidden("deletion", (), _extend(), C, "request_extension"),
    "extending twice": Forbidden("deletion", (_extend(),), _extend(6), C, "request_extension", EU),
    "extending after the first month": Forbidden(
        "deletion", (), _extend(29), C, "request_extension", EU
    ),
}


@pytest.mark.parametrize("case", FORBIDDEN)
def test_a_forbidden_step_changes_nothing_and_is_audited(
    case: str, shop: Register, filed: Filer
) -> None:
    forbidden = FORBIDDEN[case]
    request = filed(forbidden.kind, **forbidden.options)
    _run(shop, request.id, *forbidden.before)
    with shop.session() as session:
        was = show(session, OFFICER, request.id)
    with pytest.raises(forbidden.error) as raised:
        _run(shop, request.id, forbidden.step)
    assert raised.value.message  # a sentence naming the fix
    with shop.session() as session:
        assert show(session, OFFICER, request.id) == was
    refused = [e for e in request_events(shop, request.id) if e.outcome == "refused"]
    assert [(e.rule, e.actor_id, e.subject_id) for e in refused] == [
        (forbidden.rule, "officer1", "m1")
    ]


def test_the_extension_window_closes_one_calendar_month_after_receipt(
    shop: Register, filed: Filer
) -> None:
    request = filed("deletion", jurisdiction="EU")  # 31 January: the month ends 28 February
    _run(shop, request.id, _extend(28))
    with shop.session() as session:
        assert show(session, OFFICER, request.id).extension_months == 2


def test_staff_without_the_permission_may_not_handle_requests(shop: Register, filed: Filer) -> None:
    request = filed("deletion")
    with pytest.raises(AccessDeniedError, match=r"requests\.handle"), shop.session() as session:
        verify_identity(session, SUPPORT, request.id, "document")
    refused = [e for e in request_events(shop, request.id) if e.outcome == "refused"]
    assert [(e.rule, e.actor_id) for e in refused] == [("requests_handle", "support1")]


def test_the_person_may_not_handle_their_own_request(shop: Register, filed: Filer) -> None:
    request = filed("deletion")
    with pytest.raises(AccessDeniedError), shop.session() as session:
        verify_identity(session, Actor.subject("m1"), request.id, "session")


def test_an_unknown_request_is_not_found_and_audited(shop: Register) -> None:
    with pytest.raises(NotFoundError, match="no request"), shop.session() as session:
        start(session, OFFICER, "0" * 32)
    assert [e.rule for e in request_events(shop, "0" * 32)] == ["request_unknown"]


def test_the_system_may_verify_a_signed_in_session(shop: Register, filed: Filer) -> None:
    request = filed("portability", jurisdiction="EU", channel="online")
    with shop.session() as session:
        verified = verify_identity(session, Actor.system(), request.id, "session")
    assert verified.state == "identity_verified"
