"""Enqueue messages to the people whose data it is, and deliver them.

`enqueue` stores the kind, the locale and the template's parameters (ids, amounts, a refusal's
reason; a sign-in link sealed under the keyring): never the address, which `deliver` reads
through the register (audited, purpose-bound) at the moment of sending. A message whose person
may not be read (erased, suspended, refused) is marked undeliverable with the register's rule;
a transport failure is retried with an exponential backoff, then given up.
"""

from __future__ import annotations

import base64
import json
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, select, update

from mamori.crypto import KeyWrapper, Personal, ValueCipher, WrappedKey, new_data_key
from mamori.errors import AccessDeniedError, NotFoundError, ValidationError
from mamori.notify._tables import outbox
from mamori.notify._templates import KINDS, LOCALES, render
from mamori.notify.transports import Transport
from mamori.register import INCIDENT, REQUEST, SIGN_IN, Actor, Register, RegisterSession

__all__ = [
    "MAX_ATTEMPTS",
    "STATES",
    "DeliveryReport",
    "OutboxEntry",
    "deliver",
    "enqueue",
    "messages",
    "retry_delay",
]

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
"""A message whose transport failed this many times is given up (state "failed")."""

_EMPTY: Mapping[str, str] = {}

# Parameters that grant something (a sign-in link): sealed while they wait, so that a copy of
# the database alone does not yield them, and dropped once the message is sent or given up.
_SECRET: Mapping[str, frozenset[str]] = {"sign_in_link": frozenset({"link"})}
_SEALED = "sealed:"

# Messages the person is owed whatever they suspended, by kind: the register's purpose their
# address is read for, and the parameter naming what they are about. (A message naming the
# person's request is owed too: any kind whose parameters hold `request_id`.)
_OWED: Mapping[str, tuple[str, str | None]] = {
    "sign_in_link": (SIGN_IN, None),
    "incident": (INCIDENT, "incident_id"),
}

