"""Each step tells the person, in the same transaction, in their language: received,
verification needed, fee due, done, partly done, refused (with the GDPR remedies), deadline
extended. A refused step tells nothing; no message holds an item value. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mamori.consent import Collected, give
from mamori.errors import ConflictError
from mamori.notify import OutgoingMessage, deliver, messages
from mamori.register import Actor, Register
from mamori.rights import (
    extend,
    file_request,
    fulfil,
    fulfil_request,
    partly_fulfil,
    refuse,
    settle_fee,
    start,
    verify_identity,
)
from tests.rights.conftest import OFFICER, RECEIVED, Filer


class Capture:
    def __init__(self) -> None:
        self.sent: list[OutgoingMessage] = []

    def send(self, message: OutgoingMessage) -> None:
        self.sent.append(message)


def _kinds(register: Register) -> list[tuple[str, str]]:
    with register.engine.connect() as connection:
        return [(entry.kind, entry.locale) for entry in messages(connection, limit=1_000)]


def _sent(register: Register) -> dict[str, OutgoingMessage]:
    capture = Capture()
    deliver(
        register,
        capture,
        Actor.system(),
        address_item="email",
        purpose="service",
        now=RECEIVED + timedelta(days=400),
    )
    return {message.subject: message for message in capture.sent}


def _ready(register: Register, request_id: str) -> None:
    with register.session() as session:
        verify_identity(session, OFFICER, request_id, "document")
        settle_fee(session, OFFICER, request_id)
        start(session, OFFICER, request_id)


def test_a_request_filed_by_email_asks_for_identity_and_the_fee(
    shop: Register, filed: Filer
) -> None:
    request = filed("disclosure")

    assert _kinds(shop) == [
        ("request_received", "en"),
        ("verification_needed", "en"),
        ("fee_due", "en"),
    ]
    sent = _sent(shop)
    fee = sent[f"A fee is due for request {request.id}"]
    assert fee.to == "m1@example.org"
    assert "A fee of 1,000 JPY is due for your disclosure request" in fee.body
    received = sent[f"We received your request {request.id}"].body
    assert "on 2026-01-31" in received
    assert f"by {request.due_at.date().isoformat()}" in received
    verification = sent[f"Please confirm your identity for request {request.id}"].body
    assert "an identity document checked by our staff" in verification


def test_a_person_filing_in_their_own_session_is_only_told_it_was_received(
    shop: Register,
) -> None:
    with shop.session() as session:
        file_request(session, Actor.subject("m1"), "m1", "deletion", channel="online")

    assert _kinds(shop) == [("request_received", "en")]


def test_the_person_is_written_to_in_the_language_of_their_latest_consent(
    shop: Register, filed: Filer
) -> None:
    with shop.session() as session:
        give(session, Actor.subject("m1"), "m1", ["newsletter"], Collected("web_form", "ja"))

    request = filed("correction", scope=["email"])

    assert {locale for _, locale in _kinds(shop)} == {"ja"}
    assert f"ご請求 {request.id} を受け付けました" in _sent(shop)


def test_fulfilment_tells_the_person_it_is_done(shop: Register, filed: Filer) -> None:
    request = filed("disclosure")
    _ready(shop, request.id)
    with shop.session() as session:
        fulfil(session, OFFICER, request.id)

    assert _kinds(shop)[-1] == ("request_done", "en")
    assert f"Your request {request.id} is complete" in _sent(shop)


def test_an_eu_refusal_states_the_reason_and_the_remedies(shop: Register, filed: Filer) -> None:
    request = filed("portability", jurisdiction="EU")
    with shop.session() as session:
        refuse(session, OFFICER, request.id, "repeated_without_reason", "Same as last week.")

    body = _sent(shop)[f"We cannot act on your request {request.id}"].body
    assert "for this reason: Same as last week." in body
    assert "lodge a complaint with a supervisory authority" in body
    assert "judicial remedy" in body


def test_an_appi_refusal_states_the_reason_without_gdpr_remedies(
    shop: Register, filed: Filer
) -> None:
    request = filed("deletion")
    with shop.session() as session:
        refuse(session, OFFICER, request.id, "not_obliged_by_law", "Kept by law.")

    body = _sent(shop)[f"We cannot act on your request {request.id}"].body
    assert body.endswith("for this reason: Kept by law.")


def test_a_partial_answer_states_what_is_withheld_and_why(shop: Register, filed: Filer) -> None:
    request = filed("disclosure", jurisdiction="EU")
    with shop.session() as session:
        verify_identity(session, OFFICER, request.id, "document")
        start(session, OFFICER, request.id)
        partly_fulfil(session, OFFICER, request.id, "not_obliged_by_law", "Others' data.")

    assert _kinds(shop)[-1] == ("request_partly_done", "en")
    body = _sent(shop)[f"Your request {request.id} is answered in part"].body
    assert "for this reason: Others' data." in body
    assert "supervisory authority" in body


def test_an_extension_is_notified_with_its_reasons_and_new_date(
    shop: Register, filed: Filer
) -> None:
    request = filed("disclosure", jurisdiction="EU")
    with shop.session() as session:
        extended = extend(session, OFFICER, request.id, "Many archives to search.", at=RECEIVED)

    body = _sent(shop)[f"More time is needed for your request {request.id}"].body
    assert f"by {extended.due_at.date().isoformat()} at the latest" in body
    assert "Many archives to search." in body


def test_a_step_the_workflow_refuses_enqueues_nothing(shop: Register, filed: Filer) -> None:
    request = filed("disclosure")
    before = _kinds(shop)

    with pytest.raises(ConflictError), shop.session() as session:
        fulfil(session, OFFICER, request.id)

    assert _kinds(shop) == before


def test_an_erasing_deletion_completes_without_a_message_to_the_erased_person(
    shop: Register, filed: Filer
) -> None:
    request = filed("deletion")
    with shop.session() as session:
        verify_identity(session, OFFICER, request.id, "document")
        start(session, OFFICER, request.id)
        done = fulfil_request(session, OFFICER, request.id)

    assert done.erased
    assert done.request.state == "fulfilled"
    assert "request_done" not in [kind for kind, _ in _kinds(shop)]


def test_no_item_value_but_the_address_is_in_any_message(shop: Register, filed: Filer) -> None:
    with shop.session() as session:
        session.write(Actor.application(), "m1", "service", {"postal_code": "1500001"})
    request = filed("disclosure")
    _ready(shop, request.id)
    with shop.session() as session:
        fulfil(session, OFFICER, request.id)

    sent = _sent(shop)

    assert len(sent) == 4
    for message in sent.values():
        text = message.subject + message.body
        assert "Member 1" not in text
        assert "1500001" not in text
        assert "m1@example.org" not in text
        assert message.to == "m1@example.org"
