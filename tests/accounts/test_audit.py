"""Account changes and sign-ins are audited, under who did them, and no secret, password or
e-mail address ever reaches the log."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mamori.accounts import (
    create_api_key,
    issue_sign_in_link,
    open_session,
    redeem_sign_in_link,
    revoke_api_key,
    set_staff_password,
    sign_in_subject,
    verify_staff_password,
)
from mamori.errors import AccessDeniedError
from mamori.register import Register
from tests.accounts.conftest import (
    CLIENT,
    M1_EMAIL,
    M1_PASSWORD,
    MANAGER,
    NOW,
    STAFF_PASSWORD,
    events,
    sent_links,
)
from tests.registers import FAST_PASSWORDS

NEW_PASSWORD = "another staff password"


def test_no_secret_reaches_the_audit_log(staffed: Register) -> None:
    secrets: list[str] = [STAFF_PASSWORD, NEW_PASSWORD, M1_PASSWORD, M1_EMAIL, CLIENT]
    with staffed.session() as session:
        key, api_key = create_api_key(session, MANAGER, "helper", label="ci", now=NOW)
        set_staff_password(
            session, MANAGER, "helper", NEW_PASSWORD, now=NOW, passwords=FAST_PASSWORDS
        )
        _, cookie = open_session(session.connection, kind="staff", principal_id="helper", now=NOW)
        revoke_api_key(session, MANAGER, key.id, now=NOW)
    secrets += [api_key, api_key.split("_", 2)[2], cookie]
    verify_staff_password(staffed, "helper", NEW_PASSWORD, client=CLIENT, now=NOW)
    with pytest.raises(AccessDeniedError):
        verify_staff_password(staffed, "helper", STAFF_PASSWORD, client=CLIENT, now=NOW)
    with pytest.raises(AccessDeniedError):
        verify_staff_password(staffed, "someone@example.org", "guess", client=CLIENT, now=NOW)
    sign_in_subject(staffed, M1_EMAIL, M1_PASSWORD, client=CLIENT, now=NOW)
    issue_sign_in_link(
        staffed, M1_EMAIL, client=CLIENT, base_url="https://club.example.org/link", now=NOW
    )
    ((_, link_token),) = sent_links(staffed)
    redeem_sign_in_link(staffed, link_token, now=NOW + timedelta(minutes=1))
    secrets += [link_token, "someone@example.org"]

    logged = events(staffed)
    text = repr([event.__dict__ if hasattr(event, "__dict__") else event for event in logged])
    assert [secret for secret in secrets if secret in text] == []
    actions = {event.action for event in logged}
    assert {
        "staff.create",
        "staff.password",
        "api_key.create",
        "api_key.revoke",
        "staff.sign_in",
        "subject.sign_in",
        "subject.sign_in_link",
    } <= actions


def test_a_refused_sign_in_names_the_account_but_not_as_its_actor(staffed: Register) -> None:
    with pytest.raises(AccessDeniedError):
        verify_staff_password(staffed, "helper", "not the password", client=CLIENT, now=NOW)
    event = events(staffed, "staff.sign_in")[-1]
    assert (event.actor_kind, event.request_id, event.outcome, event.rule) == (
        "system",
        "helper",
        "refused",
        "bad_credentials",
    )
