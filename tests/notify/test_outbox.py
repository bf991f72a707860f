"""Enqueueing and delivering messages: texts in the person's language, retries, give-up, and
no address kept anywhere but the register."""

from __future__ import annotations

import email
import email.policy
import json
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import text

from mamori.errors import ValidationError
from mamori.notify import (
    MAX_ATTEMPTS,
    DeliveryReport,
    FileSink,
    OutgoingMessage,
    Transport,
    deliver,
    enqueue,
    retry_delay,
)
from mamori.register import Actor, Register
from tests.notify.conftest import APP, OFFICER

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


DELIVERER = Actor.system("notify")
RECEIVED = {
    "request_id": "r-42",
    "request": "開示",
    "received_on": "2026-03-01",
    "due_on": "2026-03-15",
}


def _enqueue(shop: Register, kind: str = "request_received", **options: object) -> str:
    options.setdefault("locale", "ja")
    options.setdefault("params", RECEIVED)
    options.setdefault("at", NOW)
    with shop.session() as session:
        return enqueue(session, APP, "m1", kind, **options)  # type: ignore[arg-type]


def _deliver(
    shop: Register, transport: Transport, now: datetime = NOW, actor: Actor = DELIVERER
) -> DeliveryReport:
    return deliver(shop, transport, actor, address_item="email", purpose="service", now=now)


def _read_eml(path: Path) -> EmailMessage:
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _rows(shop: Register) -> list[dict[str, object]]:
    with shop.engine.connect() as connection:
        result = connection.exec_driver_sql("SELECT * FROM notify_outbox")
        return [dict(row._mapping) for row in result]


