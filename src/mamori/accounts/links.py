"""Signing in by a link sent to the person's e-mail address.

`issue_sign_in_link` finds the person by the address typed; if there is one, it stores the
SHA-256 of a one-time token and queues a `sign_in_link` message carrying the link (the outbox
reads the address through the register when it sends it). For an unknown address it does
nothing visible, so that the answer never tells whether someone has an account; every request
still counts towards the throttling. `redeem_sign_in_link` gives the subject id once.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update

from mamori.accounts._common import digest, moment, stored_moment
from mamori.accounts._persons import SIGN_IN, SYSTEM, find_person, identifier_item, lookup_purpose
from mamori.accounts._tables import sign_in_links
from mamori.accounts.sign_in import run_attempt
from mamori.accounts.throttle import TooManyAttemptsError, check, keys_for, record_failure
from mamori.errors import AccessDeniedError, NotFoundError, ValidationError
from mamori.notify import LOCALES, enqueue
from mamori.register import Actor, Register, RegisterSession

__all__ = ["LINK_MESSAGE", "issue_sign_in_link", "redeem_sign_in_link"]

LINK_MESSAGE = "sign_in_link"
"""The outbox message kind; its params are `link` and `minutes`."""


def issue_sign_in_link(
    register: Register,
    identifier: str,
    *,
    client: str,
    base_url: str,
    now: datetime,
    lifetime: timedelta = timedelta(minutes=15),
    locale: str | None = None,
) -> None:
    """Queue a one-time sign-in link to the person with this e-mail address, if there is one.

    The link is `base_url` with `token=<token>` added to its query (`...?token=` or `&token=`).
    `locale` is the message's language (default: the policy's default locale when Mamori has
    texts in it, else en). Each request counts as an attempt for the address and the client:
    too many raise TooManyAttemptsError, whether the address is known or not. Runs in a
    transaction of its own."""
    at = moment(now)
    policy = register.policy
    lookup_purpose(policy, identifier_item(policy, email_only=True))
    if not isinstance(base_url, str) or not base_url.startswith(("https://", "http://")):
        raise ValidationError(
            "base_url is the portal's address that redeems links, https://...", field="base_url"
        )
    if lifetime <= timedelta(0):
        raise ValidationError("a sign-in link's lifetime is positive", field="lifetime")
    language = locale or (policy.default_locale if policy.default_locale in LOCALES else "en")
    if language not in LOCALES:
        raise ValidationError(f"use a locale among {', '.join(LOCALES)}", field="locale")
    tried = identifier if isinstance(identifier, str) else ""
    principal, client_key = keys_for(register.indexer, "link", tried, client, email=True)

    def attempt(session: RegisterSession) -> bool | AccessDeniedError:
        connection = session.connection
        try:
            check(connection, principal, client_key, now=at)
        except TooManyAttemptsError as error:
            session.record_event(
                SYSTEM, "subject.sign_in_link", SIGN_IN, None, allowed=False, rule=error.rule
            )
            return error
        record_failure(connection, [principal, client_key], now=at)
        subject_id = find_person(session, identifier, email_only=True)
        if subject_id is None:
            session.record_event(
                SYSTEM, "subject.sign_in_link", SIGN_IN, None, rule="unknown_identifier"
            )
            return False
        token = secrets.token_urlsafe(32)
        connection.execute(
            insert(sign_in_links).values(
                token_hash=digest(token),
                subject_id=subject_id,
                created_at=at,
                expires_at=at + lifetime,
            )
        )
        separator = "&" if "?" in base_url else "?"
        minutes = max(1, int(lifetime.total_seconds() // 60))
        enqueue(
            session,
            SYSTEM,
            subject_id,
            LINK_MESSAGE,
            locale=language,
            params={"link": f"{base_url}{separator}token={token}", "minutes": str(minutes)},
            at=at,
        )
        session.record_event(SYSTEM, "subject.sign_in_link", SIGN_IN, subject_id, rule="sent")
        return True

    run_attempt(register, attempt)


def redeem_sign_in_link(register: Register, token: str, *, now: datetime) -> str:
    """The subject id the link was sent to; the link is used up. An unknown, used or expired
    link raises AccessDeniedError(rule="link_expired"). Runs in a transaction of its own."""
    at = moment(now)

    def attempt(session: RegisterSession) -> str | AccessDeniedError:
        connection = session.connection
        row = None
        if isinstance(token, str) and 0 < len(token) <= 256:
            row = connection.execute(
                select(sign_in_links).where(sign_in_links.c.token_hash == digest(token))
            ).first()
        refused = AccessDeniedError(
            "the sign-in link has expired or was used already; ask for a new one",
            rule="link_expired",
        )
        subject_id: str | None = None if row is None else str(row.subject_id)
        live = row is not None and row.used_at is None and at < stored_moment(row.expires_at)
        if live and row is not None:
            # Only one of two concurrent redemptions marks it used.
            used = connection.execute(
                update(sign_in_links)
                .where(
                    sign_in_links.c.token_hash == row.token_hash, sign_in_links.c.used_at.is_(None)
                )
                .values(used_at=at)
            )
            live = used.rowcount == 1
        if live and subject_id is not None:
            try:
                session.require_subject(SYSTEM, "subject.sign_in", SIGN_IN, subject_id)
            except NotFoundError:
                live = False
        if not live or subject_id is None:
            session.record_event(
                SYSTEM, "subject.sign_in", SIGN_IN, subject_id, allowed=False, rule="link_expired"
            )
            return refused
        session.record_event(
            Actor.subject(subject_id), "subject.sign_in", SIGN_IN, subject_id, rule="sign_in_link"
        )
        return subject_id

    return run_attempt(register, attempt)
