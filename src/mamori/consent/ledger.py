"""The consent ledger: give, refuse, withdraw; the state now and the full history.

    from mamori.consent import give, withdraw, status

    with register.session() as session:            # the caller owns the transaction
        give(session, Actor.subject("u1"), "u1", ["newsletter"], method="web_form", language="ja")
        withdraw(session, Actor.subject("u1"), "u1", ["newsletter"], method="web_form",
                 language="ja")

Each event keeps the policy version and content hash, how consent was collected, the
jurisdiction, the time and the language of the notice shown; the register's access check reads
the current state in the same transaction, so a withdrawal stops the next read.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Connection, delete, insert, select

from mamori.audit import ID_PATTERN
from mamori.consent._tables import consent_events, consent_renewals, consent_state
from mamori.consent.targets import consent_targets, target_of
from mamori.errors import AccessDeniedError, ValidationError
from mamori.policy import Policy
from mamori.register import Actor, RegisterSession, has_permission

__all__ = [
    "COLLECTION_METHODS",
    "Collected",
    "CollectionMethod",
    "ConsentAnswers",
    "ConsentDecision",
    "ConsentEvent",
    "ConsentLedger",
    "ConsentState",
    "ConsentStatus",
    "give",
    "history",
    "record",
    "refuse",
    "require_renewal",
    "status",
    "withdraw",
]

_ID = re.compile(ID_PATTERN)

CollectionMethod = Literal["web_form", "api", "paper", "imported", "gpc"]
COLLECTION_METHODS: tuple[CollectionMethod, ...] = ("web_form", "api", "paper", "imported", "gpc")
ConsentDecision = Literal["given", "refused", "withdrawn"]
ConsentState = Literal["given", "refused", "withdrawn", "expired", "renewal_required", "not_asked"]


@dataclass(frozen=True)
class ConsentEvent:
    """One entry of the ledger; `id` is also the id of its receipt."""

    id: str
    subject_id: str
    target: str
    decision: ConsentDecision
    recorded_at: datetime
    expires_at: datetime | None
    method: CollectionMethod
    jurisdiction: str
    language: str
    policy_name: str
    policy_version: str
    policy_hash: str
    actor_kind: str
    actor_id: str
    foreign_information: bool = False
    gpc: bool = False
    reference: str | None = None


@dataclass(frozen=True)
class ConsentStatus:
    """Where a person stands on one target now."""

    target: str
    state: ConsentState
    decided_at: datetime | None = None
    expires_at: datetime | None = None
    event_id: str | None = None

    @property
    def allows(self) -> bool:
        return self.state == "given"


@dataclass(frozen=True)
class Collected:
    """How a decision reached the ledger: the form, the notice language shown, and so on."""

    method: CollectionMethod
    language: str
    """The language of the notice the person saw (a locale of the policy)."""
    jurisdiction: str | None = None
    """The policy's first jurisdiction when None."""
    foreign_information: bool = False
    """The APPI Art. 28(2) information on a recipient abroad was shown with the request."""
    gpc: bool = False
    """Recorded from a Global Privacy Control signal."""
    reference: str | None = None
    """The paper form's or the request's own reference (an opaque id)."""
    at: datetime | None = None
    """When the person decided, for an import; now when None."""


