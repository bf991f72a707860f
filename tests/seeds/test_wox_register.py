"""The wox register: guests without registration data (WOX-1), no use outside the declared
purposes, proven by the audit log (WOX-5), registration data for the person and the staff in
charge only, encrypted at rest (WOX-7, the register part); on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from seed_register import events, revealed, seed_register
from tests.register.dbfiles import pg_dump, sqlite_files

from mamori.errors import AccessDeniedError, ValidationError
from mamori.register import PROFILE, PUBLIC, SELF, Actor, Register

APP = Actor.application()
SYSTEM = Actor.system()
STAFF = Actor.staff("st-1", "staff_in_charge")
EMAIL = "usagi.taro@example.jp"
TRANSFER_NAME = "ウサギ タロウ"


@pytest.fixture
def register(database_url: str, tmp_path: Path) -> Iterator[Register]:
    with seed_register("wox", database_url, tmp_path) as opened:
        yield opened


def sign_up(register: Register, user: str, email: str = EMAIL) -> None:
    """A person registers themself: the e-mail is the only thing registration asks."""
    with register.session() as session:
        session.create_subject(
            Actor.subject(user),
            user,
            kind="registered_user",
            collection_point="registration",
            values={"email": email},
        )


def visit_as_guest(register: Register, guest: str) -> None:
    with register.session() as session:
        session.create_subject(
            APP, guest, kind="guest_user", collection_point="access_log", values={}
        )


# -- WOX-1: registered users and guest users; only the minimum ---------------------------------


def test_wox1_a_guest_exists_without_registration_data(register: Register) -> None:
    visit_as_guest(register, "g1")
    with register.session() as session:
        info = session.subject_info(SYSTEM, "g1")
        contact = session.read(STAFF, "g1", "contact")
    assert (info.kind, info.items_held) == ("guest_user", frozenset())
    assert contact == {}


def test_wox1_a_guest_is_never_given_registration_data(register: Register) -> None:
    visit_as_guest(register, "g1")
    with pytest.raises(ValidationError) as invalid, register.session() as session:
        session.write(STAFF, "g1", "contact", {"email": EMAIL})
    assert invalid.value.field == "values.email"
    with pytest.raises(AccessDeniedError) as refused, register.session() as session:
        session.create_subject(
            APP, "g2", kind="guest_user", collection_point="registration", values={"email": EMAIL}
        )
    assert refused.value.rule == "collection_point"


def test_wox1_a_registered_user_adds_an_email(register: Register) -> None:
    sign_up(register, "u1")
    with register.session() as session:
        info = session.subject_info(SYSTEM, "u1")
        own = revealed(session.read(Actor.subject("u1"), "u1", "self"))
    assert (info.kind, info.items_held) == ("registered_user", frozenset({"email"}))
    assert own == {"email": EMAIL}


def test_wox1_registering_without_an_email_fails_clearly(register: Register) -> None:
    with pytest.raises(ValidationError) as invalid, register.session() as session:
        session.create_subject(
            Actor.subject("u1"),
            "u1",
            kind="registered_user",
            collection_point="registration",
            values={},
        )
    assert invalid.value.field == "values.email"


# -- WOX-5: no use for anything else; the audit log proves it ----------------------------------


def test_wox5_every_read_names_a_declared_purpose_and_the_log_proves_it(
    register: Register,
) -> None:
    sign_up(register, "u1")
    with register.session() as session:
        session.write(Actor.subject("u1"), "u1", "self", {"transfer_name": TRANSFER_NAME})
    allowed = [(STAFF, "contact"), (APP, "usage_analysis"), (STAFF, "statistics")]
    refused = [
        (APP, "contact"),  # the application may not contact
        (APP, "advertising"),  # no such purpose
        (STAFF, "marketing"),
        (Actor.staff("st-2", "manager"), "contact"),
        (Actor.subject("u2"), "self"),
    ]
    for actor, purpose in allowed:
        with register.session() as session:
            session.read(actor, "u1", purpose)
    for actor, purpose in refused:
        with pytest.raises(AccessDeniedError), register.session() as session:
            session.read(actor, "u1", purpose)

    declared = set(register.policy.purposes) | {SELF, PROFILE, PUBLIC}
    reads = [event for event in events(register, "u1") if event.action == "read"]
    assert len(reads) == len(allowed) + len(refused)
    for event in reads:
        assert event.purpose is not None
        if event.outcome.value == "allowed":
            assert event.purpose in declared, event
    assert {event.purpose for event in reads if event.purpose not in declared} == {
        "advertising",
        "marketing",
    }
    assert all(event.outcome.value == "refused" for event in reads if event.purpose not in declared)


# -- WOX-7: registration data for the person and the staff in charge only ----------------------


def test_wox7_another_user_gets_nothing(register: Register) -> None:
    sign_up(register, "u1")
    sign_up(register, "u2", email="other@example.jp")
    other = Actor.subject("u2")
    with register.session() as session:
        assert session.read(other, "u1", "profile") == {}
    for purpose in ("self", "contact", "usage_analysis"):
        with pytest.raises(AccessDeniedError), register.session() as session:
            session.read(other, "u1", purpose)
    with pytest.raises(AccessDeniedError), register.session() as session:
        session.read(other, "u1", "profile", ["email"])


@pytest.mark.parametrize(
    "actor",
    [Actor.staff("st-2", "manager"), Actor.staff("st-3"), APP],
    ids=["manager", "no-role", "application"],
)
def test_wox7_staff_without_the_role_get_nothing(register: Register, actor: Actor) -> None:
    sign_up(register, "u1")
    with pytest.raises(AccessDeniedError) as refused, register.session() as session:
        session.read(actor, "u1", "contact")
    assert refused.value.rule == "role_purpose"


def test_wox7_the_staff_in_charge_reach_the_registration_data(register: Register) -> None:
    sign_up(register, "u1")
    with register.session() as session:
        assert revealed(session.read(STAFF, "u1", "contact")) == {"email": EMAIL}


def test_wox7_registration_data_is_encrypted_at_rest(
    register: Register, database_url: str, tmp_path: Path
) -> None:
    sign_up(register, "u1")
    with register.session() as session:
        session.write(Actor.subject("u1"), "u1", "self", {"transfer_name": TRANSFER_NAME})
    if register.engine.dialect.name == "sqlite":
        stored = b"".join(sqlite_files(database_url).values())
    else:
        stored = pg_dump(database_url)
    stored += b"".join(sqlite_files(f"sqlite:///{tmp_path / 'keys.sqlite'}").values())
    assert b"u1" in stored  # the subject id is there, in clear
    for value in (EMAIL, TRANSFER_NAME):
        assert value.encode() not in stored
        assert value.encode().hex().encode() not in stored
