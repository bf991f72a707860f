"""Accounts: who signs in, and how. Staff accounts with policy roles, their API keys, signed-in
sessions for staff and persons, persons' sign-in by password or e-mailed link, throttling of
failed sign-ins (docs/accounts.md).

    from mamori.accounts import create_staff, open_session, verify_staff_password

    with register.session() as session:
        create_staff(session, Actor.system(), staff_id="st-1", roles=["support"],
                     password=password, now=now)
    account = verify_staff_password(register, "st-1", password, client="203.0.113.9", now=now)
    with register.session() as session:
        signed_in, cookie = open_session(session.connection, kind="staff",
                                         principal_id=account.id, now=now)

Secrets (API keys, session tokens, link tokens) are stored only as SHA-256 digests, passwords as
argon2id hashes; audit events name ids, never a secret or an e-mail address.
"""

from mamori.accounts.api_keys import (
    KEY_PREFIX,
    ApiKey,
    authenticate_api_key,
    create_api_key,
    list_api_keys,
    revoke_api_key,
)
from mamori.accounts.links import LINK_MESSAGE, issue_sign_in_link, redeem_sign_in_link
from mamori.accounts.sessions import (
    SessionKind,
    SignedIn,
    close_session,
    close_sessions_of,
    open_session,
    prune_expired,
    resolve_session,
)
from mamori.accounts.sign_in import sign_in_subject, verify_staff_password
from mamori.accounts.signup import sign_up, sign_up_point
from mamori.accounts.staff import (
    MIN_STAFF_PASSWORD,
    StaffAccount,
    create_staff,
    disable_staff,
    enable_staff,
    get_staff,
    list_staff,
    set_staff_password,
    set_staff_roles,
)
from mamori.accounts.throttle import (
    CLIENT_LIMIT,
    PRINCIPAL_LIMIT,
    WINDOW,
    TooManyAttemptsError,
)

__all__ = [
    "CLIENT_LIMIT",
    "KEY_PREFIX",
    "LINK_MESSAGE",
    "MIN_STAFF_PASSWORD",
    "PRINCIPAL_LIMIT",
    "WINDOW",
    "ApiKey",
    "SessionKind",
    "SignedIn",
    "StaffAccount",
    "TooManyAttemptsError",
    "authenticate_api_key",
    "close_session",
    "close_sessions_of",
    "create_api_key",
    "create_staff",
    "disable_staff",
    "enable_staff",
    "get_staff",
    "issue_sign_in_link",
    "list_api_keys",
    "list_staff",
    "open_session",
    "prune_expired",
    "redeem_sign_in_link",
    "resolve_session",
    "revoke_api_key",
    "set_staff_password",
    "set_staff_roles",
    "sign_in_subject",
    "sign_up",
    "sign_up_point",
    "verify_staff_password",
]
