"""The aozora register keeps the seed's promises on profiles, passwords, communities and
reciprocity (SEED-PROMISES.md: AZ-2, AZ-4, AZ-7, AZ-10), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from seed_register import events, revealed, seed_register
from sqlalchemy import text

from mamori.errors import AccessDeniedError, ValidationError
from mamori.register import Actor, Register

APP = Actor.application()
PASSWORD = "correct horse battery staple"
HANAKO = {
    "name": "Hanako Yamada",
    "email": "hanako@example.fr",
    "phone": "+33 6 12 34 56 78",
    "street_address": "10 rue de la Paix, Paris",
    "username": "hanako",
    "password": PASSWORD,
}
PROFILE_ITEMS = {"name", "phone", "street_address", "description"}


@pytest.fixture
def register(database_url: str, tmp_path: Path) -> Iterator[Register]:
    with seed_register("aozora", database_url, tmp_path) as opened:
        yield opened


def register_user(register: Register, user: str, **values: str) -> None:
    given = {**HANAKO, "username": user, **values}
    with register.session() as session:
        session.create_subject(
            APP,
            user,
            kind="user",
            collection_point="registration",
            values={key: value for key, value in given.items() if value},
        )
        session.write(Actor.subject(user), user, "self", {"description": f"I am {user}"})


# -- AZ-2: profile items visible, all voluntary but the name -------------------------------


def test_az2_a_profile_read_by_another_member_returns_only_visible_items(
    register: Register,
) -> None:
    register_user(register, "u1")
    register_user(register, "u2", name="Taro Sato")
    with register.session() as session:
        profile = revealed(session.read(Actor.subject("u2"), "u1", "profile"))
    assert set(profile) == PROFILE_ITEMS
    assert profile["name"] == "Hanako Yamada"
    for private in ("email", "username", "password", "login_count"):
        with pytest.raises(AccessDeniedError) as refused, register.session() as session:
            session.read(Actor.subject("u2"), "u1", "profile", [private])
        assert refused.value.rule == "visibility"


def test_az2_registering_without_a_voluntary_item_works(register: Register) -> None:
    with register.session() as session:
        session.create_subject(
            APP,
            "u1",
            kind="user",
            collection_point="registration",
            values={"name": "Hanako Yamada", "username": "hanako", "password": PASSWORD},
        )
        own = revealed(session.read(Actor.subject("u1"), "u1", "self"))
    assert own == {"name": "Hanako Yamada", "username": "hanako"}


def test_az2_registering_without_the_name_fails_clearly(register: Register) -> None:
    with pytest.raises(ValidationError) as invalid, register.session() as session:
        session.create_subject(
            APP,
            "u1",
            kind="user",
            collection_point="registration",
            values={"username": "hanako", "password": PASSWORD, "phone": "+33 6 12 34 56 78"},
        )
    assert invalid.value.field == "values.name"
    assert invalid.value.message == "name required at 'registration'; give a value"
    assert [(e.action, e.outcome.value) for e in events(register, "u1")] == [("create", "refused")]


# -- AZ-4: the password only as an argon2id hash; login counts per user ----------------------


def test_az4_the_password_is_stored_only_as_an_argon2id_hash(
    register: Register, database_url: str
) -> None:
    register_user(register, "u1")
    with register.engine.connect() as connection:
        stored = connection.execute(
            text("SELECT hash FROM register_credentials WHERE subject_id='u1'")
        ).scalar_one()
        values = connection.execute(
            text("SELECT count(*) FROM register_values WHERE item_key='password'")
        ).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert values == 0
    with register.session() as session:
        assert session.verify_password(APP, "u1", "password", PASSWORD)
        assert not session.verify_password(APP, "u1", "password", "wrong horse battery staple")


def test_az4_the_password_is_never_returned(register: Register) -> None:
    register_user(register, "u1")
    staff = Actor.staff("st-1", "administrator")
    reads = [
        (Actor.subject("u1"), "self"),
        (Actor.subject("u2"), "profile"),
        (APP, "service_provision"),
        (APP, "service_communication"),
        (APP, "user_messaging"),
        (staff, "service_provision"),
    ]
    with register.session() as session:
        for actor, purpose in reads:
            data = revealed(session.read(actor, "u1", purpose))
            assert "password" not in data, purpose
            assert PASSWORD not in data.values(), purpose
        assert session.read(APP, "u1", "service_provision", ["password"]) == {}
    with pytest.raises(AccessDeniedError) as refused, register.session() as session:
        session.read(Actor.subject("u1"), "u1", "self", ["password"])
    assert refused.value.rule == "password_unreadable"


def log_in(register: Register, user: str) -> None:
    """What the application does at each sign-in: check the password, count the login."""
    with register.session() as session:
        assert session.verify_password(APP, user, "password", PASSWORD)
        held = session.read(APP, user, "service_provision", ["login_count"])
        count = int(held["login_count"].reveal()) if "login_count" in held else 0
        session.write(APP, user, "service_provision", {"login_count": count + 1})


def test_az4_login_counts_are_kept_per_user(register: Register) -> None:
    register_user(register, "u1")
    register_user(register, "u2")
    for user in ("u1", "u2", "u1", "u1"):
        log_in(register, user)
    with register.session() as session:
        counts = {
            user: revealed(session.read(APP, user, "service_provision", ["login_count"]))
            for user in ("u1", "u2")
        }
    assert counts == {"u1": {"login_count": "3"}, "u2": {"login_count": "1"}}
    assert [e.rule for e in events(register, "u2") if e.action == "authenticate"] == [
        "password_match"
    ]


# -- AZ-7: community data to the founding client and appointed administrators only -----------

COMMUNITY_ITEMS = {"name", "username", "email"}  # of those held; no phone, no address


@pytest.fixture
def communities(register: Register) -> Register:
    """c1 founded by client f1, with member u1 and appointed admin a1; c2 with member u2."""
    for user in ("u1", "u2", "a1", "f1"):
        register_user(register, user)
    with register.session() as session:
        session.create_community(APP, "c1", founder_id="f1")
        session.create_community(APP, "c2")
        session.join_community(APP, "c1", "u1")
        session.join_community(APP, "c1", "a1", admin=True)
        session.join_community(APP, "c2", "u2")
    return register


def test_az7_an_appointed_admin_reads_members_of_their_own_community(
    communities: Register,
) -> None:
    with communities.session() as session:
        data = session.read(Actor.community_admin("a1", "c1"), "u1", "community_administration")
    assert set(data) == COMMUNITY_ITEMS


def test_az7_the_founding_client_reads_members_of_their_community(communities: Register) -> None:
    with communities.session() as session:
        data = session.read(Actor.community_admin("f1", "c1"), "u1", "community_administration")
    assert set(data) == COMMUNITY_ITEMS


def test_az7_an_admin_does_not_reach_members_of_another_community(
    communities: Register,
) -> None:
    with pytest.raises(AccessDeniedError) as refused, communities.session() as session:
        session.read(Actor.community_admin("a1", "c1"), "u2", "community_administration")
    assert refused.value.rule == "community_scope"
    last = events(communities, "u2")[-1]
    assert (last.actor_id, last.outcome.value, last.rule) == ("a1", "refused", "community_scope")


@pytest.mark.parametrize(
    ("admin", "community", "member"),
    [("a1", "c2", "u2"), ("u1", "c1", "a1")],
    ids=["admin-of-another-community", "plain-member"],
)
def test_az7_an_admin_claiming_a_community_they_do_not_run_is_refused(
    communities: Register, admin: str, community: str, member: str
) -> None:
    actor = Actor.community_admin(admin, community)
    with pytest.raises(AccessDeniedError) as refused, communities.session() as session:
        session.read(actor, member, "community_administration")
    assert refused.value.rule == "community_admin_appointed"


@pytest.mark.parametrize(
    ("purpose", "items", "rule"),
    [
        ("service_provision", None, "role_purpose"),
        ("user_messaging", ["name"], "role_purpose"),
        ("community_administration", ["phone"], "purpose_items"),
        ("community_administration", ["street_address"], "purpose_items"),
    ],
)
def test_az7_an_admin_reads_only_for_the_declared_purpose(
    communities: Register, purpose: str, items: list[str] | None, rule: str
) -> None:
    with pytest.raises(AccessDeniedError) as refused, communities.session() as session:
        session.read(Actor.community_admin("a1", "c1"), "u1", purpose, items)
    assert refused.value.rule == rule


# -- AZ-10: reciprocity; access and correction ----------------------------------------------


def test_az10_a_user_who_hides_an_item_cannot_see_it_on_others_profiles(
    register: Register,
) -> None:
    register_user(register, "u1")
    register_user(register, "u2", name="Taro Sato")
    with register.session() as session:
        session.set_shared(Actor.subject("u1"), "phone", False)
    reader = Actor.subject("u1")
    with register.session() as session:
        assert set(session.read(reader, "u2", "profile")) == PROFILE_ITEMS - {"phone"}
        assert set(session.read(Actor.subject("u2"), "u1", "profile")) == PROFILE_ITEMS - {"phone"}
    with pytest.raises(AccessDeniedError) as refused, register.session() as session:
        session.read(reader, "u2", "profile", ["phone"])
    assert refused.value.rule == "reciprocity"
    with register.session() as session:
        session.set_shared(Actor.subject("u1"), "phone", True)
        assert "phone" in session.read(reader, "u2", "profile")


def test_az10_access_and_correction_work(register: Register) -> None:
    register_user(register, "u1")
    person = Actor.subject("u1")
    with register.session() as session:
        own = revealed(session.read(person, "u1", "self"))
    expected = {key: value for key, value in HANAKO.items() if key != "password"}
    assert own == {**expected, "username": "u1", "description": "I am u1"}
    with register.session() as session:
        session.write(person, "u1", "self", {"street_address": "2 rue Kellermann, Roubaix"})
        corrected = revealed(session.read(person, "u1", "self", ["street_address"]))
    assert corrected == {"street_address": "2 rue Kellermann, Roubaix"}
    assert [(e.action, e.purpose, e.outcome.value) for e in events(register, "u1")][-2:] == [
        ("write", "self", "allowed"),
        ("read", "self", "allowed"),
    ]
