"""API keys: shown once, stored as a digest, refused once revoked or their account disabled."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest

from mamori.accounts import (
    authenticate_api_key,
    create_api_key,
    disable_staff,
    list_api_keys,
    revoke_api_key,
)
from mamori.errors import AccessDeniedError
from mamori.register import Register
from tests.accounts.conftest import MANAGER, NOW, SUPPORT, database_text, events

LATER = NOW + timedelta(minutes=5)


def _key(register: Register, staff_id: str = "helper") -> str:
    with register.session() as session:
        _, secret = create_api_key(session, MANAGER, staff_id, label="reporting job", now=NOW)
    return secret


def test_a_key_reads_mamori_its_id_and_a_long_random_secret(staffed: Register) -> None:
    with staffed.session() as session:
        key, secret = create_api_key(session, MANAGER, "helper", label="ci", now=NOW)
    match = re.fullmatch(r"mamori_([0-9a-f]{16})_([A-Za-z0-9_\-]{32,})", secret)
    assert match is not None
    assert match.group(1) == key.id


def test_only_a_digest_of_the_secret_is_stored(staffed: Register) -> None:
    secret = _key(staffed)
    random_part = secret.split("_", 2)[2]
    stored = database_text(staffed)
    assert random_part not in stored
    assert hashlib.sha256(random_part.encode()).hexdigest() in stored


def test_a_key_authenticates_its_staff_account(staffed: Register) -> None:
    secret = _key(staffed)
    with staffed.engine.begin() as connection:
        account = authenticate_api_key(connection, secret, now=LATER)
        (listed,) = list_api_keys(connection, "helper")
    assert account.id == "helper"
    assert listed.last_used_at == LATER


def test_through_the_engine_a_key_authenticates_and_its_use_is_kept_once_a_minute(
    staffed: Register,
) -> None:
    secret = _key(staffed)
    assert authenticate_api_key(staffed.engine, secret, now=LATER).id == "helper"
    assert authenticate_api_key(staffed.engine, secret, now=LATER + timedelta(seconds=30))
    with staffed.engine.connect() as connection:
        (listed,) = list_api_keys(connection, "helper")
    assert listed.last_used_at == LATER


def test_through_the_engine_a_revoked_key_is_refused(staffed: Register) -> None:
    secret = _key(staffed)
    with staffed.session() as session:
        revoke_api_key(session, MANAGER, secret.split("_")[1], now=NOW)
    with pytest.raises(AccessDeniedError) as refused:
        authenticate_api_key(staffed.engine, secret, now=LATER)
    assert refused.value.rule == "bad_credentials"


@pytest.mark.parametrize(
    "mangle",
    [
        lambda key: key[:-1] + ("A" if key[-1] != "A" else "B"),
        lambda key: "mamori_0000000000000000_" + key.split("_", 2)[2],
        lambda key: key.replace("mamori_", "other_"),
        lambda key: "",
        lambda key: "mamori_",
    ],
    ids=["wrong secret", "unknown id", "wrong prefix", "empty", "prefix only"],
)
def test_a_wrong_or_malformed_key_is_refused_alike(staffed: Register, mangle: object) -> None:
    secret = _key(staffed)
    with staffed.engine.begin() as connection, pytest.raises(AccessDeniedError) as refused:
        authenticate_api_key(connection, mangle(secret), now=LATER)  # type: ignore[operator]
    assert refused.value.rule == "bad_credentials"
    assert refused.value.message == "the API key is not valid; check it, or ask for a new one"


def test_a_revoked_key_is_refused(staffed: Register) -> None:
    secret = _key(staffed)
    key_id = secret.split("_")[1]
    with staffed.session() as session:
        revoke_api_key(session, SUPPORT, key_id, now=NOW)  # the key's own staff member
    with staffed.engine.begin() as connection, pytest.raises(AccessDeniedError) as refused:
        authenticate_api_key(connection, secret, now=LATER)
    assert refused.value.rule == "bad_credentials"
    assert events(staffed, "api_key.revoke")[-1].rule == "self"


def test_a_key_of_a_disabled_account_is_refused(staffed: Register) -> None:
    secret = _key(staffed)
    with staffed.session() as session:
        disable_staff(session, MANAGER, "helper", now=NOW)
    with staffed.engine.begin() as connection, pytest.raises(AccessDeniedError) as refused:
        authenticate_api_key(connection, secret, now=LATER)
    assert refused.value.rule == "bad_credentials"


def test_staff_may_not_revoke_anothers_key_without_staff_manage(staffed: Register) -> None:
    secret = _key(staffed, "boss")
    with pytest.raises(AccessDeniedError) as refused, staffed.session() as session:
        revoke_api_key(session, SUPPORT, secret.split("_")[1], now=NOW)
    assert refused.value.rule == "staff_manage"


def test_listing_never_shows_a_secret(staffed: Register) -> None:
    secret = _key(staffed)
    with staffed.engine.connect() as connection:
        listed = [key.to_dict() for key in list_api_keys(connection)]
    assert secret.split("_", 2)[2] not in repr(listed)
    assert listed[0]["label"] == "reporting job"
