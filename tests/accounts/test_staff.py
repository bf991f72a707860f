"""Staff accounts: created with policy roles by those allowed to, hashed passwords, roles
changed, disabled and enabled again; every change audited."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mamori.accounts import (
    authenticate_api_key,
    create_api_key,
    create_staff,
    disable_staff,
    enable_staff,
    get_staff,
    list_staff,
    open_session,
    resolve_session,
    set_staff_password,
    set_staff_roles,
    verify_staff_password,
)
from mamori.errors import AccessDeniedError, ConflictError, NotFoundError, ValidationError
from mamori.register import Actor, Register
from tests.accounts.conftest import (
    MANAGER,
    NOW,
    STAFF_PASSWORD,
    SUPPORT,
    SYSTEM,
    database_text,
    events,
)
from tests.registers import FAST_PASSWORDS


def test_a_manager_creates_an_account_that_acts_with_its_roles(staffed: Register) -> None:
    with staffed.session() as session:
        account = create_staff(
            session, MANAGER, staff_id="st-7", roles=["support", "auditor"], now=NOW
        )
    assert account.actor() == Actor.staff("st-7", "auditor", "support")
    assert not account.disabled
    assert not account.has_password
    with staffed.engine.connect() as connection:
        assert get_staff(connection, "st-7") == account
        assert [found.id for found in list_staff(connection)] == ["boss", "helper", "st-7"]


def test_a_community_account_acts_as_the_admin_of_its_community(staffed: Register) -> None:
    with staffed.session() as session:
        account = create_staff(
            session, SYSTEM, staff_id="m9", roles=["circle_admin"], community="tennis", now=NOW
        )
    assert account.actor() == Actor.community_admin("m9", "tennis", "circle_admin")


def test_staff_without_staff_manage_may_not_create_accounts(staffed: Register) -> None:
    with pytest.raises(AccessDeniedError) as refused, staffed.session() as session:
        create_staff(session, SUPPORT, staff_id="st-8", roles=["support"], now=NOW)
    assert refused.value.rule == "staff_manage"
    (event,) = events(staffed, "staff.create")[-1:]
    assert (event.actor_id, event.outcome, event.rule) == ("helper", "refused", "staff_manage")
    with staffed.engine.connect() as connection, pytest.raises(NotFoundError):
        get_staff(connection, "st-8")


@pytest.mark.parametrize(
    ("roles", "community", "field", "says"),
    [
        (["janitor"], None, "roles", "declares no role 'janitor'"),
        (["application"], None, "roles", "add staff to its actor_kinds"),
        (["circle_admin"], None, "community", "community_scoped"),
        (["support"], "tennis", "roles", "add community_admin to its actor_kinds"),
        ([], None, "roles", "at least one role"),
    ],
)
def test_roles_must_be_policy_roles_the_account_may_hold(
    staffed: Register, roles: list[str], community: str | None, field: str, says: str
) -> None:
    with pytest.raises(ValidationError) as invalid, staffed.session() as session:
        create_staff(session, MANAGER, staff_id="st-9", roles=roles, community=community, now=NOW)
    assert invalid.value.field == field
    assert says in invalid.value.message


def test_a_staff_id_is_an_opaque_id_not_an_address(staffed: Register) -> None:
    with pytest.raises(ValidationError) as invalid, staffed.session() as session:
        create_staff(session, MANAGER, staff_id="ann@example.org", roles=["support"], now=NOW)
    assert invalid.value.field == "staff_id"
    assert "ann@example.org" not in invalid.value.message


def test_an_id_is_taken_once(staffed: Register) -> None:
    with pytest.raises(ConflictError), staffed.session() as session:
        create_staff(session, MANAGER, staff_id="helper", roles=["support"], now=NOW)


def test_a_staff_password_has_at_least_twelve_characters(staffed: Register) -> None:
    with pytest.raises(ValidationError) as short, staffed.session() as session:
        create_staff(
            session, MANAGER, staff_id="st-9", roles=["support"], password="eleven char", now=NOW
        )
    assert short.value.field == "password"


def test_the_password_is_stored_only_as_an_argon2id_hash(staffed: Register) -> None:
    stored = database_text(staffed)
    assert STAFF_PASSWORD not in stored
    assert "$argon2id$" in stored


def test_roles_are_replaced(staffed: Register) -> None:
    with staffed.session() as session:
        account = set_staff_roles(session, MANAGER, "helper", ["auditor"], now=NOW)
    assert account.roles == {"auditor"}
    assert events(staffed, "staff.roles")[-1].actor_id == "boss"


def test_a_staff_member_sets_their_own_password_but_not_anothers(staffed: Register) -> None:
    with staffed.session() as session:
        set_staff_password(
            session, SUPPORT, "helper", "a new password!", now=NOW, passwords=FAST_PASSWORDS
        )
    assert events(staffed, "staff.password")[-1].rule == "self"
    with pytest.raises(AccessDeniedError), staffed.session() as session:
        set_staff_password(session, SUPPORT, "boss", "a new password!", now=NOW)


def test_a_password_change_closes_the_accounts_sessions(staffed: Register) -> None:
    with staffed.session() as session:
        _, token = open_session(session.connection, kind="staff", principal_id="helper", now=NOW)
        set_staff_password(
            session, MANAGER, "helper", "a new password!", now=NOW, passwords=FAST_PASSWORDS
        )
    with staffed.engine.begin() as connection, pytest.raises(AccessDeniedError):
        resolve_session(connection, token, now=NOW + timedelta(minutes=1))


def test_disabling_revokes_the_keys_and_closes_the_sessions(staffed: Register) -> None:
    with staffed.session() as session:
        _, key = create_api_key(session, MANAGER, "helper", label="ci", now=NOW)
        _, token = open_session(session.connection, kind="staff", principal_id="helper", now=NOW)
        disable_staff(session, MANAGER, "helper", now=NOW)
    later = NOW + timedelta(minutes=1)
    with staffed.engine.begin() as connection:
        assert get_staff(connection, "helper").disabled
        with pytest.raises(AccessDeniedError) as refused:
            authenticate_api_key(connection, key, now=later)
        assert refused.value.rule == "bad_credentials"
        with pytest.raises(AccessDeniedError):
            resolve_session(connection, token, now=later)
    (event,) = events(staffed, "staff.disable")
    assert (event.actor_id, event.request_id, event.outcome) == ("boss", "helper", "allowed")


def test_an_enabled_account_signs_in_again_but_its_old_keys_stay_revoked(
    staffed: Register,
) -> None:
    with staffed.session() as session:
        _, old_key = create_api_key(session, MANAGER, "helper", label="ci", now=NOW)
        disable_staff(session, MANAGER, "helper", now=NOW)
    later = NOW + timedelta(minutes=1)
    with staffed.session() as session:
        account = enable_staff(session, MANAGER, "helper", now=later)
        _, new_key = create_api_key(session, MANAGER, "helper", label="ci", now=later)
    assert not account.disabled
    assert (
        verify_staff_password(staffed, "helper", STAFF_PASSWORD, client="127.0.0.1", now=later)
        == account
    )
    with staffed.engine.begin() as connection:
        assert authenticate_api_key(connection, new_key, now=later) == account
        with pytest.raises(AccessDeniedError) as refused:
            authenticate_api_key(connection, old_key, now=later)
    assert refused.value.rule == "bad_credentials"
    (event,) = events(staffed, "staff.enable")
    assert (event.actor_id, event.request_id, event.outcome) == ("boss", "helper", "allowed")


def test_staff_without_staff_manage_may_not_enable_an_account(staffed: Register) -> None:
    with staffed.session() as session:
        disable_staff(session, MANAGER, "boss", now=NOW)
    with pytest.raises(AccessDeniedError) as refused, staffed.session() as session:
        enable_staff(session, SUPPORT, "boss", now=NOW)
    assert refused.value.rule == "staff_manage"
    with staffed.engine.connect() as connection:
        assert get_staff(connection, "boss").disabled


def test_an_unknown_account_is_not_found(staffed: Register) -> None:
    with pytest.raises(NotFoundError) as missing, staffed.session() as session:
        disable_staff(session, MANAGER, "nobody", now=NOW)
    assert missing.value.rule == "staff_unknown"


def test_a_naive_time_is_refused(staffed: Register) -> None:
    with pytest.raises(ValidationError) as invalid, staffed.session() as session:
        disable_staff(session, MANAGER, "helper", now=NOW.replace(tzinfo=None))
    assert invalid.value.field == "now"