STATES = ("pending", "delivered", "failed", "undeliverable")
"""What becomes of a message: waiting (or retrying), sent, given up, or not to be sent."""


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failure: 1, 5, 25, 125 minutes..."""
    return timedelta(minutes=5 ** (attempts - 1))


def _utc(moment: datetime | None) -> datetime:
    if moment is None:
        return datetime.now(UTC)
    if moment.tzinfo is None:
        # SQLite gives back naive datetimes; every moment stored here is UTC.
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _check(kind: str, locale: str, params: Mapping[str, str]) -> None:
    if kind not in KINDS:
        raise ValidationError(
            f"unknown message kind {kind!r}; use one of {', '.join(KINDS)}", field="kind"
        )
    if locale not in LOCALES:
        raise ValidationError(
            f"no message texts in locale {locale!r}; use one of {', '.join(LOCALES)}",
            field="locale",
        )
    wanted = KINDS[kind]
    for key in params:
        if key not in wanted:
            raise ValidationError(
                f"a {kind} message takes no parameter {key!r}; it takes {', '.join(wanted)}",
                field=f"params.{key}",
            )
        if not isinstance(params[key], str):
            raise ValidationError(f"parameter {key} must be a string", field=f"params.{key}")
    for key in wanted:
        if key not in params:
            raise ValidationError(
                f"a {kind} message needs the parameter {key!r}", field=f"params.{key}"
            )


def enqueue(
    session: RegisterSession,
    actor: Actor,
    subject_id: str,
    kind: str,
    *,
    locale: str,
    params: Mapping[str, str] = _EMPTY,
    at: datetime | None = None,
) -> str:
    """Queue a message of `kind` to `subject_id` in `locale`, due at `at` (now by default);
    returns its id. The subject must exist and not be erased."""
    _check(kind, locale, params)
    session.require_subject(actor, "notify.enqueue", "notify", subject_id)
    moment = _utc(at)
    message_id = uuid.uuid4().hex
    stored = {
        name: _seal(session.key_wrapper, message_id, name, value)
        if name in _SECRET.get(kind, ())
        else value
        for name, value in params.items()
    }
    session.connection.execute(
        outbox.insert().values(
            id=message_id,
            subject_id=subject_id,
            kind=kind,
            locale=locale,
            params=json.dumps(stored, ensure_ascii=False, sort_keys=True),
            state="pending",
            attempts=0,
            created_at=moment,
            next_attempt_at=moment,
        )
    )
    session.record_event(
        actor, "notify.enqueue", "notify", subject_id, rule=kind, request_id=message_id
    )
    return message_id


@dataclass(frozen=True)
class DeliveryReport:
    """The ids of the messages one `deliver` call handled, by what became of them."""

    delivered: tuple[str, ...] = ()
    retrying: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    undeliverable: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Message:
    id: str
    to: str
    subject: str
    body: str
    locale: str


@dataclass
class _Tally:
    outcomes: dict[str, list[str]] = field(
        default_factory=lambda: {
            "delivered": [],
            "retrying": [],
            "failed": [],
            "undeliverable": [],
        }
    )

    def report(self) -> DeliveryReport:
        return DeliveryReport(**{name: tuple(ids) for name, ids in self.outcomes.items()})


def deliver(
    register: Register,
    transport: Transport,
    actor: Actor,
    *,
    address_item: str,
    purpose: str,
    limit: int = 100,
    now: datetime | None = None,
) -> DeliveryReport:
    """Send up to `limit` due messages, one transaction each. The address (`address_item`) is
    read for `purpose` through the register, which audits the read; a message the person is
    owed is read as the register allows for it whatever they suspended: about their request
    for purpose `request`, naming it (`actor` must be allowed to handle requests), a sign-in
    link for `sign_in` and an incident notice for `incident` (only the system may). A message
    is sent at least once: if its transaction fails after the transport accepted it, it is sent
    again later."""
    moment = _utc(now)
    with register.engine.connect() as connection:
        due = list(
            connection.execute(
                select(outbox.c.id)
                .where(outbox.c.state == "pending", outbox.c.next_attempt_at <= moment)
                .order_by(outbox.c.next_attempt_at, outbox.c.id)
                .limit(limit)
            ).scalars()
        )
    tally = _Tally()
    for message_id in due:
        with register.session() as session:
            outcome = _deliver_one(
                session, transport, actor, message_id, address_item, purpose, moment
            )
        if outcome is not None:
            tally.outcomes[outcome].append(message_id)
    return tally.report()


def _deliver_one(
    session: RegisterSession,
    transport: Transport,
    actor: Actor,
    message_id: str,
    address_item: str,
    purpose: str,
    moment: datetime,
) -> str | None:
    connection = session.connection
    # Locked so that two deliverers never send the same message; SQLite ignores the lock and
    # relies on its single writer.
    row = connection.execute(
        select(outbox)
        .where(outbox.c.id == message_id, outbox.c.state == "pending")
        .with_for_update(skip_locked=True)
    ).first()
    if row is None:
        return None
    changes: dict[str, object]
    params = json.loads(row.params)
    purpose, request_id = _read_for(row.kind, params, purpose)
    rule = _refusal(session, actor, row.subject_id, purpose, address_item, request_id)
    if isinstance(rule, str):
        changes = {"state": "undeliverable", "rule": rule}
        outcome = "undeliverable"
    else:
        secret = _SECRET.get(row.kind, frozenset())
        shown = {
            name: _unseal(session.key_wrapper, row.id, name, value) if name in secret else value
            for name, value in params.items()
        }
        subject, body = render(row.kind, row.locale, shown)
        try:
            transport.send(_Message(row.id, rule.reveal(), subject, body, row.locale))
        except OSError as error:
            attempts = row.attempts + 1
            gave_up = attempts >= MAX_ATTEMPTS
            # The error's class only: its text may echo the address.
            log.warning("notify %s: attempt %d failed (%s)", row.id, attempts, type(error).__name__)
            changes = {
                "attempts": attempts,
                "rule": type(error).__name__[:64],
                "state": "failed" if gave_up else "pending",
                "next_attempt_at": moment + retry_delay(attempts),
            }
            outcome = "failed" if gave_up else "retrying"
        else:
            changes = {"state": "delivered", "delivered_at": moment, "rule": None}
            changes["attempts"] = row.attempts + 1
            outcome = "delivered"
    if outcome != "retrying" and row.kind in _SECRET:
        kept = {name: value for name, value in params.items() if name not in _SECRET[row.kind]}
        changes["params"] = json.dumps(kept, ensure_ascii=False, sort_keys=True)
    connection.execute(update(outbox).where(outbox.c.id == row.id).values(**changes))
    session.record_event(
        actor,
        "notify.deliver",
        purpose,
        row.subject_id,
        (address_item,),
        allowed=outcome != "undeliverable",
        rule=outcome if outcome != "undeliverable" else str(changes["rule"]),
        request_id=row.id,
    )
    return outcome


def _seal(wrapper: KeyWrapper, message_id: str, name: str, value: str) -> str:
    """`value` encrypted under a data key of its own, which the register's key wrapper (the
    keyring's KEK) wraps; bound to the message and the parameter."""
    data_key = new_data_key()
    sealed = ValueCipher(data_key).encrypt(
        value.encode("utf-8"), subject_id=message_id, item_key=name
    )
    encoded = base64.urlsafe_b64encode(sealed).decode("ascii")
    return f"{_SEALED}{wrapper.wrap(data_key).to_str()}~{encoded}"


