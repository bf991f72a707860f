"""The register through its library API: create, read for a purpose, write, find, erase."""

from __future__ import annotations

import pytest

from mamori.errors import (
    AccessDeniedError,
    ConflictError,
    CryptoError,
    NotFoundError,
    ValidationError,
)
from mamori.register import Actor, NewSubject, Register

APP = Actor.application()
SYSTEM = Actor.system()
MEMBER_VALUES = {
    "name": "Hanako Yamada",
    "nickname": "hana",
    "email": "Hanako@Example.org",
    "phone": "090-1234-5678",
    "postal_code": "150-0001",
    "birth_date": "1990-04-01",
    "password": "correct horse battery",
    "bio": "Likes hiking",
}


def make_member(register: Register, subject_id: str = "m1", **overrides: object) -> None:
    values = {**MEMBER_VALUES, **overrides}
    with register.session() as session:
        session.create_subject(
            APP, subject_id, kind="member", collection_point="registration", values=values
        )


def events(register: Register, subject_id: str) -> list[tuple[str, str, str]]:
    with register.engine.connect() as connection:
        found = register.audit.query(connection, subject_id=subject_id)
    return [(event.action, event.outcome, event.rule) for event in found]


def test_values_read_back_for_a_declared_purpose(register: Register) -> None:
    make_member(register)
    with register.session() as session:
        data = session.read(APP, "m1", "service", ["name", "email"])
    assert data["name"].reveal() == "Hanako Yamada"
    assert data["email"].reveal() == "hanako@example.org"


def test_values_print_redacted(register: Register) -> None:
    make_member(register)
    with register.session() as session:
        data = session.read(APP, "m1", "service", ["name"])
    assert "Hanako" not in repr(data)
    assert "Hanako" not in str(data["name"])


def test_a_refused_read_raises_names_the_rule_and_is_audited(register: Register) -> None:
    make_member(register)
    with pytest.raises(AccessDeniedError) as refused, register.session() as session:
        session.read(APP, "m1", "bulletin_board", ["name"])
    assert refused.value.rule == "purpose_items"
    assert ("read", "refused", "purpose_items") in events(register, "m1")


def test_registering_without_a_voluntary_item_works(register: Register) -> None:
    values = {key: value for key, value in MEMBER_VALUES.items() if key != "bio"}
    with register.session() as session:
        session.create_subject(
            APP, "m2", kind="member", collection_point="registration", values=values
        )
        assert session.read(APP, "m2", "service", ["bio"]) == {}


def test_registering_without_the_required_name_fails_clearly(register: Register) -> None:
    values = {key: value for key, value in MEMBER_VALUES.items() if key != "name"}
    with pytest.raises(ValidationError) as invalid, register.session() as session:
        session.create_subject(
            APP, "m3", kind="member", collection_point="registration", values=values
        )
    assert invalid.value.field == "values.name"
    assert "name required" in invalid.value.message


def test_an_invalid_value_is_refused_without_echoing_it(register: Register) -> None:
    with pytest.raises(ValidationError) as invalid:
        make_member(register, email="not-an-address-zz9")
    assert invalid.value.field == "values.email"
    assert "zz9" not in invalid.value.message


def test_a_guest_exists_without_registration_data(register: Register) -> None:
    with register.session() as session:
        session.create_subject(APP, "g1", kind="guest", collection_point="guest_visit", values={})
        assert session.read(APP, "g1", "service") == {}


def test_a_guest_cannot_be_given_member_items(register: Register) -> None:
    with pytest.raises(AccessDeniedError), register.session() as session:
        session.create_subject(
            APP, "g2", kind="guest", collection_point="registration", values={"email": "a@b.org"}
        )


def test_an_undeclared_collection_point_is_refused(register: Register) -> None:
    with pytest.raises(AccessDeniedError) as refused, register.session() as session:
        session.create_subject(APP, "m9", kind="member", collection_point="contest", values={})
    assert refused.value.rule == "collection_point"


def test_a_subject_id_is_taken_once(register: Register) -> None:
    make_member(register)
    with pytest.raises(ConflictError):
        make_member(register)


