"""Doing what a request asks, then closing it as fulfilled (docs/rights.md, "Fulfilment").

    done = fulfil_request(session, officer, request.id)                  # disclosure...
    done.package.to_html("ja")                                           # for the answer
    done = fulfil_request(session, officer, correction.id, values={"email": new})
    done.recipients                                                      # to notify (Art. 19)

| kind | what happens |
| --- | --- |
| disclosure, provision_records, purpose_notification | the disclosure package, returned |
| portability | the package and the export of what the person provided (json or csv) |
| correction | the caller's new values written through the register; the recipients of the old |
| deletion | the whole account crypto-shredded (`erase`), or the voluntary items named deleted |
| suspension, stop_provision, objection | `suspend` for the purposes named: enforced at once |

A request that is not in progress, whose fee is unpaid, or that cannot be applied (a
correction without values, a required item to delete) is refused with a clear error, changes
nothing and is audited as refused (action `request.fulfil`). Values pass through; nothing the
person asked for or received is kept in the request tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import Connection

from mamori.errors import MamoriError, ValidationError
from mamori.provision import ProvisionRecord, RecordedRecipient, records_of
from mamori.register import PROVISION_PREFIX, REQUEST, Actor, RegisterSession
from mamori.rights._step import Step
from mamori.rights.disclosure import DisclosurePackage, compile_package, export_provided
from mamori.rights.model import RightsRequest
from mamori.rights.workflow import _ready_to_answer

__all__ = ["FULFILLED_KINDS", "Fulfilment", "correction_recipients", "fulfil_request"]

_PACKAGE_KINDS = frozenset({"disclosure", "provision_records", "purpose_notification"})
_SUSPENDING_KINDS = frozenset({"suspension", "stop_provision", "objection"})
FULFILLED_KINDS: frozenset[str] = frozenset(
    {*_PACKAGE_KINDS, *_SUSPENDING_KINDS, "portability", "correction", "deletion"}
)
"""The request kinds `fulfil_request` applies."""


@dataclass(frozen=True)
class Fulfilment:
    """What was done for a request: the request, now fulfilled, and what the answer needs."""

    request: RightsRequest
    package: DisclosurePackage | None = None
    """For a disclosure, provision records, purpose notification or portability request."""
    export: bytes | None = field(default=None, repr=False)
    """For portability: the data the person provided, in the form they chose."""
    corrected: tuple[str, ...] = ()
    """Item keys corrected."""
    recipients: tuple[RecordedRecipient, ...] = ()
    """For a correction: who received the old values (GDPR Art. 19), to be told."""
    provision_record_ids: tuple[str, ...] = ()
    """The provision records that name those recipients."""
    erased: bool = False
    """The whole account was crypto-shredded."""
    deleted_items: tuple[str, ...] = ()
    suspended: tuple[str, ...] = ()
    """Purposes (`*`, `provision:<key>`, `provision:*`) now stopped for the person."""


def fulfil_request(
    session: RegisterSession,
    actor: Actor,
    request_id: str,
    *,
    values: Mapping[str, object] | None = None,
    locale: str | None = None,
    at: datetime | None = None,
) -> Fulfilment:
    """Apply the request in progress (see the module's table) and close it as fulfilled, by
    staff with `requests.handle` or the system. `values`: a correction's new values, keyed by
    the items the request names; `locale`: the package's language (the policy's default)."""
    step = Step(session, actor, request_id, "fulfil", at)
    _ready_to_answer(step)
    request = step.request
    if request.kind not in FULFILLED_KINDS:
        step.forbid(
            "request_kind",
            ValidationError(
                f"a {request.kind} request cannot be fulfilled automatically; answer it and "
                "close it with fulfil",
                field="kind",
            ),
        )
    if request.kind == "correction":
        _check_correction(step, values)
    elif values is not None:
        step.forbid(
            "request_invalid",
            ValidationError("only a correction request takes values", field="values"),
        )
    try:
        done = _apply(session, actor, request, values or {}, locale)
    except MamoriError as error:
        step.forbid("request_apply", error)
    closed = step.done("fulfilled", {"closed_at": step.at}, detail=request.kind)
    return replace(done, request=closed)


def _apply(
    session: RegisterSession,
    actor: Actor,
    request: RightsRequest,
    values: Mapping[str, object],
    locale: str | None,
) -> Fulfilment:
    subject_id, scope = request.subject_id, request.scope
    if request.kind in _PACKAGE_KINDS or request.kind == "portability":
        items = None
        if request.kind in ("disclosure", "portability") and scope:
            # A password is held only as a hash: there is no value to disclose.
            policy = session.policy
            items = tuple(key for key in scope if policy.items[key].type != "password")
        answering = (actor, request.id)
        package = compile_package(
            session, subject_id, locale=locale, items=items, request=answering
        )
        export = None
        if request.kind == "portability":
            export = export_provided(
                session, subject_id, request.form or "json", items=items, request=answering
            )
        return Fulfilment(request, package=package, export=export)
    if request.kind == "correction":
        session.write(actor, subject_id, REQUEST, values, request_id=request.id)
        corrected = tuple(values)
        records = records_with(session.connection, subject_id, corrected)
        return Fulfilment(
            request,
            corrected=corrected,
            recipients=recipients_of(records),
            provision_record_ids=tuple(record.id for record in records),
        )
    if request.kind == "deletion":
        if not scope:
            session.erase(actor, subject_id)
            return Fulfilment(request, erased=True)
        session.delete_items(actor, subject_id, scope, REQUEST, request_id=request.id)
        return Fulfilment(request, deleted_items=scope)
    purposes = _suspended_purposes(session, request)
    for purpose in purposes:
        if request.kind == "objection":
            session.suspend(actor, subject_id, purpose, kind="objection", reference=request.id)
        else:
            session.suspend(actor, subject_id, purpose, reference=request.id)
    return Fulfilment(request, suspended=purposes)


def _suspended_purposes(session: RegisterSession, request: RightsRequest) -> tuple[str, ...]:
    if request.kind == "stop_provision":
        if not request.scope:
            return (f"{PROVISION_PREFIX}*",)
        return tuple(f"{PROVISION_PREFIX}{key}" for key in request.scope)
    if request.scope:
        return request.scope
    if request.kind == "objection":
        marketing = session.policy.purposes.items()
        return tuple(key for key, purpose in marketing if purpose.direct_marketing)
    return ("*",)


def _check_correction(step: Step, values: Mapping[str, object] | None) -> None:
    scope = step.request.scope
    if not values or not isinstance(values, Mapping):
        step.forbid(
            "request_invalid",
            ValidationError(
                f"give the new values of {', '.join(scope)} (values={{item: value}})",
                field="values",
            ),
        )
    outside = [key for key in values if key not in scope]
    if outside:
        shown = ", ".join(key for key in outside if isinstance(key, str) and key.isidentifier())
        step.forbid(
            "request_scope",
            ValidationError(
                f"the request corrects {', '.join(scope)}; {shown or 'a key'} is outside it: "
                "file a request for it",
                field="values",
            ),
        )
    passwords = [key for key in values if step.session.policy.items[key].type == "password"]
    if passwords:
        step.forbid(
            "request_invalid",
            ValidationError(
                f"{', '.join(passwords)} is a password: the person changes it when signed in",
                field="values",
            ),
        )


def correction_recipients(
    connection: Connection, subject_id: str, corrected: Iterable[str]
) -> tuple[RecordedRecipient, ...]:
    """Who received an old value of the corrected items, to be told of the correction
    (GDPR Art. 19): the recipients of the person's provision records covering those items."""
    return recipients_of(records_with(connection, subject_id, corrected))


def records_with(
    connection: Connection, subject_id: str, items: Iterable[str]
) -> list[ProvisionRecord]:
    wanted = set(items)
    return [record for record in records_of(connection, subject_id) if wanted & set(record.items)]


def recipients_of(records: Sequence[ProvisionRecord]) -> tuple[RecordedRecipient, ...]:
    # A list, not a set: a recipient holds its texts in dicts, so it cannot be hashed.
    recipients: list[RecordedRecipient] = []
    for record in records:
        if record.recipient not in recipients:
            recipients.append(record.recipient)
    return tuple(recipients)