class Flaky:
    """A transport that fails `failures` times, then sends into `sent`."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.sent: list[OutgoingMessage] = []

    def send(self, message: OutgoingMessage) -> None:
        if self.failures > 0:
            self.failures -= 1
            raise ConnectionRefusedError("smtp down")
        self.sent.append(message)


def test_a_message_reaches_the_file_sink_in_the_persons_language(
    shop: Register, tmp_path: Path
) -> None:
    message_id = _enqueue(
        shop,
        "request_refused",
        params={"request_id": "r-42", "request": "開示", "reason": "重複", "remedies": ""},
    )

    report = _deliver(shop, FileSink(tmp_path / "out"))

    assert report.delivered == (message_id,)
    sent = _read_eml(tmp_path / "out" / f"{message_id}.eml")
    assert sent["To"] == "m1@example.org"
    assert sent["Subject"] == "ご請求 r-42 に応じることができません"
    content = sent.get_content()
    assert "次の理由により応じることができません" in content
    assert "重複" in content


def test_french_texts_are_rendered_with_their_parameters(shop: Register, tmp_path: Path) -> None:
    message_id = _enqueue(
        shop,
        "fee_due",
        locale="fr",
        params={"request_id": "r-7", "request": "accès", "amount": "500 JPY", "how": "virement"},
    )

    _deliver(shop, FileSink(tmp_path))

    content = _read_eml(tmp_path / f"{message_id}.eml").get_content()
    assert "Des frais de 500 JPY sont dus pour votre demande (accès) r-7" in content
    assert "Comment payer : virement" in content


def test_a_delivered_message_is_not_sent_again(shop: Register) -> None:
    _enqueue(shop)
    transport = Flaky(0)
    _deliver(shop, transport)

    report = _deliver(shop, transport, NOW + timedelta(days=1))

    assert len(transport.sent) == 1
    assert report.delivered == ()


def test_a_message_not_yet_due_waits(shop: Register) -> None:
    _enqueue(shop, at=NOW + timedelta(hours=1))
    transport = Flaky(0)

    _deliver(shop, transport)

    assert transport.sent == []


def test_a_transport_failure_is_retried_after_a_backoff(shop: Register) -> None:
    message_id = _enqueue(shop)
    transport = Flaky(1)

    first = _deliver(shop, transport)
    too_early = _deliver(shop, transport, NOW + timedelta(seconds=59))
    later = _deliver(shop, transport, NOW + retry_delay(1))

    assert first.retrying == (message_id,)
    assert too_early == DeliveryReport()
    assert later.delivered == (message_id,)
    assert [sent.id for sent in transport.sent] == [message_id]


def test_the_backoff_grows_exponentially() -> None:
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=25),
        timedelta(minutes=125),
    ]


def test_a_message_is_given_up_after_five_failures(shop: Register) -> None:
    message_id = _enqueue(shop)
    transport = Flaky(100)
    moment = NOW
    outcomes = []
    for attempt in range(1, MAX_ATTEMPTS + 2):
        report = _deliver(shop, transport, moment)
        outcomes.append((report.retrying, report.failed))
        moment += retry_delay(attempt)

    assert outcomes == [((message_id,), ())] * (MAX_ATTEMPTS - 1) + [
        ((), (message_id,)),
        ((), ()),
    ]
    (row,) = _rows(shop)
    assert (row["state"], row["attempts"], row["rule"]) == (
        "failed",
        MAX_ATTEMPTS,
        "ConnectionRefusedError",
    )


def test_an_erased_persons_message_is_undeliverable(shop: Register, tmp_path: Path) -> None:
    message_id = _enqueue(shop)
    with shop.session() as session:
        session.erase(OFFICER, "m1")

    report = _deliver(shop, FileSink(tmp_path))

    assert report.undeliverable == (message_id,)
    assert list(tmp_path.glob("*.eml")) == []
    (row,) = _rows(shop)
    assert (row["state"], row["rule"]) == ("undeliverable", "subject_erased")


def test_a_refused_read_makes_one_message_undeliverable_and_the_others_go(
    shop: Register,
) -> None:
    refused = _enqueue(shop, "policy_changed", params={"version": "2"})
    with shop.session() as session:
        kept = enqueue(
            session, APP, "m2", "policy_changed", locale="en", params={"version": "2"}, at=NOW
        )
        session.suspend(OFFICER, "m1", "service")
    transport = Flaky(0)

    report = _deliver(shop, transport)

    assert report.undeliverable == (refused,)
    assert report.delivered == (kept,)
    rules = {row["id"]: row["rule"] for row in _rows(shop)}
    assert rules[refused] == "suspended"


def test_a_message_about_a_request_reaches_a_person_who_suspended_the_contact_purpose(
    shop: Register,
) -> None:
    message_id = _enqueue(shop)
    with shop.session() as session:
        session.suspend(OFFICER, "m1", "service")
    transport = Flaky(0)

    report = _deliver(shop, transport)

    assert report.delivered == (message_id,)
    with shop.engine.connect() as connection:
        events = shop.audit.query(connection, subject_id="m1", purpose="request")
    assert [(event.action, event.outcome) for event in events] == [
        ("read", "allowed"),
        ("notify.deliver", "allowed"),
    ]
    assert events[0].request_id == "r-42"  # the read names the request it answers


def test_a_sign_in_link_reaches_a_person_who_suspended_every_purpose(shop: Register) -> None:
    link = {"link": "https://shop.example/portal/link?token=t", "minutes": "15"}
    message_id = _enqueue(shop, "sign_in_link", locale="en", params=link)
    with shop.session() as session:
        session.suspend(OFFICER, "m1", "*")
    transport = Flaky(0)

    report = _deliver(shop, transport)

    assert report.delivered == (message_id,)
    assert [message.to for message in transport.sent] == ["m1@example.org"]
    with shop.engine.connect() as connection:
        events = shop.audit.query(connection, subject_id="m1", purpose="sign_in")
    assert [(event.action, event.outcome, event.item_keys) for event in events] == [
        ("read", "allowed", ("email",)),
        ("notify.deliver", "allowed", ("email",)),
    ]


def test_a_sign_in_link_leaves_the_outbox_once_sent_or_given_up(shop: Register) -> None:
    for number, person in enumerate(("m1", "m2")):
        link = {"link": f"https://shop.example/portal/link?token=secret{number}", "minutes": "15"}
        with shop.session() as session:
            enqueue(session, APP, person, "sign_in_link", locale="en", params=link, at=NOW)
    with shop.session() as session:
        session.erase(OFFICER, "m2")  # m2's message becomes undeliverable

    report = _deliver(shop, Flaky(0))

    assert (len(report.delivered), len(report.undeliverable)) == (1, 1)
    assert [json.loads(str(row["params"])) for row in _rows(shop)] == [{"minutes": "15"}] * 2


def test_a_waiting_sign_in_link_is_sealed_and_sent_in_full(shop: Register) -> None:
    link = "https://shop.example/portal/link?token=secret-token"
    _enqueue(shop, "sign_in_link", locale="en", params={"link": link, "minutes": "15"})
    (waiting,) = _rows(shop)
    transport = Flaky(0)

    _deliver(shop, transport)

    assert "secret-token" not in str(waiting["params"])
    assert json.loads(str(waiting["params"]))["link"].startswith("sealed:")
    (sent,) = transport.sent
    assert link in sent.body


def test_a_sign_in_link_queued_before_sealing_is_still_sent(shop: Register) -> None:
    link = "https://shop.example/portal/link?token=older"
    _enqueue(shop, "sign_in_link", locale="en", params={"link": link, "minutes": "15"})
    with shop.engine.begin() as connection:
        connection.execute(
            text("UPDATE notify_outbox SET params = :params"),
            {"params": json.dumps({"link": link, "minutes": "15"})},
        )
    transport = Flaky(0)

    _deliver(shop, transport)

    (sent,) = transport.sent
    assert link in sent.body


def test_only_the_system_delivers_a_sign_in_link(shop: Register) -> None:
    link = {"link": "https://shop.example/portal/link?token=t", "minutes": "15"}
    message_id = _enqueue(shop, "sign_in_link", locale="en", params=link)

    report = _deliver(shop, Flaky(0), actor=APP)

    assert report.undeliverable == (message_id,)
    (row,) = _rows(shop)
    assert row["rule"] == "sign_in_system"


def test_a_deliverer_who_may_not_handle_requests_cannot_answer_one(shop: Register) -> None:
    message_id = _enqueue(shop)

    report = _deliver(shop, Flaky(0), actor=APP)

    assert report.undeliverable == (message_id,)
    (row,) = _rows(shop)
    assert row["rule"] == "request_handler"


def test_no_address_is_kept_in_the_outbox_or_the_audit_log(shop: Register, tmp_path: Path) -> None:
    _enqueue(shop)
    _deliver(shop, FileSink(tmp_path))

    with shop.engine.connect() as connection:
        events = shop.audit.query(connection, limit=10_000)
    stored = json.dumps(_rows(shop), default=str) + json.dumps(
        [event.to_dict() for event in events], default=str
    )
    assert "m1@example.org" not in stored
    actions = {(event.action, event.item_keys) for event in events if event.subject_id == "m1"}
    assert {("notify.enqueue", ()), ("read", ("email",))} <= actions


@pytest.mark.parametrize(
    ("kind", "locale", "params", "field"),
    [
        ("birthday", "en", {}, "kind"),
        ("request_received", "de", RECEIVED, "locale"),
        ("request_received", "en", {}, "params.request_id"),
        ("policy_changed", "en", {"version": "2", "email": "x@example.org"}, "params.email"),
    ],
)
def test_a_bad_message_is_refused_and_nothing_is_stored(
    shop: Register, kind: str, locale: str, params: dict[str, str], field: str
) -> None:
    with pytest.raises(ValidationError) as raised, shop.session() as session:
        enqueue(session, APP, "m1", kind, locale=locale, params=params, at=NOW)

    assert raised.value.field == field
    assert _rows(shop) == []