def test_find_by_blind_index_is_case_insensitive(register: Register) -> None:
    make_member(register)
    with register.session() as session:
        assert session.find(APP, "email", " HANAKO@example.ORG ", "service") == ["m1"]
        assert session.find(APP, "email", "other@example.org", "service") == []


def test_find_keeps_working_across_index_key_rotation(register: Register) -> None:
    make_member(register)
    register.indexer._keyring.rotate_index_key()
    make_member(register, "m2", email="second@example.org")
    with register.session() as session:
        assert session.find(APP, "email", "hanako@example.org", "service") == ["m1"]
        assert session.find(APP, "email", "second@example.org", "service") == ["m2"]


def test_a_password_is_verifiable_but_never_readable(register: Register) -> None:
    make_member(register)
    person = Actor.subject("m1")
    with register.session() as session:
        assert session.verify_password(person, "m1", "password", "correct horse battery")
        assert not session.verify_password(person, "m1", "password", "wrong horse")
        assert "password" not in session.read(person, "m1", "self")
        with pytest.raises(AccessDeniedError):
            session.read(person, "m1", "self", ["password"])


def test_a_write_for_a_purpose_changes_the_value(register: Register) -> None:
    make_member(register)
    with register.session() as session:
        session.write(APP, "m1", "service", {"phone": "03-1111-2222"})
        assert session.read(APP, "m1", "service", ["phone"])["phone"].reveal() == "03-1111-2222"


def test_the_person_corrects_their_own_data(register: Register) -> None:
    make_member(register)
    person = Actor.subject("m1")
    with register.session() as session:
        session.write(person, "m1", "self", {"bio": "Likes sailing"})
        assert session.read(person, "m1", "self", ["bio"])["bio"].reveal() == "Likes sailing"


def test_voluntary_items_can_be_deleted_but_not_required_ones(register: Register) -> None:
    make_member(register)
    person = Actor.subject("m1")
    with register.session() as session:
        session.delete_items(person, "m1", ["bio"])
        assert session.read(person, "m1", "self", ["bio"]) == {}
    with pytest.raises(ValidationError), register.session() as session:
        session.delete_items(person, "m1", ["name"])


def test_masked_purposes_see_only_part_of_a_value(register: Register) -> None:
    make_member(register)
    with register.session() as session:
        data = session.read(Actor.staff("s", "analyst"), "m1", "statistics")
    assert data["postal_code"].reveal() == "150*****"
    assert data["birth_date"].reveal() == "1990"


def test_a_suspended_purpose_is_refused_until_resumed(register: Register) -> None:
    make_member(register)
    person = Actor.subject("m1")
    with register.session() as session:
        session.suspend(person, "m1", "service")
    with pytest.raises(AccessDeniedError) as refused, register.session() as session:
        session.read(APP, "m1", "service", ["email"])
    assert refused.value.rule == "suspended"
    with register.session() as session:
        session.resume(person, "m1", "service")
        assert session.read(APP, "m1", "service", ["email"])


def test_consent_purposes_are_refused_until_consent_is_given(register: Register) -> None:
    make_member(register)
    with pytest.raises(AccessDeniedError) as refused, register.session() as session:
        session.read(APP, "m1", "newsletter")
    assert refused.value.rule == "consent"


def test_erasure_makes_the_subject_unreadable(register: Register) -> None:
    make_member(register)
    with register.session() as session:
        session.erase(Actor.subject("m1"), "m1")
    with pytest.raises(NotFoundError), register.session() as session:
        session.read(APP, "m1", "service")
    with register.session() as session:
        assert session.find(APP, "email", "hanako@example.org", "service") == []
    assert ("erase", "allowed", "erase") in events(register, "m1")


def test_staff_without_the_permission_cannot_erase(register: Register) -> None:
    make_member(register)
    with pytest.raises(AccessDeniedError), register.session() as session:
        session.erase(Actor.staff("s1", "support"), "m1")


def test_an_unknown_subject_is_not_found_and_audited(register: Register) -> None:
    with pytest.raises(NotFoundError), register.session() as session:
        session.read(APP, "nobody", "service")
    assert ("read", "refused", "subject_unknown") in events(register, "nobody")


