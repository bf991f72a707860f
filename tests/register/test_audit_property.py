"""Every register operation leaves exactly one audit event, allowed or refused, whatever the
sequence of operations, including those that raise; and the log verifies afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import text

from mamori.audit import AuditEvent, AuditLog
from mamori.crypto import Keyring
from mamori.errors import MamoriError, NotFoundError, ValidationError
from mamori.register import Actor, Register

APP = Actor.application()
SYSTEM = Actor.system()
ANALYST = Actor.staff("st-1", "analyst")
SUPPORT = Actor.staff("st-2", "support")
SERVICE_ITEMS = ["name", "email", "phone", "postal_code", "birth_date", "bio"]
PASSWORD = "correct horse battery"

phones = st.from_regex(r"0[1-9]0-[0-9]{4}-[0-9]{4}", fullmatch=True)
names = st.text(st.characters(categories=["L"]), min_size=1, max_size=12)
# What a caller may pass where the register expects a name from the policy: keys, words, values.
odd_names = st.sampled_from(
    ["advertising", "shoe_size", "News Letter", "hanako@example.org", "山田", "a b", ""]
)


def event_count(register: Register) -> int:
    with register.engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM audit_event")).scalar_one())


def last_event_outcome(register: Register) -> str:
    with register.engine.connect() as connection:
        last = register.audit.query(connection, newest_first=True, limit=1)
    return last[0].outcome.value


class Operations(RuleBasedStateMachine):
    """Random register operations; after each, the log holds exactly one more event."""

    register: Register

    def __init__(self) -> None:
        super().__init__()
        self.prefix = uuid.uuid4().hex[:6]
        self.created = 0
        self.members: list[str] = []
        self.guests: list[str] = []
        self.erased: list[str] = []
        self.suspended: set[str] = set()
        self.with_password: set[str] = set()

    # -- the check -------------------------------------------------------------------------

    def run(self, operation: Callable[[Any], object], allowed: bool | None) -> object:
        """Run `operation` in a session of its own; one more event, with the right outcome."""
        before = event_count(self.register)
        result: object = None
        raised = False
        try:
            with self.register.session() as session:
                result = operation(session)
        except MamoriError:
            raised = True
        assert event_count(self.register) == before + 1
        if allowed is not None:
            assert raised == (not allowed)
            assert last_event_outcome(self.register) == ("allowed" if allowed else "refused")
        return result

    def new_id(self) -> str:
        self.created += 1
        return f"p{self.prefix}-{self.created}"

    def readable(self) -> list[str]:
        return [member for member in self.members if member not in self.suspended]

    # -- creating -------------------------------------------------------------------------

    @initialize()
    def first_member(self) -> None:
        self.create_member(name="Hanako", phone="090-1234-5678", password=False)

    @rule(name=names, phone=phones, password=st.booleans())
    def create_member(self, name: str, phone: str, password: bool) -> None:
        subject = self.new_id()
        values = {"name": name, "phone": phone, "email": f"{subject}@example.org"}
        if password:
            values["password"] = PASSWORD
        self.run(
            lambda session: session.create_subject(
                APP, subject, kind="member", collection_point="registration", values=values
            ),
            allowed=True,
        )
        self.members.append(subject)
        if password:
            self.with_password.add(subject)

    @rule()
    def create_guest(self) -> None:
        subject = self.new_id()
        self.run(
            lambda session: session.create_subject(
                APP, subject, kind="guest", collection_point="guest_visit", values={}
            ),
            allowed=True,
        )
        self.guests.append(subject)

    @precondition(lambda self: self.members or self.erased)
    @rule(data=st.data())
    def create_taken_id(self, data: st.DataObject) -> None:
        subject = data.draw(st.sampled_from(self.members + self.erased))
        self.run(
            lambda session: session.create_subject(
                APP, subject, kind="member", collection_point="registration", values={"name": "X"}
            ),
            allowed=False,
        )

    @rule(
        values=st.sampled_from(
            [
                {"name": "Hanako", "email": "not-an-address"},
                {"name": "Hanako", "phone": "call me"},
                {"name": "Hanako", "birth_date": "1990-13-45"},
                {"email": "hanako@example.org"},  # no name
                {"name": "Hanako", "shoe_size": "42"},
                {"name": "Hanako", "Shoe Size": "42"},
                {"name": "Hanako", "session_note": "a guest item"},
            ]
        )
    )
    def create_invalid(self, values: dict[str, str]) -> None:
        subject = self.new_id()
        self.run(
            lambda session: session.create_subject(
                APP, subject, kind="member", collection_point="registration", values=values
            ),
            allowed=False,
        )

    @rule(point=st.sampled_from(["contest", "Contest 2", "guest_visit"]))
    def create_at_a_refused_point(self, point: str) -> None:
        subject = self.new_id()
        self.run(
            lambda session: session.create_subject(
                APP, subject, kind="member", collection_point=point, values={"name": "X"}
            ),
            allowed=False,
        )

    @rule(subject=st.sampled_from(["hanako@example.org", "Hanako Yamada", "x" * 200]))
    def create_with_an_id_that_is_no_id(self, subject: str) -> None:
        self.run(
            lambda session: session.create_subject(
                APP, subject, kind="member", collection_point="registration", values={"name": "X"}
            ),
            allowed=False,
        )

    # -- reading --------------------------------------------------------------------------

    @precondition(lambda self: self.readable())
    @rule(data=st.data(), items=st.lists(st.sampled_from(SERVICE_ITEMS), max_size=3, unique=True))
    def read_allowed(self, data: st.DataObject, items: list[str]) -> None:
        subject = data.draw(st.sampled_from(self.readable()))
        self.run(lambda session: session.read(APP, subject, "service", items or None), allowed=True)

    @precondition(lambda self: self.members)
    @rule(
        data=st.data(),
        access=st.sampled_from(
            [
                (APP, "bulletin_board", ["name"]),  # an item the purpose does not declare
                (APP, "newsletter", None),  # consent not given
                (SUPPORT, "statistics", None),  # a role without the purpose
                (ANALYST, "service", ["email"]),
                (Actor.subject("someone-else"), "self", None),
                (APP, "self", None),
                (Actor.subject("someone-else"), "profile", ["email"]),  # not on the profile
                (APP, "profile", None),  # profiles are for members
            ]
        ),
    )
    def read_refused(
        self, data: st.DataObject, access: tuple[Actor, str, list[str] | None]
    ) -> None:
        subject = data.draw(st.sampled_from(self.members))
        actor, purpose, items = access
        self.run(lambda session: session.read(actor, subject, purpose, items), allowed=False)

    @precondition(lambda self: self.members)
    @rule(data=st.data(), purpose=odd_names, item=odd_names)
    def read_with_odd_names(self, data: st.DataObject, purpose: str, item: str) -> None:
        subject = data.draw(st.sampled_from(self.members))
        self.run(lambda session: session.read(APP, subject, purpose, [item]), allowed=False)
        self.run(lambda session: session.read(APP, subject, "service", [item]), allowed=False)

    @rule(subject=st.sampled_from(["nobody", "hanako@example.org", "Hanako Yamada", ""]))
    def read_unknown_subject(self, subject: str) -> None:
        self.run(lambda session: session.read(APP, subject, "service"), allowed=False)

    @precondition(lambda self: self.erased)
    @rule(data=st.data())
    def read_erased_subject(self, data: st.DataObject) -> None:
        subject = data.draw(st.sampled_from(self.erased))
        self.run(lambda session: session.read(APP, subject, "service"), allowed=False)

    @precondition(lambda self: self.members)
    @rule(data=st.data())
    def read_own_data(self, data: st.DataObject) -> None:
        subject = data.draw(st.sampled_from(self.members))
        self.run(lambda session: session.read(Actor.subject(subject), subject, "self"), True)

    @precondition(lambda self: len(self.members) >= 2)
    @rule(data=st.data())
    def read_a_profile(self, data: st.DataObject) -> None:
        owner, reader = data.draw(st.permutations(self.members))[:2]
        self.run(lambda session: session.read(Actor.subject(reader), owner, "profile"), True)

    @rule(value=st.sampled_from(["hanako@example.org", " HANAKO@EXAMPLE.ORG", "nobody", ""]))
    def find(self, value: str) -> None:
        self.run(lambda session: session.find(APP, "email", value, "service"), allowed=True)

    @rule(
        search=st.sampled_from(
            [("name", "service"), ("email", "bulletin_board"), ("Shoe Size", "service")]
        ),
        value=st.sampled_from(["Hanako", "hanako@example.org"]),
    )
    def find_refused(self, search: tuple[str, str], value: str) -> None:
        item, purpose = search
        self.run(lambda session: session.find(APP, item, value, purpose), allowed=False)

    @rule(value=st.sampled_from([42, None, b"hanako@example.org"]))
    def find_a_value_that_is_no_text(self, value: Any) -> None:
        self.run(lambda session: session.find(APP, "email", value, "service"), allowed=False)

    @precondition(lambda self: self.with_password)
    @rule(data=st.data(), right=st.booleans())
    def verify_password(self, data: st.DataObject, right: bool) -> None:
        subject = data.draw(st.sampled_from(sorted(self.with_password)))
        password = PASSWORD if right else "wrong horse battery"
        result = self.run(
            lambda session: session.verify_password(APP, subject, "password", password),
            allowed=None,
        )
        assert result is right
        assert last_event_outcome(self.register) == ("allowed" if right else "refused")

    # -- writing --------------------------------------------------------------------------

    @precondition(lambda self: self.members)
    @rule(data=st.data(), phone=phones)
    def write(self, data: st.DataObject, phone: str) -> None:
        subject = data.draw(st.sampled_from(self.members))
        allowed = subject not in self.suspended
        self.run(lambda session: session.write(APP, subject, "service", {"phone": phone}), allowed)

    @precondition(lambda self: self.members)
    @rule(
        data=st.data(),
        values=st.sampled_from(
            [{"phone": "call me"}, {"email": ""}, {"nickname": "hana"}, {"Shoe Size": "42"}]
        ),
    )
    def write_refused(self, data: st.DataObject, values: dict[str, str]) -> None:
        subject = data.draw(st.sampled_from(self.members))
        self.run(lambda session: session.write(APP, subject, "service", values), allowed=False)

    @precondition(lambda self: self.members)
    @rule(data=st.data())
    def correct_own_data(self, data: st.DataObject) -> None:
        subject = data.draw(st.sampled_from(self.members))
        person = Actor.subject(subject)
        self.run(lambda session: session.write(person, subject, "self", {"bio": "New"}), True)

    @precondition(lambda self: self.members)
    @rule(data=st.data(), items=st.sampled_from([["bio"], ["phone", "bio"], ["name"], ["x y"]]))
    def delete_items(self, data: st.DataObject, items: list[str]) -> None:
        subject = data.draw(st.sampled_from(self.members))
        allowed = "name" not in items and "x y" not in items
        person = Actor.subject(subject)
        self.run(lambda session: session.delete_items(person, subject, items), allowed)

    @precondition(lambda self: self.members)
    @rule(data=st.data(), item=st.sampled_from(["phone", "bio", "email", "unknown"]))
    def set_shared(self, data: st.DataObject, item: str) -> None:
        subject = data.draw(st.sampled_from(self.members))
        shared = data.draw(st.booleans())
        allowed = item in ("phone", "bio")
        person = Actor.subject(subject)
        self.run(lambda session: session.set_shared(person, item, shared), allowed)
        self.run(lambda session: session.set_shared(APP, item, shared), allowed=False)

    # -- the subject as a whole -------------------------------------------------------------

    @precondition(lambda self: self.members)
    @rule(data=st.data())
    def suspend(self, data: st.DataObject) -> None:
        subject = data.draw(st.sampled_from(self.members))
        self.run(lambda session: session.suspend(Actor.subject(subject), subject, "service"), True)
        self.suspended.add(subject)

    @precondition(lambda self: self.members)
    @rule(data=st.data())
    def resume(self, data: st.DataObject) -> None:
        subject = data.draw(st.sampled_from(self.members))
        allowed = subject in self.suspended
        self.run(lambda session: session.resume(SYSTEM, subject, "service"), allowed)
        self.suspended.discard(subject)

    @precondition(lambda self: self.members)
    @rule(data=st.data(), purpose=odd_names)
    def suspend_refused(self, data: st.DataObject, purpose: str) -> None:
        subject = data.draw(st.sampled_from(self.members))
        self.run(lambda session: session.suspend(SUPPORT, subject, "service"), allowed=False)
        self.run(lambda session: session.suspend(SYSTEM, subject, purpose), allowed=False)

    @precondition(lambda self: self.members or self.guests)
    @rule(data=st.data())
    def erase(self, data: st.DataObject) -> None:
        subject = data.draw(st.sampled_from(self.members + self.guests))
        self.run(lambda session: session.erase(SYSTEM, subject), allowed=True)
        for kept in (self.members, self.guests):
            if subject in kept:
                kept.remove(subject)
        self.erased.append(subject)
        self.suspended.discard(subject)
        self.with_password.discard(subject)

    @precondition(lambda self: self.members)
    @rule(data=st.data())
    def erase_refused(self, data: st.DataObject) -> None:
        subject = data.draw(st.sampled_from(self.members))
        self.run(lambda session: session.erase(SUPPORT, subject), allowed=False)

    @precondition(lambda self: self.members)
    @rule(data=st.data())
    def subject_info(self, data: st.DataObject) -> None:
        subject = data.draw(st.sampled_from(self.members))
        self.run(lambda session: session.subject_info(SYSTEM, subject), allowed=True)

    # -- several operations in one transaction ---------------------------------------------

    @precondition(lambda self: self.readable())
    @rule(data=st.data(), failure=st.sampled_from(["refused", "caller"]))
    def read_then_fail_in_the_same_transaction(self, data: st.DataObject, failure: str) -> None:
        """A read hands data out: it stays in the log even when its transaction rolls back."""
        subject = data.draw(st.sampled_from(self.readable()))
        before = event_count(self.register)

        def read_then_fail() -> None:
            with self.register.session() as session:
                session.read(APP, subject, "service", ["email"])
                if failure == "refused":
                    session.read(APP, "nobody", "service")
                raise RuntimeError("the caller fails after reading")

        with pytest.raises((MamoriError, RuntimeError)):
            read_then_fail()
        assert event_count(self.register) == before + (2 if failure == "refused" else 1)

    @precondition(lambda self: self.members)
    @rule(data=st.data())
    def write_then_fail_in_the_same_transaction(self, data: st.DataObject) -> None:
        """A write that rolls back did not happen: no event for it, one for the refusal."""
        subject = data.draw(st.sampled_from(self.members))
        before = event_count(self.register)

        def write_twice() -> None:
            with self.register.session() as session:
                session.write(APP, subject, "service", {"bio": "Rolled back"})
                session.write(APP, subject, "service", {"phone": "call me"})

        with pytest.raises(MamoriError):
            write_twice()
        assert event_count(self.register) == before + 1

    def teardown(self) -> None:
        report = self.register.audit.verify(self.register.engine)
        assert report.ok, report.problems


@pytest.mark.slow
def test_every_operation_leaves_exactly_one_audit_event(register: Register) -> None:
    Operations.register = register
    run_state_machine_as_test(
        Operations,
        settings=settings(
            max_examples=15,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    report = register.audit.verify(register.engine)
    assert report.ok, report.problems
    assert report.events_checked == event_count(register)


def test_the_head_file_follows_checkpoints_made_by_register_sessions(
    register: Register, keyring: Keyring, tmp_path: Path
) -> None:
    """Checkpoints reach the head file, so that a tail cut with its checkpoints is caught."""
    head = tmp_path / "audit-head.json"
    register.audit = AuditLog(
        signer=keyring.checkpoint_signer(), head_path=head, checkpoint_every=5
    )
    with register.session() as session:
        session.create_subject(APP, "g1", kind="guest", collection_point="guest_visit", values={})
    for _ in range(11):
        with register.session() as session:
            session.read(APP, "g1", "service")
    assert event_count(register) == 12
    assert register.audit.verify(register.engine).ok
    with register.engine.begin() as connection:  # cut the tail with its checkpoints
        connection.execute(text("DELETE FROM audit_event WHERE seq > 4"))
        connection.execute(text("DELETE FROM audit_checkpoint WHERE seq > 4"))
        connection.execute(
            text("UPDATE audit_tail SET seq = 4, hash = (SELECT hash FROM audit_event WHERE seq=4)")
        )
    report = register.audit.verify(register.engine)
    assert not report.ok
    assert report.first_problem is not None
    assert report.first_problem.kind == "truncated"


def last_event(register: Register) -> AuditEvent:
    with register.engine.connect() as connection:
        return register.audit.query(connection, newest_first=True, limit=1)[0]


def test_a_staff_member_with_two_roles_is_audited_under_both(register: Register) -> None:
    with register.session() as session:
        session.create_subject(
            APP, "m1", kind="member", collection_point="registration", values={"name": "Hanako"}
        )
    with register.session() as session:
        session.read(Actor.staff("st-3", "support", "analyst"), "m1", "service", ["name"])
    event = last_event(register)
    assert (event.role, event.outcome.value) == ("analyst/support", "allowed")


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: Actor.staff("alice@corp.example", "support"), "actor.id"),
        (lambda: Actor.subject("Hanako Yamada"), "actor.id"),
        (lambda: Actor.staff("st-1", "Support Team"), "actor.roles"),
    ],
)
def test_an_actor_the_log_cannot_name_is_refused_before_any_access(
    make: Callable[[], Actor], field: str
) -> None:
    with pytest.raises(ValidationError) as invalid:
        make()
    assert invalid.value.field == field
    for value in ("alice", "Hanako", "Support Team"):
        assert value not in invalid.value.message


def test_a_refusal_over_names_that_are_no_keys_is_recorded_without_them(
    register: Register,
) -> None:
    before = event_count(register)
    with pytest.raises(NotFoundError), register.session() as session:
        session.read(APP, "hanako@example.org", "Hanako Yamada", ["山田 花子"])
    assert event_count(register) == before + 1
    event = last_event(register)
    assert (event.subject_id, event.purpose, event.item_keys) == (None, None, ())
    assert (event.action, event.outcome.value, event.rule) == ("read", "refused", "subject_unknown")
    with register.engine.connect() as connection:
        bodies = " ".join(connection.execute(text("SELECT body FROM audit_event")).scalars())
    for value in ("hanako", "Hanako", "山田"):
        assert value not in bodies


def test_a_subject_id_that_is_no_id_is_refused_clearly(register: Register) -> None:
    with pytest.raises(ValidationError) as invalid, register.session() as session:
        session.create_subject(
            APP,
            "hanako@example.org",
            kind="member",
            collection_point="registration",
            values={"name": "Hanako"},
        )
    assert invalid.value.field == "subject_id"
    assert "hanako" not in invalid.value.message
    assert last_event(register).rule == "invalid"


def test_an_erasure_rolled_back_after_its_key_was_destroyed_is_still_recorded(
    register: Register,
) -> None:
    with register.session() as session:
        session.create_subject(
            APP, "m1", kind="member", collection_point="registration", values={"name": "Hanako"}
        )

    def erase_then_fail() -> None:
        with register.session() as session:
            session.erase(SYSTEM, "m1")
            raise RuntimeError("the caller fails after erasing")

    with pytest.raises(RuntimeError):
        erase_then_fail()
    assert (last_event(register).action, last_event(register).outcome.value) == (
        "erase",
        "allowed",
    )
    with register.session() as session:  # the retry completes what the key's loss began
        session.erase(SYSTEM, "m1")
        assert session.subject_info(SYSTEM, "m1").erased_at is not None
    assert register.audit.verify(register.engine).ok
