"""Reading many subjects at once: one audit event each, personal refusals skip the person."""

import pytest

from mamori.consent import Collected, give
from mamori.errors import AccessDeniedError, NotFoundError, ValidationError
from mamori.register import Actor, Register

WEB = Collected(method="web_form", language="en")
APP = Actor.application()
OFFICER = Actor.staff("officer1", "privacy_officer")


def test_read_many_returns_each_subjects_values(shop: Register) -> None:
    with shop.session() as session:
        read = session.read_many(APP, ["m1", "m2"], "service", ["email"])
    assert {key: data["email"].reveal() for key, data in read.values.items()} == {
        "m1": "m1@example.org",
        "m2": "m2@example.org",
    }
    assert read.refused == {}


def test_subjects_without_consent_are_skipped_with_their_rule(shop: Register) -> None:
    with shop.session() as session:
        give(session, Actor.subject("m2"), "m2", ["provision:partners"], WEB)
    with shop.session() as session:
        read = session.read_many(OFFICER, ["m1", "m2", "ghost"], "provision:partners")
    assert list(read.values) == ["m2"]
    assert read.refused == {"m1": "consent", "ghost": "subject_unknown"}


def test_a_refusal_of_the_request_itself_stops_the_read(shop: Register) -> None:
    with pytest.raises(AccessDeniedError) as refused, shop.session() as session:
        session.read_many(Actor.staff("s1", "support"), ["m1", "m2"], "provision:partners")
    assert refused.value.rule == "provision_role"


def test_each_subject_read_leaves_one_audit_event(shop: Register) -> None:
    with shop.session() as session:
        session.read_many(APP, ["m1", "m2", "m3"], "service", ["email"], chunk=2)
    with shop.engine.connect() as connection:
        reads = [
            event.subject_id
            for event in shop.audit.query(connection)
            if event.action == "read" and event.purpose == "service"
        ]
    assert sorted(reads) == ["m1", "m2", "m3"]


def test_a_stopped_provision_skips_the_person_until_resumed(shop: Register) -> None:
    with shop.session() as session:
        for subject in ("m1", "m2"):
            give(session, Actor.subject(subject), subject, ["provision:partners"], WEB)
        session.suspend(Actor.subject("m1"), "m1", "provision:*")
    with shop.session() as session:
        read = session.read_many(OFFICER, ["m1", "m2"], "provision:partners")
    assert (list(read.values), read.refused) == (["m2"], {"m1": "suspended"})
    with shop.session() as session:
        session.resume(Actor.subject("m1"), "m1", "provision:*")
        assert "m1" in session.read_many(OFFICER, ["m1"], "provision:partners").values


def test_only_a_declared_provision_can_be_stopped(shop: Register) -> None:
    with pytest.raises(ValidationError) as invalid, shop.session() as session:
        session.suspend(Actor.subject("m1"), "m1", "provision:brokers")
    assert invalid.value.field == "purpose"


def test_answering_a_request_names_it(shop: Register) -> None:
    system = Actor.system()
    with pytest.raises(ValidationError) as invalid, shop.session() as session:
        session.read(system, "m1", "request")
    assert invalid.value.field == "request_id"
    with shop.session() as session:
        values = session.read(system, "m1", "request", request_id="req-1")
    assert values["email"].reveal() == "m1@example.org"
    with shop.engine.connect() as connection:
        (event,) = shop.audit.query(connection, purpose="request", outcome="allowed")
    assert (event.actor_id, event.request_id) == ("mamori", "req-1")


def test_not_found_says_whether_the_person_was_erased(shop: Register) -> None:
    with shop.session() as session:
        session.erase(Actor.subject("m1"), "m1")
    for subject, rule in (("m1", "subject_erased"), ("nobody", "subject_unknown")):
        with pytest.raises(NotFoundError) as missing, shop.session() as session:
            session.read(APP, subject, "service")
        assert missing.value.rule == rule
