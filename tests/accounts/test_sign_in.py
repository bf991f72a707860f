"""Signing in with a password: staff by account id, persons by e-mail address; the same error
whether the id is unknown or the password wrong; throttled after repeated failures."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from mamori.accounts import (
    TooManyAttemptsError,
    disable_staff,
    sign_in_subject,
    verify_staff_password,
)
from mamori.errors import AccessDeniedError, ConfigError
from mamori.policy import Policy
from mamori.register import Register
from tests.accounts.conftest import (
    CLIENT,
    M1_EMAIL,
    M1_PASSWORD,
    MANAGER,
    NOW,
    STAFF_PASSWORD,
    events,
)
from tests.registers import Registers


def _refusal(attempt: object) -> AccessDeniedError:
    with pytest.raises(AccessDeniedError) as refused:
        attempt()  # type: ignore[operator]
    return refused.value


def _staff(register: Register, staff_id: str, password: str, client: str = CLIENT) -> str:
    return verify_staff_password(register, staff_id, password, client=client, now=NOW).id


def _subject(register: Register, identifier: str, password: str, client: str = CLIENT) -> str:
    return sign_in_subject(register, identifier, password, client=client, now=NOW)


def test_staff_sign_in_with_their_id_and_password(staffed: Register) -> None:
    assert _staff(staffed, "helper", STAFF_PASSWORD) == "helper"
    event = events(staffed, "staff.sign_in")[-1]
    assert (event.actor_id, event.outcome, event.rule) == ("helper", "allowed", "password")


def test_an_unknown_staff_id_and_a_wrong_password_are_refused_alike(staffed: Register) -> None:
    unknown = _refusal(lambda: _staff(staffed, "nobody", STAFF_PASSWORD))
    wrong = _refusal(lambda: _staff(staffed, "helper", "not the password"))
    assert (type(unknown), unknown.to_dict()) == (type(wrong), wrong.to_dict())
    assert wrong.rule == "bad_credentials"


def test_a_disabled_account_is_refused_like_a_wrong_password(staffed: Register) -> None:
    with staffed.session() as session:
        disable_staff(session, MANAGER, "helper", now=NOW)
    disabled = _refusal(lambda: _staff(staffed, "helper", STAFF_PASSWORD))
    wrong = _refusal(lambda: _staff(staffed, "boss", "not the password"))
    assert disabled.to_dict() == wrong.to_dict()


def test_a_person_signs_in_with_their_e_mail_address(club: Register) -> None:
    assert _subject(club, " Hanako@Example.org", M1_PASSWORD) == "m1"
    event = events(club, "subject.sign_in")[-1]
    assert (event.actor_id, event.subject_id, event.outcome) == ("m1", "m1", "allowed")


def test_an_unknown_address_and_a_wrong_password_are_refused_alike(club: Register) -> None:
    unknown = _refusal(lambda: _subject(club, "nobody@example.org", M1_PASSWORD))
    wrong = _refusal(lambda: _subject(club, M1_EMAIL, "not the password"))
    assert (type(unknown), unknown.to_dict()) == (type(wrong), wrong.to_dict())
    assert wrong.rule == "bad_credentials"


def test_an_unregistered_guest_cannot_sign_in(club: Register) -> None:
    refused = _refusal(lambda: _subject(club, "guest@example.org", "any password at all"))
    assert refused.rule == "bad_credentials"


def test_after_five_failures_the_principal_is_refused_before_its_password(
    staffed: Register,
) -> None:
    for _ in range(5):
        _refusal(lambda: _staff(staffed, "helper", "not the password"))
    with pytest.raises(TooManyAttemptsError) as blocked:
        _staff(staffed, "helper", STAFF_PASSWORD)
    assert blocked.value.rule == "too_many_attempts"
    assert 0 < blocked.value.retry_after <= 15 * 60
    assert blocked.value.to_dict()["retry_after"] == blocked.value.retry_after
    assert _staff(staffed, "boss", STAFF_PASSWORD) == "boss"  # another account is not blocked


def test_the_block_lifts_when_the_failures_leave_the_window(staffed: Register) -> None:
    for _ in range(5):
        _refusal(lambda: _staff(staffed, "helper", "not the password"))
    later = NOW + timedelta(minutes=15, seconds=1)
    assert verify_staff_password(staffed, "helper", STAFF_PASSWORD, client=CLIENT, now=later)


def test_a_success_clears_the_principals_failures(club: Register) -> None:
    for _ in range(4):
        _refusal(lambda: _subject(club, M1_EMAIL, "not the password"))
    assert _subject(club, M1_EMAIL, M1_PASSWORD) == "m1"
    for _ in range(4):
        _refusal(lambda: _subject(club, M1_EMAIL, "not the password"))
    assert _subject(club, M1_EMAIL, M1_PASSWORD) == "m1"


def test_an_unknown_address_is_throttled_too(club: Register) -> None:
    for _ in range(5):
        _refusal(lambda: _subject(club, "nobody@example.org", "guess"))
    refused = _refusal(lambda: _subject(club, "nobody@example.org", "guess"))
    assert refused.rule == "too_many_attempts"


def test_one_client_is_refused_after_twenty_failures(club: Register) -> None:
    for number in range(20):
        _refusal(lambda n=number: _subject(club, f"guess{n}@example.org", "guess"))
    refused = _refusal(lambda: _subject(club, M1_EMAIL, M1_PASSWORD))
    assert refused.rule == "too_many_attempts"
    assert _subject(club, M1_EMAIL, M1_PASSWORD, client="198.51.100.4") == "m1"


def test_a_policy_without_a_searchable_e_mail_item_names_the_fix(
    engine: Engine, club_policy: Policy, tmp_path: Path
) -> None:
    email = club_policy.items["email"].model_copy(update={"searchable": False})
    policy = club_policy.model_copy(update={"items": {**club_policy.items, "email": email}})
    registers = Registers(engine, tmp_path)
    try:
        with pytest.raises(ConfigError) as missing:
            sign_in_subject(registers(policy), M1_EMAIL, M1_PASSWORD, client=CLIENT, now=NOW)
    finally:
        registers.close()
    assert "searchable: true" in missing.value.message