def record(
    session: RegisterSession,
    actor: Actor,
    subject_id: str,
    targets: Sequence[str],
    decision: ConsentDecision,
    how: Collected,
) -> list[ConsentEvent]:
    """Record one decision of a person on each of `targets`; one ledger event and one audit
    event each. Nothing is recorded if any part is invalid."""
    policy = session.policy
    action = f"consent.{decision}"
    if isinstance(targets, str):
        targets = [targets]  # one target given bare; a str is a sequence of characters
    declared = [target_of(policy, name, f"targets[{index}]") for index, name in enumerate(targets)]
    if not declared:
        raise ValidationError("name at least one consent target", field="targets")
    _check_collected(policy, how)
    if decision == "given":
        missing = [target.name for target in declared if target.foreign_information]
        if missing and not how.foreign_information:
            raise ValidationError(
                f"{', '.join(missing)} goes to a recipient abroad: show the country, its data "
                "protection regime and the recipient's measures (APPI Art. 28(2)) with the "
                "request, then record foreign_information=true",
                field="foreign_information",
            )
    if not _may_record(policy, actor, subject_id):
        for target in declared:
            session.record_event(
                actor, action, target.name, subject_id, allowed=False, rule="consent_recorder"
            )
        raise AccessDeniedError(
            f"actor {actor.id} may not record consent for another person", rule="consent_recorder"
        )
    session.require_subject(actor, action, declared[0].name, subject_id)
    now = how.at or datetime.now(UTC)
    events = [
        ConsentEvent(
            id=uuid.uuid4().hex,
            subject_id=subject_id,
            target=target.name,
            decision=decision,
            recorded_at=now,
            expires_at=now + target.expiry if decision == "given" and target.expiry else None,
            method=how.method,
            jurisdiction=how.jurisdiction or policy.jurisdictions[0],
            language=how.language,
            policy_name=policy.name,
            policy_version=policy.version,
            policy_hash=policy.content_hash,
            actor_kind=actor.kind,
            actor_id=actor.id,
            foreign_information=how.foreign_information and decision == "given",
            gpc=how.gpc,
            reference=how.reference,
        )
        for target in declared
    ]
    _store(session.connection, subject_id, events)
    for event in events:
        session.record_event(actor, action, event.target, subject_id, rule=f"consent_{how.method}")
    return events


def give(
    session: RegisterSession, actor: Actor, subject_id: str, targets: Sequence[str], how: Collected
) -> list[ConsentEvent]:
    """The person gives consent to `targets`."""
    return record(session, actor, subject_id, targets, "given", how)


def refuse(
    session: RegisterSession, actor: Actor, subject_id: str, targets: Sequence[str], how: Collected
) -> list[ConsentEvent]:
    """The person refuses `targets` when asked (an opt-out provision stops for them)."""
    return record(session, actor, subject_id, targets, "refused", how)


def withdraw(
    session: RegisterSession, actor: Actor, subject_id: str, targets: Sequence[str], how: Collected
) -> list[ConsentEvent]:
    """The person withdraws consent given earlier: as easy as giving it (GDPR Art. 7(3))."""
    return record(session, actor, subject_id, targets, "withdrawn", how)


def _store(connection: Connection, subject_id: str, events: list[ConsentEvent]) -> None:
    connection.execute(insert(consent_events), [_row(event) for event in events])
    connection.execute(
        delete(consent_state).where(
            consent_state.c.subject_id == subject_id,
            consent_state.c.target.in_([event.target for event in events]),
        )
    )
    connection.execute(
        insert(consent_state),
        [
            {
                "subject_id": subject_id,
                "target": event.target,
                "decision": event.decision,
                "decided_at": event.recorded_at,
                "expires_at": event.expires_at,
                "event_id": event.id,
            }
            for event in events
        ],
    )


def status(
    connection: Connection,
    policy: Policy,
    subject_id: str,
    targets: Iterable[str] | None = None,
    *,
    at: datetime | None = None,
) -> list[ConsentStatus]:
    """The person's state on each of `targets` (every target of the policy when None)."""
    names = list(consent_targets(policy) if targets is None else targets)
    answers = ConsentLedger().checker(connection, [subject_id], names, at=at)
    return [answers.status(subject_id, name) for name in names]


def history(
    connection: Connection, subject_id: str, target: str | None = None
) -> list[ConsentEvent]:
    """Every event of the person (on one target when given), oldest first."""
    query = select(consent_events).where(consent_events.c.subject_id == subject_id)
    if target is not None:
        query = query.where(consent_events.c.target == target)
    rows = connection.execute(query.order_by(consent_events.c.recorded_at, consent_events.c.id))
    return [_event(row._mapping) for row in rows]


def require_renewal(
    connection: Connection, targets: Iterable[str], *, since: datetime, policy_version: str
) -> None:
    """Consents to `targets` given before `since` no longer count: a policy change that needs
    consent again (OP-16). They count again once the person gives consent anew."""
    names = sorted(set(targets))
    if not names:
        return
    connection.execute(delete(consent_renewals).where(consent_renewals.c.target.in_(names)))
    connection.execute(
        insert(consent_renewals),
        [{"target": name, "since": since, "policy_version": policy_version} for name in names],
    )


