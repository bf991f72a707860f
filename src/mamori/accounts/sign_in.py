"""Signing in with a password: staff with their account id, persons with their e-mail address.

Each attempt runs in a transaction of its own on the register: a refused attempt must be
counted (throttling) and audited even though it raises, and a caller's transaction that rolls
back on the error would otherwise undo the count. Open the session afterwards
(`open_session`). An unknown id and a wrong password give the same error, after the same
argon2 work.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from mamori.accounts._common import is_id, moment
from mamori.accounts._persons import (
    MAX_SECRET,
    SIGN_IN,
    SYSTEM,
    equal_time_verify,
    find_person,
    identifier_item,
    lookup_purpose,
    password_item,
)
from mamori.accounts.staff import StaffAccount, password_hash, store_rehash
from mamori.accounts.throttle import TooManyAttemptsError, check, clear, keys_for, record_failure
from mamori.errors import AccessDeniedError, NotFoundError
from mamori.register import Actor, Register, RegisterSession

__all__ = ["bad_credentials", "sign_in_subject", "verify_staff_password"]

T = TypeVar("T")


def bad_credentials() -> AccessDeniedError:
    """The one refusal for an unknown id, a wrong password or a disabled account."""
    return AccessDeniedError(
        "sign-in refused: the id or the password is wrong; check both and try again",
        rule="bad_credentials",
    )


def verify_staff_password(
    register: Register, staff_id: str, password: str, *, client: str, now: datetime
) -> StaffAccount:
    """The enabled staff account whose password this is. Throttled: TooManyAttemptsError
    (rule too_many_attempts, `retry_after`) before any check when there were too many
    failures; AccessDeniedError(rule="bad_credentials") for an unknown or disabled account or
    a wrong password, alike."""
    at = moment(now)
    tried = staff_id if isinstance(staff_id, str) else ""
    principal, client_key = keys_for(register.indexer, "staff", tried, client)

    def attempt(session: RegisterSession) -> StaffAccount | AccessDeniedError:
        connection = session.connection
        found = password_hash(connection, staff_id) if is_id(staff_id) else None
        known = found[0].id if found is not None else None
        try:
            check(connection, principal, client_key, now=at)
        except TooManyAttemptsError as error:
            _refused(session, "staff.sign_in", None, known, error.rule)
            return error
        stored = found[1] if found is not None else None
        hasher = register.passwords
        if stored is None or not isinstance(password, str) or len(password) > MAX_SECRET:
            equal_time_verify(hasher, password)
            matches = False
        else:
            matches = hasher.verify(stored, password)
        if found is None or not matches or found[0].disabled:
            record_failure(connection, [principal, client_key], now=at)
            _refused(session, "staff.sign_in", None, known, "bad_credentials")
            return bad_credentials()
        account = found[0]
        if stored is not None and hasher.needs_rehash(stored):
            store_rehash(connection, account.id, hasher.hash(password))
        clear(connection, principal)
        session.record_event(account.actor(), "staff.sign_in", SIGN_IN, None, rule="password")
        return account

    return run_attempt(register, attempt)


def sign_in_subject(
    register: Register, identifier: str, password: str, *, client: str, now: datetime
) -> str:
    """The subject id of the registered person whose e-mail address (`identifier`, the policy's
    searchable item of type email) and password these are. Throttled as staff sign-in; an
    unknown address and a wrong password give the same AccessDeniedError(rule=
    "bad_credentials"). The person is found with `session.find` as the system, under the first
    declared purpose that lists the e-mail item (both audited by the register)."""
    at = moment(now)
    policy = register.policy
    item = identifier_item(policy)
    lookup_purpose(policy, item)  # a policy that cannot: said before trying
    secret_item = password_item(policy)
    tried = identifier if isinstance(identifier, str) else ""
    principal, client_key = keys_for(
        register.indexer, "subject", tried, client, email=policy.items[item].type == "email"
    )

    def attempt(session: RegisterSession) -> str | AccessDeniedError:
        connection = session.connection
        try:
            check(connection, principal, client_key, now=at)
        except TooManyAttemptsError as error:
            _refused(session, "subject.sign_in", None, None, error.rule)
            return error
        subject_id = find_person(session, identifier)
        matches = False
        if subject_id is None or not isinstance(password, str) or len(password) > MAX_SECRET:
            equal_time_verify(register.passwords, password)
        else:
            try:
                matches = session.verify_password(SYSTEM, subject_id, secret_item, password)
            except NotFoundError:
                matches = False
        if subject_id is None or not matches:
            record_failure(connection, [principal, client_key], now=at)
            _refused(session, "subject.sign_in", subject_id, None, "bad_credentials")
            return bad_credentials()
        clear(connection, principal)
        session.record_event(
            Actor.subject(subject_id), "subject.sign_in", SIGN_IN, subject_id, rule="password"
        )
        return subject_id

    return run_attempt(register, attempt)


def run_attempt(
    register: Register, attempt: Callable[[RegisterSession], T | AccessDeniedError]
) -> T:
    """Run `attempt` in a transaction of its own and commit what it recorded, then raise the
    refusal it returned, if any."""
    with register.session() as session:
        outcome = attempt(session)
    if isinstance(outcome, AccessDeniedError):
        raise outcome
    return outcome


def _refused(
    session: RegisterSession,
    action: str,
    subject_id: str | None,
    account_id: str | None,
    rule: str,
) -> None:
    # Who tried is not known: the system records it, naming the account when there is one.
    session.record_event(
        SYSTEM, action, SIGN_IN, subject_id, allowed=False, rule=rule, request_id=account_id
    )