def test_key_rotation_rewraps_data_keys_and_values_still_read(register: Register) -> None:
    make_member(register)
    make_member(register, "m2")
    register.wrapper._keyring.rotate_kek()
    register.ciphers.clear()
    with register.session() as session:
        assert session.rewrap_keys(SYSTEM) == 2
        assert session.rewrap_keys(SYSTEM) == 0
    register.ciphers.clear()
    with register.session() as session:
        assert session.read(APP, "m2", "service", ["name"])["name"].reveal() == "Hanako Yamada"


def test_a_moved_ciphertext_fails_to_decrypt(register: Register) -> None:
    make_member(register)
    make_member(register, "m2", name="Taro Sato")
    with register.engine.begin() as connection:  # an attacker with database access
        blob = connection.exec_driver_sql(
            "SELECT ciphertext FROM register_values WHERE subject_id='m1' AND item_key='name'"
        ).scalar()
        marker = "?" if register.engine.dialect.name == "sqlite" else "%s"
        connection.exec_driver_sql(
            f"UPDATE register_values SET ciphertext={marker} "
            "WHERE subject_id='m2' AND item_key='name'",
            (blob,),
        )
    with pytest.raises(CryptoError) as failed, register.session() as session:
        session.read(APP, "m2", "service", ["name"])
    assert "m2" in failed.value.message
    assert "Hanako" not in failed.value.message


def test_every_read_is_in_the_audit_log(register: Register) -> None:
    make_member(register)
    with register.session() as session:
        session.read(APP, "m1", "service", ["email"])
    assert events(register, "m1")[-1] == ("read", "allowed", "purpose")


def test_audit_log_verifies_after_work(register: Register) -> None:
    make_member(register)
    with register.session() as session:
        session.read(APP, "m1", "service")
    with register.engine.connect() as connection:
        assert register.audit.verify(connection).ok


def test_import_registers_many_subjects_with_one_event_each(register: Register) -> None:
    batch = [
        NewSubject(f"i{n}", "member", {**MEMBER_VALUES, "email": f"i{n}@example.org"})
        for n in range(5)
    ]
    with register.session() as session:
        assert session.import_subjects(APP, batch, collection_point="registration") == 5
        assert session.find(APP, "email", "i3@example.org", "service") == ["i3"]
        assert session.read(APP, "i4", "service", ["name"])["name"].reveal() == "Hanako Yamada"
    assert [action for action, _, _ in events(register, "i2")] == ["create"]


def test_import_refuses_the_whole_batch_naming_the_bad_subject(register: Register) -> None:
    batch = [
        NewSubject("j0", "member", MEMBER_VALUES),
        NewSubject("j1", "member", {**MEMBER_VALUES, "email": "broken"}),
    ]
    with pytest.raises(ValidationError) as invalid, register.session() as session:
        session.import_subjects(APP, batch, collection_point="registration")
    assert invalid.value.field == "subjects[1].values.email"
    with pytest.raises(NotFoundError), register.session() as session:
        session.read(APP, "j0", "service")


def test_a_value_read_back_can_be_written_again_as_it_is(register: Register) -> None:
    make_member(register)
    make_member(register, "m2", name="Taro Sato")
    with register.session() as session:
        name = session.read(APP, "m2", "service", ["name"])["name"]
        session.write(APP, "m1", "service", {"name": name})
        assert session.read(APP, "m1", "service", ["name"])["name"].reveal() == "Taro Sato"


def test_subject_ids_lists_the_living_subjects_and_is_audited(register: Register) -> None:
    make_member(register)
    make_member(register, "m2")
    with register.session() as session:
        session.create_subject(APP, "g1", kind="guest", collection_point="guest_visit", values={})
        session.erase(SYSTEM, "m2")
        assert session.subject_ids(APP, "service") == ["g1", "m1"]
        assert session.subject_ids(APP, "service", ["member"]) == ["m1"]
    with register.engine.connect() as connection:
        listed = register.audit.query(connection, actor_id=APP.id, limit=1000)
    assert [event.action for event in listed].count("list") == 2


def test_a_person_cannot_list_the_register(register: Register) -> None:
    with pytest.raises(AccessDeniedError) as refused, register.session() as session:
        session.subject_ids(Actor.subject("m1"), "service")
    assert refused.value.rule == "list"