def _unseal(wrapper: KeyWrapper, message_id: str, name: str, stored: str) -> str:
    if not stored.startswith(_SEALED):
        return stored  # queued before parameters were sealed
    wrapped, _, encoded = stored.removeprefix(_SEALED).partition("~")
    data_key = wrapper.unwrap(WrappedKey.from_str(wrapped))
    sealed = base64.urlsafe_b64decode(encoded)
    return ValueCipher(data_key).decrypt(sealed, subject_id=message_id, item_key=name).decode()


def _read_for(kind: str, params: Mapping[str, str], purpose: str) -> tuple[str, str | None]:
    """The purpose the address is read for, and the request or record the read names: the
    deliverer's `purpose`, unless the message is owed to the person."""
    request_id = params.get("request_id")
    if request_id is not None:
        return REQUEST, request_id
    if kind in _OWED:
        owed, named_by = _OWED[kind]
        return owed, None if named_by is None else params.get(named_by)
    return purpose, None


def _refusal(
    session: RegisterSession,
    actor: Actor,
    subject_id: str,
    purpose: str,
    address_item: str,
    request_id: str | None,
) -> str | Personal[str]:
    """The person's address, or the rule that keeps it from this message."""
    try:
        found = session.read(actor, subject_id, purpose, [address_item], request_id=request_id)
    except AccessDeniedError as error:
        return error.rule
    except NotFoundError as error:
        return error.rule or "subject_unknown"
    address = found.get(address_item)
    if address is None or not address.reveal():
        return "no_address"
    return address


@dataclass(frozen=True)
class OutboxEntry:
    """One message as the outbox keeps it: ids, kind, state and timing; no text, no address."""

    id: str
    subject_id: str
    kind: str
    locale: str
    state: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None
    """When it is next tried; None once it is no longer pending."""
    delivered_at: datetime | None
    rule: str | None
    """Why it was not delivered: the register's rule or the transport error's class name."""

    def to_dict(self) -> dict[str, object]:
        return {
            name: value.isoformat() if isinstance(value, datetime) else value
            for name, value in self.__dict__.items()
        }


def messages(
    connection: Connection, *, state: str | None = None, limit: int = 100
) -> list[OutboxEntry]:
    """The outbox's messages (in `state` when given), oldest first, up to `limit`."""
    if state is not None and state not in STATES:
        raise ValidationError(f"a message is {', '.join(STATES)}, not {state!r}", field="state")
    if limit < 1:
        raise ValidationError("limit must be at least 1", field="limit")
    query = select(outbox).order_by(outbox.c.created_at, outbox.c.id).limit(limit)
    if state is not None:
        query = query.where(outbox.c.state == state)
    return [
        OutboxEntry(
            id=row.id,
            subject_id=row.subject_id,
            kind=row.kind,
            locale=row.locale,
            state=row.state,
            attempts=row.attempts,
            created_at=_utc(row.created_at),
            next_attempt_at=_utc(row.next_attempt_at) if row.state == "pending" else None,
            delivered_at=None if row.delivered_at is None else _utc(row.delivered_at),
            rule=row.rule,
        )
        for row in connection.execute(query)
    ]
