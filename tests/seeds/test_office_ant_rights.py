"""OA-6: disclosure, correction, suspension and deletion on request by e-mail; identity checked
by a driver's licence (a document staff check; only the fact and the method are kept); 1,000
yen per disclosure request, charged on application whatever the outcome; correction and
deletion charge nothing. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from seed_register import events, seed_register

from mamori.config import Settings
from mamori.crypto import Keyring
from mamori.errors import ConflictError, ValidationError
from mamori.notify import OutgoingMessage, deliver_due, messages
from mamori.register import Actor, Register
from mamori.rights import (
    file_request,
    fulfil,
    refuse,
    settle_fee,
    show,
    start,
    verify_identity,
)

APP = Actor.application()
SUPPORT = Actor.staff("st-1", "support")  # the seed's support desk: requests.handle


@pytest.fixture
def office_ant(database_url: str, tmp_path: Path) -> Iterator[Register]:
    with seed_register("office-ant", database_url, tmp_path) as register:
        with register.session() as session:
            session.create_subject(
                APP,
                "c-1",
                kind="customer",
                collection_point="registration",
                values={"full_name": "Hanako Yamada", "email": "hanako@example.jp"},
            )
        yield register


def _file(register: Register, kind: str, **options: object) -> str:
    with register.session() as session:
        request = file_request(session, SUPPORT, "c-1", kind, channel="email", **options)  # type: ignore[arg-type]
    return request.id


def test_a_disclosure_goes_through_received_verified_paid_and_done(office_ant: Register) -> None:
    request_id = _file(office_ant, "disclosure", form="paper")
    with office_ant.session() as session:
        filed = show(session, SUPPORT, request_id)
        assert (filed.state, filed.fee_amount, filed.fee_currency) == ("received", 1000, "JPY")
        assert filed.fee_charged == "on_application"
        verify_identity(session, SUPPORT, request_id, "document")  # the driver's licence
        settle_fee(session, SUPPORT, request_id, reference="furikomi-0042")
        start(session, SUPPORT, request_id)
        done = fulfil(session, SUPPORT, request_id)
    assert [step.state for step in done.steps] == [
        "received",
        "identity_verified",
        "fee_settled",
        "in_progress",
        "fulfilled",
    ]
    assert done.verification_method == "document"
    actions = [e.action for e in events(office_ant, "c-1") if e.action.startswith("request.")]
    assert actions == [
        "request.file",
        "request.show",
        "request.verify",
        "request.fee",
        "request.start",
        "request.fulfil",
    ]


def test_only_the_policys_verification_and_channel_are_accepted(office_ant: Register) -> None:
    with pytest.raises(ValidationError, match=r"rights\.channels"), office_ant.session() as s:
        file_request(s, SUPPORT, "c-1", "disclosure", channel="online")
    request_id = _file(office_ant, "disclosure")
    with pytest.raises(ValidationError, match="document"), office_ant.session() as session:
        verify_identity(session, SUPPORT, request_id, "email_code")


def test_the_work_waits_for_the_fee(office_ant: Register) -> None:
    request_id = _file(office_ant, "disclosure")
    with office_ant.session() as session:
        verify_identity(session, SUPPORT, request_id, "document")
    with pytest.raises(ConflictError, match="1000 JPY"), office_ant.session() as session:
        start(session, SUPPORT, request_id)


def test_the_seed_lists_no_refusal_ground_so_a_disclosure_cannot_be_refused(
    office_ant: Register,
) -> None:
    request_id = _file(office_ant, "disclosure")
    answered = pytest.raises(ValidationError, match="every request must be answered")
    with answered, office_ant.session() as session:
        refuse(session, SUPPORT, request_id, "not_obliged_by_law", "Not held.")


def test_the_fee_stays_charged_when_a_disclosure_is_refused(
    office_ant: Register, tmp_path: Path
) -> None:
    # "whatever the outcome": with a refusal ground added to the seed's policy.
    policy = office_ant.policy
    rights = policy.rights.model_copy(update={"refusal_grounds": ["not_obliged_by_law"]})
    with_ground = Register.open(
        office_ant.engine.url.render_as_string(hide_password=False),
        policy.model_copy(update={"rights": rights}),
        Keyring.create(tmp_path / "other-keyring.json"),
        keystore_url=f"sqlite:///{tmp_path / 'keys.sqlite'}",
    )
    try:
        request_id = _file(with_ground, "disclosure")
        with with_ground.session() as session:
            verify_identity(session, SUPPORT, request_id, "document")
            settle_fee(session, SUPPORT, request_id)
            refused = refuse(session, SUPPORT, request_id, "not_obliged_by_law", "Not held.")
    finally:
        with_ground.close()
    assert refused.request.state == "refused"
    assert refused.request.fee_settled_at is not None
    assert refused.request.fee_amount == 1000


@pytest.mark.parametrize(("kind", "scope"), [("correction", ["email"]), ("deletion", [])])
def test_correction_and_deletion_charge_nothing(
    office_ant: Register, kind: str, scope: list[str]
) -> None:
    request_id = _file(office_ant, kind, scope=scope)
    with office_ant.session() as session:
        assert show(session, SUPPORT, request_id).fee_amount is None
    with pytest.raises(ConflictError, match="always free"), office_ant.session() as session:
        settle_fee(session, SUPPORT, request_id)
    with office_ant.session() as session:
        verify_identity(session, SUPPORT, request_id, "document")
        start(session, SUPPORT, request_id)
        assert fulfil(session, SUPPORT, request_id).state == "fulfilled"


def test_a_suspension_is_free_and_follows_the_same_steps(office_ant: Register) -> None:
    request_id = _file(office_ant, "suspension", scope=["behavior_analysis"])
    with office_ant.session() as session:
        verify_identity(session, SUPPORT, request_id, "document")
        start(session, SUPPORT, request_id)
        done = fulfil(session, SUPPORT, request_id)
    assert (done.scope, done.fee_amount, done.state) == (("behavior_analysis",), None, "fulfilled")


def test_the_customer_is_told_of_receipt_identity_check_fee_and_answer_in_japanese(
    office_ant: Register,
) -> None:
    request_id = _file(office_ant, "disclosure")
    with office_ant.session() as session:
        verify_identity(session, SUPPORT, request_id, "document")
        settle_fee(session, SUPPORT, request_id, reference="furikomi-0042")
        start(session, SUPPORT, request_id)
        fulfil(session, SUPPORT, request_id)

    with office_ant.engine.connect() as connection:
        queued = [(entry.kind, entry.locale) for entry in messages(connection)]
    assert queued == [
        ("request_received", "ja"),
        ("verification_needed", "ja"),
        ("fee_due", "ja"),
        ("request_done", "ja"),
    ]
    capture = _Capture()
    deliver_due(office_ant, Settings(), transport=capture)
    fee = next(m for m in capture.sent if "手数料" in m.subject)
    assert "手数料 1,000 JPY をお支払いください" in fee.body
    assert {m.to for m in capture.sent} == {"hanako@example.jp"}
    assert all("Hanako" not in m.body and "Yamada" not in m.body for m in capture.sent)


class _Capture:
    def __init__(self) -> None:
        self.sent: list[OutgoingMessage] = []

    def send(self, message: OutgoingMessage) -> None:
        self.sent.append(message)