class ConsentAnswers:
    """The ledger's answers for some subjects and targets, loaded at once (one or two
    queries); what the register's access check consults."""

    def __init__(
        self,
        states: dict[tuple[str, str], tuple[str, datetime, datetime | None, str]],
        renewals: dict[str, datetime],
        at: datetime,
    ) -> None:
        self._states = states
        self._renewals = renewals
        self._at = at

    def status(self, subject_id: str, target: str) -> ConsentStatus:
        found = self._states.get((subject_id, target))
        if found is None:
            return ConsentStatus(target, "not_asked")
        decision, decided_at, expires_at, event_id = found
        state: ConsentState = decision  # type: ignore[assignment]
        if decision == "given":
            renewal = self._renewals.get(target)
            if expires_at is not None and _aware(expires_at) <= self._at:
                state = "expired"
            elif renewal is not None and _aware(decided_at) < _aware(renewal):
                state = "renewal_required"
        return ConsentStatus(
            target,
            state,
            _aware(decided_at),
            None if expires_at is None else _aware(expires_at),
            event_id,
        )

    def has_consent(self, subject_id: str, target: str) -> bool:
        return self.status(subject_id, target).state == "given"

    def has_refused(self, subject_id: str, target: str) -> bool:
        return self.status(subject_id, target).state in ("refused", "withdrawn")


class ConsentLedger:
    """The register's source of consent answers (`Register(consent=ConsentLedger())`, the
    default)."""

    def checker(
        self,
        connection: Connection,
        subject_ids: Collection[str],
        targets: Collection[str],
        *,
        at: datetime | None = None,
    ) -> ConsentAnswers:
        names = sorted(set(targets))
        states: dict[tuple[str, str], tuple[str, datetime, datetime | None, str]] = {}
        if names and subject_ids:
            rows = connection.execute(
                select(
                    consent_state.c.subject_id,
                    consent_state.c.target,
                    consent_state.c.decision,
                    consent_state.c.decided_at,
                    consent_state.c.expires_at,
                    consent_state.c.event_id,
                ).where(
                    consent_state.c.subject_id.in_(list(subject_ids)),
                    consent_state.c.target.in_(names),
                )
            )
            states = {(row[0], row[1]): (row[2], row[3], row[4], row[5]) for row in rows}
        renewals: dict[str, datetime] = {}
        if names:
            rows = connection.execute(
                select(consent_renewals.c.target, consent_renewals.c.since).where(
                    consent_renewals.c.target.in_(names)
                )
            )
            renewals = {row.target: row.since for row in rows}
        return ConsentAnswers(states, renewals, at or datetime.now(UTC))


def _may_record(policy: Policy, actor: Actor, subject_id: str) -> bool:
    """The person themself, the service's application (its web forms), the system (imports),
    or staff whose role may record consent (a paper form)."""
    if actor.kind == "subject":
        return actor.id == subject_id
    return actor.kind == "application" or has_permission(policy, actor, "consents.record")


def _check_collected(policy: Policy, how: Collected) -> None:
    if how.method not in COLLECTION_METHODS:
        raise ValidationError(
            f"collection method must be one of {', '.join(COLLECTION_METHODS)}", field="method"
        )
    if how.language not in policy.locales:
        raise ValidationError(
            f"the notice shown must be in one of the policy's languages: "
            f"{', '.join(policy.locales)}",
            field="language",
        )
    if how.jurisdiction is not None and how.jurisdiction not in policy.jurisdictions:
        raise ValidationError(
            f"jurisdiction must be one of the policy's: {', '.join(policy.jurisdictions)}",
            field="jurisdiction",
        )
    if how.reference is not None and not (
        isinstance(how.reference, str) and _ID.fullmatch(how.reference)
    ):
        raise ValidationError(
            "a reference is an opaque id (ASCII letters, digits and _ . : -), never a name",
            field="reference",
        )


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything the ledger stores is UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _row(event: ConsentEvent) -> dict[str, object]:
    return {name: getattr(event, name) for name in ConsentEvent.__dataclass_fields__}


def _event(row: object) -> ConsentEvent:
    values = dict(row)  # type: ignore[call-overload]
    for name in ("recorded_at", "expires_at"):
        if values[name] is not None:
            values[name] = _aware(values[name])
    return ConsentEvent(**values)
