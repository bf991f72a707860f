"""OP-15: disclosure, correction, deletion and suspension on application; a request may be
refused when the law does not oblige, when the same request repeats without reason, or when
excessive technical work is needed: a refusal needs one of these grounds and is recorded with
its reason. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from seed_register import events, seed_register

from mamori.config import Settings
from mamori.errors import ValidationError
from mamori.notify import OutgoingMessage, deliver_due
from mamori.register import Actor, Register
from mamori.rights import file_request, refuse, show, verify_identity

OFFICER = Actor.staff("po-1", "privacy_officer")
GROUNDS = ["not_obliged_by_law", "repeated_without_reason", "excessive_technical_work"]


@pytest.fixture
def onplanetz(database_url: str, tmp_path: Path) -> Iterator[Register]:
    with seed_register("onplanetz", database_url, tmp_path) as register:
        with register.session() as session:
            session.create_subject(
                Actor.application(),
                "u-1",
                kind="user",
                collection_point="service_use",
                values={"name": "Taro Sato", "email": "taro@example.jp"},
            )
        yield register


def _file(register: Register, kind: str = "disclosure") -> str:
    with register.session() as session:
        return file_request(session, OFFICER, "u-1", kind, channel="email").id


@pytest.mark.parametrize("ground", GROUNDS)
def test_a_refusal_on_a_policy_ground_is_recorded_with_its_reason(
    onplanetz: Register, ground: str
) -> None:
    request_id = _file(onplanetz)
    with onplanetz.session() as session:
        verify_identity(session, OFFICER, request_id, "email_code")
        refusal = refuse(session, OFFICER, request_id, ground, "Explained in our letter.")
    with onplanetz.session() as session:
        kept = show(session, OFFICER, request_id)
    assert (kept.state, kept.refusal_ground) == ("refused", ground)
    assert kept.refusal_reason == refusal.reason == "Explained in our letter."
    assert kept.steps[-1].detail == ground
    refused = [e for e in events(onplanetz, "u-1") if e.action == "request.refuse"]
    assert [(e.outcome, e.request_id) for e in refused] == [("allowed", request_id)]


@pytest.mark.parametrize("ground", ["serious_business_hindrance", "harm_to_person_or_others"])
def test_a_ground_the_policy_does_not_list_is_refused_and_audited(
    onplanetz: Register, ground: str
) -> None:
    request_id = _file(onplanetz, "deletion")
    listed = pytest.raises(ValidationError, match="repeated_without_reason")
    with listed, onplanetz.session() as session:
        refuse(session, OFFICER, request_id, ground, "Too hard.")
    with onplanetz.session() as session:
        assert show(session, OFFICER, request_id).state == "received"
    refused = [e for e in events(onplanetz, "u-1") if e.action == "request.refuse"]
    assert [(e.outcome, e.rule) for e in refused] == [("refused", "request_ground")]


def test_a_refusal_needs_a_reason_for_the_person(onplanetz: Register) -> None:
    request_id = _file(onplanetz, "suspension")
    with pytest.raises(ValidationError, match="reason"), onplanetz.session() as session:
        refuse(session, OFFICER, request_id, "repeated_without_reason", "")


def test_an_appi_refusal_carries_no_gdpr_remedies(onplanetz: Register) -> None:
    request_id = _file(onplanetz)
    with onplanetz.session() as session:
        refusal = refuse(session, OFFICER, request_id, "repeated_without_reason", "Same as May.")
    assert refusal.remedies == ()


class _Capture:
    def __init__(self) -> None:
        self.sent: list[OutgoingMessage] = []

    def send(self, message: OutgoingMessage) -> None:
        self.sent.append(message)


def test_the_person_is_told_of_the_refusal_and_its_reason_in_japanese(
    onplanetz: Register,
) -> None:
    request_id = _file(onplanetz)
    with onplanetz.session() as session:
        verify_identity(session, OFFICER, request_id, "email_code")
        refuse(session, OFFICER, request_id, "repeated_without_reason", "5月と同じご請求です。")
    capture = _Capture()

    deliver_due(onplanetz, Settings(), transport=capture)

    refusals = [m for m in capture.sent if m.subject.endswith("に応じることができません")]
    assert len(refusals) == 1
    assert refusals[0].to == "taro@example.jp"
    assert refusals[0].locale == "ja"
    assert "次の理由により応じることができません:5月と同じご請求です。" in refusals[0].body
    assert "監督機関" not in refusals[0].body  # APPI: no GDPR remedies
    assert all("Taro Sato" not in m.body for m in capture.sent)
